package io.github.clonepath.kernel.syscall;

/** Assorted x86-64 ABI constants user space passes to the calls of {@link UserContext}. */
public final class Abi {
  /** Page size. */
  public static final long PAGE_SIZE = 4096;

  /** {@code TASK_SIZE_MAX} with 4-level paging: the end of user space. */
  public static final long TASK_SIZE_MAX = 0x7ffffffff000L;

  /** {@code arch_prctl}: set the FS base. */
  public static final int ARCH_SET_GS = 0x1001;

  /** {@code arch_prctl}: set the FS base (TLS). */
  public static final int ARCH_SET_FS = 0x1002;

  /** {@code arch_prctl}: read the FS base. */
  public static final int ARCH_GET_FS = 0x1003;

  /** {@code arch_prctl}: read the GS base. */
  public static final int ARCH_GET_GS = 0x1004;

  public static final int CLOCK_REALTIME = 0;
  public static final int CLOCK_MONOTONIC = 1;

  /** {@code clock_nanosleep} flag: the time is absolute. */
  public static final int TIMER_ABSTIME = 1;

  /** The signature glibc 2.36 registers rseq areas with on x86-64. */
  public static final int RSEQ_SIG = 0x53053053;

  /** {@code sizeof(struct rseq)} before the extensible ABI (what glibc 2.36 passes). */
  public static final int RSEQ_LEN = 32;

  /** {@code sizeof(struct robust_list_head)} on x86-64. */
  public static final long ROBUST_LIST_HEAD_LEN = 24;

  /** {@code sizeof(struct clone_args)}, version 0, 1 and 2. */
  public static final long CLONE_ARGS_SIZE_VER0 = 64;

  public static final long CLONE_ARGS_SIZE_VER1 = 80;
  public static final long CLONE_ARGS_SIZE_VER2 = 88;

  private Abi() {}
}
