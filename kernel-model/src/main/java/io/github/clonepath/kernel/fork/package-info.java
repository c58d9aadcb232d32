/**
 * Task creation: {@code kernel_clone} and {@code copy_process} with its checks and copy steps in
 * the order of {@code kernel/fork.c}. Which class mirrors which real file, in reading order:
 *
 * <ol>
 *   <li>{@code Clone3Args}: clone3's argument copy and checks ({@code copy_clone_args_from_user},
 *       {@code clone3_args_valid}, {@code kernel/fork.c}); {@code KernelCloneArgs}: {@code struct
 *       kernel_clone_args} of {@code include/linux/sched/task.h}.
 *   <li>{@code KernelFork}: {@code kernel_clone}, {@code copy_process} with its {@code bad_fork_*}
 *       unwinding, {@code dup_task_struct} ({@code kernel/fork.c}), {@code copy_thread} of {@code
 *       arch/x86/kernel/process.c}, {@code copy_io} of {@code include/linux/iocontext.h} and {@code
 *       schedule_tail} of {@code kernel/sched/core.c}.
 *   <li>{@code CopyStructs}: the five shared structures' steps of {@code kernel/fork.c} ({@code
 *       copy_files}, {@code copy_fs}, {@code copy_sighand}, {@code copy_signal}, {@code copy_mm}).
 *   <li>{@code CopySteps}: the steps whose code lives elsewhere: {@code copy_creds} ({@code
 *       kernel/cred.c}), {@code copy_semundo} ({@code ipc/sem.c}), {@code copy_namespaces} ({@code
 *       kernel/nsproxy.c}) and {@code cgroup_can_fork} ({@code kernel/cgroup/cgroup.c}).
 *   <li>{@code AllocPid}: {@code alloc_pid} and {@code free_pid} of {@code kernel/pid.c}.
 * </ol>
 */
@NullMarked
package io.github.clonepath.kernel.fork;

import org.jspecify.annotations.NullMarked;
