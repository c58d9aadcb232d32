package io.github.clonepath.kernel.syscall;

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
   * {@code futex(2)} with an operation that never blocks (FUTEX_WAKE, FUTEX_WAKE_BITSET, ...), with
   * its result returned directly, so straight-line code (a note's wakeup inside a creation path)
   * can wake a waiter and go on. The default runs {@link #futex} and requires the kernel to resume
   * a non-blocking operation's continuation before returning.
   *
   * @param uaddr the futex word
   * @param op a wake operation and flags
   * @param val how many waiters to wake
   * @param uaddr2 second word, or 0
   * @param val3 bitset or other third value
   * @return the number woken, or {@code -errno}
   * @throws IllegalStateException if the operation did not complete at once
   */
  default long futexWake(long uaddr, int op, int val, long uaddr2, int val3) {
    long[] out = {Long.MIN_VALUE};
    futex(uaddr, op, val, 0, uaddr2, val3, (ctx, r) -> out[0] = r);
    if (out[0] == Long.MIN_VALUE) {
      throw new IllegalStateException(
          "futex op " + op + " did not complete at once; use futex() for operations that block");
    }
    return out[0];
  }

  /**
   * {@code sched_yield(2)}: lets other runnable tasks run first.
   *
   * @param next called with 0
   */
  void schedYield(Continuation next);

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
}
