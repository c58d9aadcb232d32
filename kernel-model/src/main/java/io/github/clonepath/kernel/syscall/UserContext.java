package io.github.clonepath.kernel.syscall;

import io.github.clonepath.common.Tracer;

/**
 * The kernel as the user-space code of one task sees it: its memory words and the system calls.
 *
 * <p>Every system call returns what the kernel returns: a value, or {@code -errno} (see {@link
 * Errno#ofResult(long)}). Arguments are the raw ABI values: pointers are addresses in the task's
 * address space, and structures ({@code struct clone_args}, sigsets, {@code stack_t}, timespecs)
 * are read from and written to user memory through the same word store user space uses, so a bad
 * pointer gives {@code EFAULT} exactly where the kernel gives it.
 *
 * <p>A call that can block takes a {@link Continuation} and returns nothing: the caller must return
 * right after it, and the machine resumes the continuation with the result when the task runs
 * again. Calls that never block return their result directly, so creation paths read as
 * straight-line code.
 */
public interface UserContext {

  /**
   * The machine's tracer, through which user-space models (glibc, the Go runtime) record their
   * modeled calls beside the kernel's, so that one walkthrough shows the whole path.
   *
   * @return the tracer of the machine this task runs on
   */
  Tracer tracer();

  // ---- user memory: plain loads and stores, not system calls, never traced ----

  /**
   * Loads a 32-bit word.
   *
   * @param addr a 4-byte-aligned address in a readable mapping
   * @return the word (0 where nothing was stored)
   * @throws UserFault if the address is unmapped or not readable
   */
  int load32(long addr);

  /**
   * Loads a 64-bit word.
   *
   * @param addr an 8-byte-aligned address in a readable mapping
   * @return the word
   * @throws UserFault if the address is unmapped or not readable
   */
  long load64(long addr);

  /**
   * Stores a 32-bit word.
   *
   * @param addr a 4-byte-aligned address in a writable mapping
   * @param value the word
   * @throws UserFault if the address is unmapped or not writable
   */
  void store32(long addr, int value);

  /**
   * Stores a 64-bit word.
   *
   * @param addr an 8-byte-aligned address in a writable mapping
   * @param value the word
   * @throws UserFault if the address is unmapped or not writable
   */
  void store64(long addr, long value);

  /**
   * Virtual time, as the vDSO's clock would read it; not a traced system call.
   *
   * @return nanoseconds since the machine booted
   */
  long now();

  /**
   * A race in user space that the machine's chooser may decide (see {@link Chooser.Point#USER}): a
   * model asks where a real outcome depends on timing the model does not measure. Without a chooser
   * the answer is always the default.
   *
   * @return true for the other outcome, false for the modeled default
   */
  default boolean racePoint() {
    return false;
  }

  /**
   * Runs on the CPU for some virtual time, then continues.
   *
   * @param nanos how long the task computes
   * @param next what it does afterwards (called with 0)
   */
  void compute(long nanos, Continuation next);

  // ---- address space ----

  /**
   * {@code mmap(2)}.
   *
   * @param addr hint or fixed address
   * @param length bytes, rounded up to pages
   * @param prot {@code PROT_*} bits
   * @param flags {@code MAP_*} bits
   * @param fd file descriptor, -1 for anonymous memory
   * @param offset file offset
   * @return the mapping's address, or {@code -errno}
   */
  long mmap(long addr, long length, int prot, int flags, int fd, long offset);

  /**
   * {@code munmap(2)}.
   *
   * @param addr page-aligned start
   * @param length bytes
   * @return 0 or {@code -errno}
   */
  long munmap(long addr, long length);

  /**
   * {@code mprotect(2)}.
   *
   * @param addr page-aligned start
   * @param length bytes
   * @param prot {@code PROT_*} bits
   * @return 0 or {@code -errno}
   */
  long mprotect(long addr, long length, int prot);

  /**
   * {@code madvise(2)}.
   *
   * @param addr page-aligned start
   * @param length bytes
   * @param advice {@code MADV_*}
   * @return 0 or {@code -errno}
   */
  long madvise(long addr, long length, int advice);

  // ---- tasks ----

  /**
   * Legacy {@code clone(2)} (x86-64 argument order: flags, stack, parent_tid, child_tid, tls).
   *
   * @param flags flags in the low 32 bits, the exit signal in the low byte
   * @param stack the child's stack pointer, or 0 to keep the caller's
   * @param parentTid where PARENT_SETTID (or PIDFD) stores, in the caller's memory
   * @param childTid where CHILD_SETTID stores and CHILD_CLEARTID clears, in the child's memory
   * @param tls the child's FS base with SETTLS
   * @param child the child's entry point
   * @return the child's tid, or {@code -errno}
   * @throws IllegalArgumentException with CLONE_VFORK, which blocks: use {@link #clone(long, long,
   *     long, long, long, Continuation, Continuation)}
   */
  long clone(long flags, long stack, long parentTid, long childTid, long tls, Continuation child);

  /**
   * Legacy {@code clone(2)} that may block the caller (CLONE_VFORK) until the child releases its
   * mm.
   *
   * @param flags as for the non-blocking form
   * @param stack as for the non-blocking form
   * @param parentTid as for the non-blocking form
   * @param childTid as for the non-blocking form
   * @param tls as for the non-blocking form
   * @param child the child's entry point
   * @param next the caller's continuation, called with the child's tid or {@code -errno}
   */
  void clone(
      long flags,
      long stack,
      long parentTid,
      long childTid,
      long tls,
      Continuation child,
      Continuation next);

  /**
   * {@code clone3(2)}: reads {@code struct clone_args} of {@code size} bytes at {@code args}.
   *
   * @param args address of the struct in the caller's memory
   * @param size the struct size user space states
   * @param child the child's entry point
   * @return the child's tid, or {@code -errno}
   * @throws IllegalArgumentException if the struct asks for CLONE_VFORK: use {@link #clone3(long,
   *     long, Continuation, Continuation)}
   */
  long clone3(long args, long size, Continuation child);

  /**
   * {@code clone3(2)} that may block the caller (CLONE_VFORK).
   *
   * @param args address of the struct
   * @param size the struct size
   * @param child the child's entry point
   * @param next the caller's continuation, called with the child's tid or {@code -errno}
   */
  void clone3(long args, long size, Continuation child, Continuation next);

  /**
   * {@code exit(2)}: ends this task only. The caller must return right after.
   *
   * @param status the exit code
   */
  void exit(int status);

  /**
   * {@code exit_group(2)}: ends every task of the thread group. The caller must return right after.
   *
   * @param status the exit code
   */
  void exitGroup(int status);

  /**
   * The task's FS base register, as user code reads it ({@code THREAD_SELF} on x86-64: the TCB that
   * {@code arch_prctl(ARCH_SET_FS)} or {@code CLONE_SETTLS} set). Not a system call.
   *
   * @return the FS base
   */
  long fsBase();

  /**
   * {@code gettid(2)}.
   *
   * @return the caller's tid
   */
  long gettid();

  /**
   * {@code getpid(2)}.
   *
   * @return the caller's thread-group id
   */
  long getpid();

  /**
   * {@code getppid(2)}.
   *
   * @return the parent's thread-group id
   */
  long getppid();

  /**
   * {@code set_tid_address(2)}: sets {@code clear_child_tid}.
   *
   * @param tidptr the new pointer
   * @return the caller's tid
   */
  long setTidAddress(long tidptr);

  /**
   * {@code set_robust_list(2)}.
   *
   * @param head the list head's address
   * @param len its size, which must be 24
   * @return 0 or {@code -EINVAL}
   */
  long setRobustList(long head, long len);

  /**
   * {@code rseq(2)}.
   *
   * @param rseq the area's address
   * @param len its length
   * @param flags 0 to register
   * @param sig the abort signature
   * @return 0 or {@code -errno}
   */
  long rseq(long rseq, int len, int flags, int sig);

  /**
   * {@code arch_prctl(2)}.
   *
   * @param code for example ARCH_SET_FS
   * @param addr the value
   * @return 0 or {@code -errno}
   */
  long archPrctl(int code, long addr);

  /**
   * {@code futex(2)}. May block (WAIT, WAIT_BITSET).
   *
   * @param uaddr the futex word
   * @param op operation and flags
   * @param val expected value or wake count
   * @param timeout address of a timespec, or 0
   * @param uaddr2 second word, or 0
   * @param val3 bitset or other third value
   * @param next called with the result
   */
  void futex(long uaddr, int op, int val, long timeout, long uaddr2, int val3, Continuation next);

  /**
   * {@code futex(2)} with a wake operation (FUTEX_WAKE or FUTEX_WAKE_BITSET, with or without
   * FUTEX_PRIVATE_FLAG): these never block in Linux, so the result comes back directly and
   * straight-line code (a note's wakeup inside a creation path) can wake a waiter and go on.
   * Recorded exactly as {@link #futex} records the same call.
   *
   * @param uaddr the futex word
   * @param op FUTEX_WAKE or FUTEX_WAKE_BITSET and flags
   * @param val how many waiters to wake at most
   * @param uaddr2 second word (unused by the wake operations; shown in no trace), or 0
   * @param val3 the bitset for FUTEX_WAKE_BITSET
   * @return the number woken, or {@code -errno} as {@link #futex} gives it (EINVAL for a misaligned
   *     word or an empty bitset, ENOSYS with FUTEX_CLOCK_REALTIME)
   * @throws IllegalArgumentException if the command is not a wake (use {@link #futex})
   */
  long futexWake(long uaddr, int op, int val, long uaddr2, int val3);

  /**
   * {@code sched_yield(2)}: lets other runnable tasks run first.
   *
   * @param next called with 0
   */
  void schedYield(Continuation next);

  /**
   * {@code sched_setscheduler(2)}: sets a task's scheduling policy and real-time priority.
   *
   * @param pid the task (its tid in the caller's pid namespace), or 0 for the caller
   * @param policy SCHED_OTHER 0, SCHED_FIFO 1, SCHED_RR 2, SCHED_BATCH 3, SCHED_IDLE 5, optionally
   *     or-ed with SCHED_RESET_ON_FORK 0x40000000
   * @param param address of a {@code struct sched_param} (one int, {@code sched_priority})
   * @return 0, or {@code -errno}: EINVAL (a negative policy or pid, a null param, an unknown
   *     policy, a priority outside the policy's range), EFAULT, ESRCH, EPERM (a real-time policy or
   *     priority beyond RLIMIT_RTPRIO, leaving SCHED_IDLE beyond RLIMIT_NICE, another user's task,
   *     all without CAP_SYS_NICE)
   */
  long schedSetscheduler(int pid, int policy, long param);

  /**
   * {@code nanosleep(2)} in virtual time.
   *
   * @param req address of the timespec to sleep for
   * @param rem address for the remainder, or 0
   * @param next called with the result
   */
  void nanosleep(long req, long rem, Continuation next);

  /**
   * {@code wait4(2)}.
   *
   * @param pid which child (-1 any)
   * @param wstatus address for the status, or 0
   * @param options WNOHANG, __WCLONE, __WALL, ...
   * @param rusage address for resource usage, or 0
   * @param next called with the reaped pid, 0, or {@code -errno}
   */
  void wait4(int pid, long wstatus, int options, long rusage, Continuation next);

  /**
   * {@code rt_sigprocmask(2)}: the sets are 8-byte words in user memory.
   *
   * @param how SIG_BLOCK, SIG_UNBLOCK or SIG_SETMASK
   * @param set address of the new set, or 0
   * @param oldset address for the old set, or 0
   * @param sigsetsize must be 8
   * @return 0 or {@code -errno}
   */
  long rtSigprocmask(int how, long set, long oldset, long sigsetsize);

  /**
   * {@code rt_sigaction(2)}: the actions are {@code struct sigaction} in user memory.
   *
   * @param sig the signal
   * @param act address of the new action, or 0
   * @param oldact address for the old one, or 0
   * @param sigsetsize must be 8
   * @return 0 or {@code -errno}
   */
  long rtSigaction(int sig, long act, long oldact, long sigsetsize);

  /**
   * {@code sigaltstack(2)}: {@code stack_t} in user memory.
   *
   * @param ss address of the new stack, or 0
   * @param oldss address for the old one, or 0
   * @return 0 or {@code -errno}
   */
  long sigaltstack(long ss, long oldss);

  /**
   * {@code write(2)} of program output. The bytes are given as text, since the model keeps no
   * byte-level memory; strace shows them as the real call would.
   *
   * @param fd the descriptor
   * @param text what is written
   * @return the byte count or {@code -errno}
   */
  long write(int fd, String text);

  /**
   * {@code pipe2(2)}: a new pipe; its read end's descriptor and its write end's are stored as two
   * ints at {@code fildes}.
   *
   * @param fildes address of {@code int[2]}
   * @param flags O_CLOEXEC, O_NONBLOCK, O_DIRECT
   * @return 0 or {@code -errno}
   */
  long pipe2(long fildes, int flags);

  /**
   * {@code read(2)}, which blocks on an empty pipe until a writer writes or the last writer closes.
   * Blocking-style: {@code next} gets the byte count or {@code -errno}.
   *
   * @param fd the descriptor
   * @param buf where the bytes go
   * @param count the buffer's size
   * @param next continues with the result
   */
  void read(int fd, long buf, long count, Continuation next);

  // ---- additions: user memory helpers (not system calls, never traced) ----

  /**
   * Loads a NUL-terminated string, byte by byte through the word store.
   *
   * @param addr the first byte
   * @param max the most bytes to read
   * @return the string (ISO-8859-1 bytes)
   * @throws UserFault if a byte is unmapped
   */
  String loadString(long addr, int max);

  /**
   * Places handler code at an address, as if the program text held it there. Signal delivery to an
   * action whose handler is this address runs it; an address with no code gives SIGSEGV.
   *
   * @param addr the handler's address
   * @param handler the code
   */
  void defineHandler(long addr, SignalHandler handler);

  // ---- additions: signals ----

  /**
   * {@code kill(2)}: a process-directed signal into the group's shared pending queue.
   *
   * @param pid target process (a positive tgid; 0 and negative process groups are refused with
   *     -ESRCH, see the module README)
   * @param sig the signal, 0 to probe
   * @return 0 or {@code -errno}
   */
  long kill(int pid, int sig);

  /**
   * {@code tgkill(2)}: a thread-directed signal into one task's pending queue.
   *
   * @param tgid the thread group
   * @param tid the thread
   * @param sig the signal, 0 to probe
   * @return 0 or {@code -errno}
   */
  long tgkill(int tgid, int tid, int sig);

  // ---- additions: files and fs ----

  /**
   * {@code openat(2)} on the machine's small in-memory tree. DEVIATION: the path is a Java string,
   * not a pointer into user memory.
   *
   * @param dirfd {@code AT_FDCWD} or a directory descriptor
   * @param path the path
   * @param flags {@code O_*}
   * @param mode permission bits for O_CREAT
   * @return the new descriptor or {@code -errno}
   */
  long openat(int dirfd, String path, int flags, int mode);

  /**
   * {@code newfstatat(2)}: the file's {@code st_mode} (a 32-bit word at offset 24) and {@code
   * st_size} (64-bit, offset 48) stored into the x86-64 {@code struct stat} at {@code statbuf}; the
   * other fields are not modeled. DEVIATION: the path is a Java string.
   *
   * @param dirfd {@code AT_FDCWD} or a descriptor (with {@code AT_EMPTY_PATH} and an empty path,
   *     the file itself)
   * @param path the path, or empty
   * @param statbuf the struct stat in user memory
   * @param flags 0 or {@code AT_EMPTY_PATH}
   * @return 0 or {@code -errno}
   */
  long newfstatat(int dirfd, String path, long statbuf, int flags);

  /**
   * {@code close(2)}.
   *
   * @param fd the descriptor
   * @return 0 or {@code -EBADF}
   */
  long close(int fd);

  /**
   * {@code dup(2)}.
   *
   * @param fd the descriptor
   * @return the lowest free descriptor, or {@code -errno}
   */
  long dup(int fd);

  /**
   * {@code dup3(2)}.
   *
   * @param oldfd the descriptor
   * @param newfd the number it is copied to
   * @param flags 0 or O_CLOEXEC
   * @return newfd or {@code -errno}
   */
  long dup3(int oldfd, int newfd, int flags);

  /**
   * {@code fcntl(2)}: F_GETFD, F_SETFD, F_GETFL, F_DUPFD, F_DUPFD_CLOEXEC.
   *
   * @param fd the descriptor
   * @param cmd the command
   * @param arg its argument
   * @return the command's result or {@code -errno}
   */
  long fcntl(int fd, int cmd, long arg);

  /**
   * {@code chdir(2)}. DEVIATION: the path is a Java string.
   *
   * @param path the directory
   * @return 0 or {@code -errno}
   */
  long chdir(String path);

  /**
   * {@code getcwd(2)}: stores the NUL-terminated path at {@code buf}.
   *
   * @param buf the buffer in user memory
   * @param size its size
   * @return the length including the NUL, or {@code -errno}
   */
  long getcwd(long buf, long size);

  /**
   * {@code umask(2)}.
   *
   * @param mask the new mask
   * @return the old mask
   */
  long umask(int mask);

  // ---- additions: limits and credentials ----

  /**
   * {@code getrlimit(2)}: stores {@code struct rlimit} (two 64-bit words) at {@code rlim}.
   *
   * @param resource {@code RLIMIT_*}
   * @param rlim where to store
   * @return 0 or {@code -errno}
   */
  long getrlimit(int resource, long rlim);

  /**
   * {@code setrlimit(2)}: reads {@code struct rlimit} at {@code rlim}.
   *
   * @param resource {@code RLIMIT_*}
   * @param rlim the new limits
   * @return 0 or {@code -errno}
   */
  long setrlimit(int resource, long rlim);

  /**
   * {@code prlimit64(2)}.
   *
   * @param pid the process, 0 for the caller
   * @param resource {@code RLIMIT_*}
   * @param newLimit the new limits, or 0
   * @param oldLimit where to store the old ones, or 0
   * @return 0 or {@code -errno}
   */
  long prlimit64(int pid, int resource, long newLimit, long oldLimit);

  /**
   * {@code setresuid(2)}; -1 keeps a value.
   *
   * @param ruid real uid
   * @param euid effective uid
   * @param suid saved uid
   * @return 0 or {@code -errno}
   */
  long setresuid(int ruid, int euid, int suid);

  /**
   * {@code getuid(2)}.
   *
   * @return the real uid
   */
  long getuid();

  // ---- additions: blocking calls ----

  /**
   * {@code waitid(2)}: stores a {@code siginfo_t} (signo, errno, code at 0/4/8, pid at 16, uid at
   * 20, status at 24) at {@code infop}.
   *
   * @param idtype P_ALL, P_PID or P_PIDFD
   * @param id the pid or pidfd
   * @param infop where to store, or 0
   * @param options WEXITED, WNOHANG, __WCLONE, __WALL, ...
   * @param rusage 0
   * @param next called with 0 or {@code -errno}
   */
  void waitid(int idtype, int id, long infop, int options, long rusage, Continuation next);

  /**
   * {@code clock_nanosleep(2)} in virtual time.
   *
   * @param clockid CLOCK_REALTIME or CLOCK_MONOTONIC
   * @param flags 0 or TIMER_ABSTIME
   * @param req the time
   * @param rem where to store the remainder, or 0
   * @param next called with 0 or {@code -errno}
   */
  void clockNanosleep(int clockid, int flags, long req, long rem, Continuation next);

  /**
   * Makes one call that may block from straight-line code, and returns its result: the call is
   * issued with a continuation that ends the wait, and the machine runs the other tasks (and moves
   * the clock) until this task is dispatched again. It is meant for the few sleeps that the real
   * code takes in the middle of a creation path (Go's retries on EAGAIN), so that path can stay one
   * method that reads like the real function while the rest of the machine goes on.
   *
   * <p>DEVIATION: a task that starts such a wait while another task is already in one is nested
   * inside it, in Java frames; the first returns only after the second, so if its own wait ends
   * first it resumes late, once the second returns.
   *
   * @param call issues exactly one call that takes a {@link Continuation} (for example {@code k ->
   *     ctx.nanosleep(req, 0, k)}) and returns right after it
   * @return what that call returned
   * @throws IllegalArgumentException if {@code call} made no blocking-style call
   * @throws IllegalStateException if nothing can ever wake the task
   */
  long await(java.util.function.Consumer<Continuation> call);
}
