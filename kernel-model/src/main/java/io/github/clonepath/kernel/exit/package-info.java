/**
 * Task exit and reaping: {@code do_exit} releasing the structures in the kernel's order, {@code
 * exit_notify} with reparenting, {@code release_task}, and {@code wait4}/{@code waitid}. Which
 * class mirrors which real file, in reading order:
 *
 * <ol>
 *   <li>{@code KernelExit}: {@code kernel/exit.c} ({@code do_group_exit}, {@code do_exit}, {@code
 *       exit_mm}, {@code exit_notify}, {@code release_task}), with {@code mm_release} of {@code
 *       kernel/fork.c} and {@code zap_pid_ns_processes} of {@code kernel/pid_namespace.c}.
 *   <li>{@code ExitStructs}: the puts of {@code ipc/sem.c} ({@code exit_sem}), {@code fs/file.c}
 *       ({@code exit_files}), {@code fs/fs_struct.c} ({@code exit_fs}) and {@code kernel/nsproxy.c}
 *       ({@code exit_task_namespaces}).
 *   <li>{@code KernelWait} and {@code WaitResult}: {@code do_wait}, {@code eligible_child} and
 *       {@code wait_task_zombie} of {@code kernel/exit.c}.
 * </ol>
 */
@NullMarked
package io.github.clonepath.kernel.exit;

import org.jspecify.annotations.NullMarked;
