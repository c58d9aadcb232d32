/**
 * Task creation: the clone and clone3 entry points, {@code kernel_clone}, and {@code copy_process}
 * with its checks and copy steps in the order of {@code kernel/fork.c}.
 *
 * <p>In reading order: {@link io.github.clonepath.kernel.fork.Clone3Args} (clone3's argument copy
 * and checks, {@code kernel/fork.c}); {@link io.github.clonepath.kernel.fork.KernelCloneArgs}
 * ({@code struct kernel_clone_args}); {@link io.github.clonepath.kernel.fork.KernelFork} ({@code
 * kernel_clone}, {@code copy_process} and its {@code kernel/fork.c} steps, with {@code copy_thread}
 * of {@code arch/x86/kernel/process.c}, {@code copy_io} and {@code schedule_tail}); {@link
 * io.github.clonepath.kernel.fork.CopySteps} (the steps of {@code kernel/cred.c}, {@code
 * ipc/sem.c}, {@code kernel/nsproxy.c} and {@code kernel/cgroup/cgroup.c}); {@link
 * io.github.clonepath.kernel.fork.AllocPid} ({@code kernel/pid.c}).
 */
@NullMarked
package io.github.clonepath.kernel.fork;

import org.jspecify.annotations.NullMarked;
