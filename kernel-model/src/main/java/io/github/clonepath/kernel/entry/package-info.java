/**
 * System-call entry and exit: the {@link io.github.clonepath.kernel.syscall.UserContext} of each
 * task, which checks and decodes arguments as the syscall wrappers do, calls into the kernel,
 * records what the call did (its raw arguments, its result, and what strace reads from user memory
 * at the call's exit, captured as immutable values), and delivers pending signals before returning
 * to user code. The strace 6.1 text is made only when a consumer of the event log reads it, by the
 * call's printer: one enum of printers per family, after strace's own files (listed with the calls
 * below). Which class mirrors which real file, in reading order:
 *
 * <ol>
 *   <li>{@code TaskContext}: the plumbing of {@code kernel/entry/common.c} (entry, the return to
 *       user mode with {@code exit_to_user_mode_loop}, blocking calls' completions), handing each
 *       call to the class below that mirrors its file; {@code Services}: the subsystems of one
 *       machine it calls into.
 *   <li>{@code ForkCalls}: {@code clone}, {@code clone3} and {@code set_tid_address} of {@code
 *       kernel/fork.c}; {@code CloneText}: their printers (strace's clone.c).
 *   <li>{@code ExitCalls}: {@code exit}, {@code exit_group}, {@code wait4} and {@code waitid} of
 *       {@code kernel/exit.c}; {@code WaitText}: their printers (strace's exit.c and wait.c).
 *   <li>{@code SysCalls}: the ids, {@code umask}, the rlimit calls and {@code setresuid} of {@code
 *       kernel/sys.c}; {@code SysText}: their printers, and those of {@code rseq} and {@code
 *       arch_prctl}.
 *   <li>{@code FutexCalls}: {@code futex} and {@code set_robust_list} of {@code
 *       kernel/futex/syscalls.c}; {@code RseqCalls}: {@code kernel/rseq.c}; {@code ArchCalls}:
 *       {@code arch_prctl} of {@code arch/x86/kernel/process_64.c}; {@code FutexText}: the futex
 *       printers (strace's futex.c).
 *   <li>{@code SchedCalls}: {@code sched_yield} and {@code sched_setscheduler} of {@code
 *       kernel/sched/core.c} (and the model's {@code compute}); {@code TimeCalls}: {@code
 *       nanosleep} of {@code kernel/time/hrtimer.c} and {@code clock_nanosleep} of {@code
 *       kernel/time/posix-timers.c}; {@code Timespec}: the {@code struct __kernel_timespec} they
 *       read ({@code kernel/time/time.c}); {@code TimeText}: their printers (strace's time.c).
 *   <li>{@code SignalCalls}: {@code rt_sigprocmask}, {@code rt_sigaction}, {@code sigaltstack},
 *       {@code kill} and {@code tgkill} of {@code kernel/signal.c}; {@code SignalText}: their
 *       printers (strace's signal.c and sigaltstack.c).
 *   <li>{@code MmCalls}: the entries of {@code mmap} ({@code arch/x86/kernel/sys_x86_64.c}), {@code
 *       munmap} ({@code mm/mmap.c}), {@code mprotect} ({@code mm/mprotect.c}) and {@code madvise}
 *       ({@code mm/madvise.c}); the work is in {@link io.github.clonepath.kernel.mm}, the printers
 *       in {@link io.github.clonepath.kernel.syscall.MmFormat.Calls} (strace's mem.c).
 *   <li>{@code FileCalls}: {@code openat}, {@code close} and {@code chdir} of {@code fs/open.c},
 *       {@code dup} and {@code dup3} of {@code fs/file.c}, {@code fcntl} of {@code fs/fcntl.c}, and
 *       {@code write} of {@code fs/read_write.c}; {@code DPathCalls}: {@code getcwd} of {@code
 *       fs/d_path.c}; {@code StatCalls}: {@code newfstatat} of {@code fs/stat.c}; {@code
 *       PipeCalls}: {@code pipe2}, and {@code read} and {@code write} of a pipe, of {@code
 *       fs/pipe.c}; {@code FileText}: the printers of all of them.
 * </ol>
 */
@NullMarked
package io.github.clonepath.kernel.entry;

import org.jspecify.annotations.NullMarked;
