package io.github.clonepath.glibc.nptl;

import io.github.clonepath.glibc.pthread.PthreadConstants;
import io.github.clonepath.kernel.syscall.CloneFlags;

/**
 * The numbers NPTL works with on x86-64: page and TCB sizes, the offsets inside {@code struct
 * pthread} that show in traces, limits, and the kernel ABI values glibc's own headers define.
 *
 * <p>Offsets and sizes were measured on the reference machine with gdb and libc6-dbg (glibc 2.36);
 * glibc 2.31 is given the same layout (DEVIATION: 2.31's {@code struct pthread} differs in size;
 * the model keeps the 2.36 numbers for both).
 */
final class Layout {
  /** Page size. */
  static final long PAGE = 4096;

  /** {@code DTV_SURPLUS}: DTV slots beyond the loaded modules, for dlopen. */
  static final int DTV_SURPLUS = 14;

  /** {@code TLS_TCB_SIZE} = {@code sizeof(struct pthread)}. */
  static final long TLS_TCB_SIZE = 2368;

  /** {@code offsetof(struct pthread, header.self)}: the TCB's self pointer (tcbhead_t). */
  static final long HEADER_SELF = 0x10;

  /** {@code offsetof(struct pthread, tid)}: the CLONE_*_SETTID / CHILD_CLEARTID word. */
  static final long TID = PthreadConstants.PTHREAD_TID_OFFSET;

  /** {@code offsetof(struct pthread, robust_head)}. */
  static final long ROBUST_HEAD = 0x2e0;

  /** {@code offsetof(struct pthread, lock)}: the stopped-start lock word (gdb: 0x618). */
  static final long LOCK = 0x618;

  /** {@code offsetof(struct pthread, schedparam)} (gdb: 0x630; schedpolicy follows at 0x634). */
  static final long SCHEDPARAM = 0x630;

  /** {@code sizeof(struct robust_list_head)}. */
  static final long ROBUST_HEAD_LEN = 24;

  /** {@code offsetof(pthread_mutex_t, __data.__lock) - offsetof(..., __data.__list.__next)}. */
  static final long ROBUST_FUTEX_OFFSET = -32;

  /**
   * {@code offsetof(struct pthread, rseq_area)} (= {@code __rseq_offset} from the TCB) up to 2.40;
   * 2.41 moved the area below the thread pointer (Nptl.rseqArea).
   */
  static final long RSEQ_AREA = 0x920;

  /** Length glibc 2.35+ registers its rseq area with. */
  static final int RSEQ_LEN = 0x20;

  /** {@code RSEQ_SIG} on x86. */
  static final int RSEQ_SIG = 0x53053053;

  /**
   * {@code dl_tls_static_surplus} with the default tunables (rtld.nns 4, optional_static_tls 512):
   * measured 1664 in 2.36 (gdb) and implied by 2.41's __rseq_offset of -192 in a 0x1080 block.
   */
  static final long TLS_STATIC_SURPLUS = 1664;

  /** Static TLS alignment ({@code dl_tls_static_align}), also TCB_ALIGNMENT on x86. */
  static final long TLS_STATIC_ALIGN = 64;

  /** {@code MINIMAL_REST_STACK} on x86. */
  static final long MINIMAL_REST_STACK = 2048;

  /** {@code PTHREAD_STACK_MIN}: also the tail advise_stack_range keeps. */
  static final long PTHREAD_STACK_MIN = 16384;

  /** {@code ARCH_STACK_DEFAULT_SIZE}: the default stack when RLIMIT_STACK is unlimited. */
  static final long ARCH_STACK_DEFAULT_SIZE = 2L << 20;

  /** {@code MULTI_PAGE_ALIASING} on x86-64 up to glibc 2.33. */
  static final long MULTI_PAGE_ALIASING = 65536;

  /** The size of {@code struct clone_args} glibc passes ({@code CLONE_ARGS_SIZE_VER2}). */
  static final long CLONE_ARGS_SIZE = 88;

  /** posix_spawn's child stack: 32 KiB plus one page for the argument copy ({@code __spawnix}). */
  static final long SPAWN_STACK = 36864;

  /**
   * The stack start_thread itself uses below the initial stack pointer before it reaches
   * advise_stack_range (its frame and the unwind buffer). The reference traces bound it: the
   * madvise length shows that the exiting frame lies 4097..8192 bytes below the block's top.
   */
  static final long START_THREAD_FRAME = 0x80;

  /** Where a thread keeps the user-memory structures it hands to system calls, below its SP. */
  static final long SCRATCH_BELOW_SP = 0x200;

  /** The 9 clone flags of every pthread_create (0x3d0f00). */
  static final long CLONE_THREAD_FLAGS =
      CloneFlags.CLONE_VM
          | CloneFlags.CLONE_FS
          | CloneFlags.CLONE_FILES
          | CloneFlags.CLONE_SYSVSEM
          | CloneFlags.CLONE_SIGHAND
          | CloneFlags.CLONE_THREAD
          | CloneFlags.CLONE_SETTLS
          | CloneFlags.CLONE_PARENT_SETTID
          | CloneFlags.CLONE_CHILD_CLEARTID;

  // ---- kernel ABI values as glibc's headers define them ----
  static final int PROT_NONE = 0;
  static final int PROT_READ = 1;
  static final int PROT_WRITE = 2;
  static final int MAP_PRIVATE = 0x02;
  static final int MAP_ANONYMOUS = 0x20;
  static final int MAP_STACK = 0x20000;
  static final int MAP_NORESERVE = 0x4000;
  static final int MADV_DONTNEED = 4;
  static final int SIG_BLOCK = 0;
  static final int SIG_UNBLOCK = 1;
  static final int SIG_SETMASK = 2;
  static final int FUTEX_WAIT = 0;
  static final int FUTEX_WAIT_BITSET = 9;
  static final int FUTEX_CLOCK_REALTIME = 256;
  static final int FUTEX_BITSET_MATCH_ANY = -1;
  static final int ARCH_SET_FS = 0x1002;
  static final int SIGCHLD = 17;

  /** glibc's SIGCANCEL: the kernel's signal 32 (strace: SIGRTMIN). */
  static final int SIGCANCEL = 32;

  /** glibc's SIGSETXID: the kernel's signal 33 (strace: SIGRT_1). */
  static final int SIGSETXID = 33;

  static final long SA_SIGINFO = 0x4;
  static final long SA_ONSTACK = 0x08000000;
  static final long SA_RESTART = 0x10000000;
  static final long SA_RESTORER = 0x04000000;

  /** Every signal: {@code sigfillset}. */
  static final long SIGSET_FULL = -1L;

  /** The sigset bit of a signal. */
  static long sigbit(int sig) {
    return 1L << (sig - 1);
  }

  /**
   * Code addresses glibc hands to rt_sigaction (the SIGSETXID handler and the signal restorer).
   * DEVIATION: the model does not map libc's text; these are fixed placeholder addresses the kernel
   * stores and never jumps to, as the model sends no SIGSETXID.
   */
  static final long SETXID_HANDLER_ADDR = 0x7ffff7c5a720L;

  static final long SIGRETURN_RESTORER_ADDR = 0x7ffff7c5a050L;

  /** Value of the {@code joinid} field of a detached thread: itself. */
  static final int EXITING_BIT = 4;

  /** {@code CANCELED_BIT} of {@code cancelhandling}: pthread_cancel was called. */
  static final int CANCELED_BIT = 3;

  /** {@code PTHREAD_CANCELED}: a cancelled thread's result, {@code (void *) -1}. */
  static final long PTHREAD_CANCELED = -1;

  /**
   * The SIGCANCEL handler's placeholder address (see {@link #SETXID_HANDLER_ADDR}): one page above
   * SIGSETXID's, as the two handlers lie in the reference libc.
   */
  static final long SIGCANCEL_HANDLER_ADDR = SETXID_HANDLER_ADDR + 0x1000;

  static final int TERMINATED_BIT = 5;

  // ---- glibc error numbers ----
  static final int EPERM = 1;
  static final int ESRCH = 3;
  static final int EAGAIN = 11;
  static final int ENOMEM = 12;
  static final int EBUSY = 16;
  static final int EINVAL = 22;
  static final int EDEADLK = 35;
  static final int ENOSYS = 38;
  static final int EOVERFLOW = 75;
  static final int ETIMEDOUT = 110;

  private Layout() {}

  /** Rounds up to a multiple of a power of two. */
  static long roundUp(long v, long align) {
    return (v + align - 1) & -align;
  }

  /** Rounds down to a multiple of a power of two. */
  static long roundDown(long v, long align) {
    return v & -align;
  }
}
