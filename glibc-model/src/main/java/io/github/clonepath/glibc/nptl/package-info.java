/**
 * The NPTL model's internals: the thread descriptor, allocate_stack and the stack cache,
 * create_thread, start_thread and the exit path, join, detach, fork and posix_spawn. Not exported;
 * other layers use {@link io.github.clonepath.glibc.pthread}.
 */
package io.github.clonepath.glibc.nptl;
