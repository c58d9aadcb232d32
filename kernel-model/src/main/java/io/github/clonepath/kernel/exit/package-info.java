/**
 * Task exit and reaping: {@code do_exit} releasing the structures in the kernel's order, {@code
 * exit_notify} with reparenting, {@code release_task}, and {@code wait4}/{@code waitid}. In reading
 * order: {@link io.github.clonepath.kernel.exit.KernelExit} ({@code kernel/exit.c}: {@code
 * do_group_exit}, {@code do_exit}, {@code exit_mm}, {@code exit_notify}, {@code release_task});
 * {@link io.github.clonepath.kernel.exit.ExitStructs} (the puts of {@code ipc/sem.c}, {@code
 * fs/file.c}, {@code fs/fs_struct.c} and {@code kernel/nsproxy.c}); {@link
 * io.github.clonepath.kernel.exit.KernelWait} and {@link
 * io.github.clonepath.kernel.exit.WaitResult} ({@code do_wait} of {@code kernel/exit.c}).
 */
@NullMarked
package io.github.clonepath.kernel.exit;

import org.jspecify.annotations.NullMarked;
