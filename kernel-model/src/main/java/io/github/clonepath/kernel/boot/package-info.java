/**
 * Booting a machine: init (pid 1) and the login shell built as {@code start_kernel} and a shell's
 * fork and exec would leave them, {@link io.github.clonepath.kernel.boot.KernelMachine} (the door's
 * {@link io.github.clonepath.kernel.syscall.Machine}) and its ServiceLoader factory.
 */
@NullMarked
package io.github.clonepath.kernel.boot;

import org.jspecify.annotations.NullMarked;
