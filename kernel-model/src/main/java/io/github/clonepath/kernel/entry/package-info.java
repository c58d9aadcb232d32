/**
 * System-call entry and exit: the {@link io.github.clonepath.kernel.syscall.UserContext} of each
 * task, which checks and decodes arguments as the syscall wrappers do, calls into the kernel,
 * records the call in strace 6.1's text, and delivers pending signals before returning to user
 * code. Which class mirrors which real file, in reading order:
 *
 * <ol>
 *   <li>{@code TaskContext}: the plumbing of {@code kernel/entry/common.c} (entry, the return to
 *       user mode with {@code exit_to_user_mode_loop}, blocking calls' completions), handing each
 *       call to the class below that mirrors its file; {@code Services}: the subsystems of one
 *       machine it calls into.
 *   <li>{@code ForkCalls}: {@code clone}, {@code clone3} and {@code set_tid_address} of {@code
 *       kernel/fork.c}; {@code CloneText}: their strace text.
 *   <li>{@code ExitCalls}: {@code exit}, {@code exit_group}, {@code wait4} and {@code waitid} of
 *       {@code kernel/exit.c}.
 *   <li>{@code SysCalls}: the ids, {@code umask}, the rlimit calls and {@code setresuid} of {@code
 *       kernel/sys.c}.
 *   <li>{@code FutexCalls}: {@code futex} and {@code set_robust_list} of {@code
 *       kernel/futex/syscalls.c}; {@code RseqCalls}: {@code kernel/rseq.c}; {@code ArchCalls}:
 *       {@code arch_prctl} of {@code arch/x86/kernel/process_64.c}.
 *   <li>{@code SchedCalls}: {@code sched_yield} and {@code sched_setscheduler} of {@code
 *       kernel/sched/core.c} (and the model's {@code compute}); {@code TimeCalls}: {@code
 *       nanosleep} of {@code kernel/time/hrtimer.c} and {@code clock_nanosleep} of {@code
 *       kernel/time/posix-timers.c}; {@code Timespec}: the {@code struct __kernel_timespec} they
 *       read ({@code kernel/time/time.c}).
 *   <li>{@code SignalCalls}: {@code rt_sigprocmask}, {@code rt_sigaction}, {@code sigaltstack},
 *       {@code kill} and {@code tgkill} of {@code kernel/signal.c}.
 *   <li>{@code MmCalls}: the entries of {@code mmap} ({@code arch/x86/kernel/sys_x86_64.c}), {@code
 *       munmap} ({@code mm/mmap.c}), {@code mprotect} ({@code mm/mprotect.c}) and {@code madvise}
 *       ({@code mm/madvise.c}); the work is in {@link io.github.clonepath.kernel.mm}.
 *   <li>{@code FileCalls}: {@code openat}, {@code close} and {@code chdir} of {@code fs/open.c},
 *       {@code dup} and {@code dup3} of {@code fs/file.c}, {@code fcntl} of {@code fs/fcntl.c}, and
 *       {@code write} of {@code fs/read_write.c}; {@code DPathCalls}: {@code getcwd} of {@code
 *       fs/d_path.c}; {@code StatCalls}: {@code newfstatat} of {@code fs/stat.c}; {@code
 *       PipeCalls}: {@code pipe2}, and {@code read} and {@code write} of a pipe, of {@code
 *       fs/pipe.c}.
 * </ol>
 */
@NullMarked
package io.github.clonepath.kernel.entry;

import org.jspecify.annotations.NullMarked;
