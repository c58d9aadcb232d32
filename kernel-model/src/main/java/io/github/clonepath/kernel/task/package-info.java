/**
 * The task and its five shared structures, as plain kernel-internal records of state: {@code
 * task_struct}, {@code fs_struct}, {@code files_struct} with open file descriptions, {@code
 * sighand_struct}, {@code signal_struct}, credentials, pid numbers and namespaces, and the
 * per-machine {@link io.github.clonepath.kernel.task.Kernel} that owns them. Fields mirror the C
 * structures and are public to the kernel's other packages; behaviour (fork, exit, signals, futex)
 * lives in those packages, which read and change these fields as the real functions do.
 */
@NullMarked
package io.github.clonepath.kernel.task;

import org.jspecify.annotations.NullMarked;
