package io.github.clonepath.glibc.pthread;

/**
 * {@code pthread_attr_t}: glibc's {@code struct pthread_attr} (sysdeps/nptl/internaltypes.h in
 * glibc 2.36) and the {@code pthread_attr_*} functions that read and write it.
 *
 * <p>As in glibc, the stack address is kept as the <em>top</em> of the caller's stack ({@code
 * setstack} stores base + size), a stack size of 0 means "the process default", and the guard
 * defaults to one page. The setters return 0 or the error number the real ones return; they make no
 * system call and record no trace event (they are plain stores into the caller's object).
 *
 * <p>DEVIATION: {@code pthread_attr_setschedparam} checks the priority against Linux's fixed ranges
 * (0 for SCHED_OTHER, 1..99 for SCHED_FIFO/SCHED_RR) instead of asking the kernel with {@code
 * sched_get_priority_min/max}, which the syscall door does not offer; the results are the same on
 * Linux.
 */
public final class PthreadAttr {
  /** {@code ATTR_FLAG_DETACHSTATE}. */
  public static final int ATTR_FLAG_DETACHSTATE = 0x0001;

  /** {@code ATTR_FLAG_NOTINHERITSCHED}: PTHREAD_EXPLICIT_SCHED. */
  public static final int ATTR_FLAG_NOTINHERITSCHED = 0x0002;

  /** {@code ATTR_FLAG_SCOPEPROCESS}. */
  public static final int ATTR_FLAG_SCOPEPROCESS = 0x0004;

  /** {@code ATTR_FLAG_STACKADDR}: the caller supplies the stack. */
  public static final int ATTR_FLAG_STACKADDR = 0x0008;

  /** {@code ATTR_FLAG_SCHED_SET}: a scheduling parameter was set. */
  public static final int ATTR_FLAG_SCHED_SET = 0x0020;

  /** {@code ATTR_FLAG_POLICY_SET}: a scheduling policy was set. */
  public static final int ATTR_FLAG_POLICY_SET = 0x0040;

  /** {@code ATTR_FLAG_DO_RSEQ} (2.35+): the new thread registers rseq. */
  public static final int ATTR_FLAG_DO_RSEQ = 0x0080;

  /** {@code SCHED_OTHER}. */
  public static final int SCHED_OTHER = 0;

  /** {@code SCHED_FIFO}. */
  public static final int SCHED_FIFO = 1;

  /** {@code SCHED_RR}. */
  public static final int SCHED_RR = 2;

  /** {@code PTHREAD_SCOPE_SYSTEM}. */
  public static final int PTHREAD_SCOPE_SYSTEM = 0;

  /** {@code PTHREAD_SCOPE_PROCESS}. */
  public static final int PTHREAD_SCOPE_PROCESS = 1;

  private static final int EINVAL = 22;
  private static final int ENOTSUP = 95;
  private static final long PAGE_SIZE = 4096;

  private int flags;
  private long stacksize;
  private long guardsize;
  private long stackaddr;
  private int schedpolicy;
  private int schedPriority;

  /** {@code pthread_attr_init}: default attributes. */
  public PthreadAttr() {
    init();
  }

  /**
   * A copy, as {@code pthread_getattr_default_np} or a struct assignment makes one.
   *
   * @param other the attributes to copy
   */
  public PthreadAttr(PthreadAttr other) {
    this.flags = other.flags;
    this.stacksize = other.stacksize;
    this.guardsize = other.guardsize;
    this.stackaddr = other.stackaddr;
    this.schedpolicy = other.schedpolicy;
    this.schedPriority = other.schedPriority;
  }

  /**
   * {@code pthread_attr_init}: resets to the defaults (guard one page, default stack, joinable).
   *
   * @return 0
   */
  public int init() {
    flags = 0;
    stacksize = 0;
    guardsize = PAGE_SIZE;
    stackaddr = 0;
    schedpolicy = SCHED_OTHER;
    schedPriority = 0;
    return 0;
  }

  /**
   * {@code pthread_attr_destroy}.
   *
   * @return 0
   */
  public int destroy() {
    return 0;
  }

  /**
   * {@code pthread_attr_setstacksize}: refuses sizes below PTHREAD_STACK_MIN (16384).
   *
   * @param size the wanted stack size, guard excluded
   * @return 0 or EINVAL
   */
  public int setstacksize(long size) {
    if (Long.compareUnsigned(size, PthreadConstants.PTHREAD_STACK_MIN) < 0) {
      return EINVAL;
    }
    stacksize = size;
    return 0;
  }

  /**
   * The stack size stored in the attribute; 0 means the process default (see {@link
   * Libc#pthreadAttrGetstacksize}).
   *
   * @return the size, or 0
   */
  public long stacksize() {
    return stacksize;
  }

  /**
   * {@code pthread_attr_setguardsize}: any size is accepted here; allocate_stack rounds it.
   *
   * @param size the guard size in bytes
   * @return 0
   */
  public int setguardsize(long size) {
    guardsize = size;
    return 0;
  }

  /**
   * {@code pthread_attr_getguardsize}.
   *
   * @return the guard size as set
   */
  public long getguardsize() {
    return guardsize;
  }

  /**
   * {@code pthread_attr_setstack}: a caller-supplied stack of at least PTHREAD_STACK_MIN bytes.
   *
   * @param addr the lowest address of the stack
   * @param size its size
   * @return 0 or EINVAL
   */
  public int setstack(long addr, long size) {
    if (Long.compareUnsigned(size, PthreadConstants.PTHREAD_STACK_MIN) < 0) {
      return EINVAL;
    }
    stacksize = size;
    stackaddr = addr + size;
    flags |= ATTR_FLAG_STACKADDR;
    return 0;
  }

  /**
   * {@code pthread_attr_getstack}: the lowest address, computed from the stored top.
   *
   * @return the lowest address of the stack (stackaddr minus stacksize)
   */
  public long getstackaddr() {
    return stackaddr - stacksize;
  }

  /**
   * The stored top of a caller-supplied stack ({@code iattr->stackaddr}).
   *
   * @return the top, or 0 when none was set
   */
  public long stackTop() {
    return stackaddr;
  }

  /**
   * {@code pthread_attr_setdetachstate}.
   *
   * @param state PTHREAD_CREATE_JOINABLE or PTHREAD_CREATE_DETACHED
   * @return 0 or EINVAL
   */
  public int setdetachstate(int state) {
    if (state == PthreadConstants.PTHREAD_CREATE_DETACHED) {
      flags |= ATTR_FLAG_DETACHSTATE;
    } else if (state == PthreadConstants.PTHREAD_CREATE_JOINABLE) {
      flags &= ~ATTR_FLAG_DETACHSTATE;
    } else {
      return EINVAL;
    }
    return 0;
  }

  /**
   * {@code pthread_attr_getdetachstate}.
   *
   * @return PTHREAD_CREATE_JOINABLE or PTHREAD_CREATE_DETACHED
   */
  public int getdetachstate() {
    return (flags & ATTR_FLAG_DETACHSTATE) != 0
        ? PthreadConstants.PTHREAD_CREATE_DETACHED
        : PthreadConstants.PTHREAD_CREATE_JOINABLE;
  }

  /**
   * {@code pthread_attr_setinheritsched}.
   *
   * @param inherit PTHREAD_INHERIT_SCHED or PTHREAD_EXPLICIT_SCHED
   * @return 0 or EINVAL
   */
  public int setinheritsched(int inherit) {
    if (inherit == PthreadConstants.PTHREAD_EXPLICIT_SCHED) {
      flags |= ATTR_FLAG_NOTINHERITSCHED;
    } else if (inherit == PthreadConstants.PTHREAD_INHERIT_SCHED) {
      flags &= ~ATTR_FLAG_NOTINHERITSCHED;
    } else {
      return EINVAL;
    }
    return 0;
  }

  /**
   * {@code pthread_attr_getinheritsched}.
   *
   * @return PTHREAD_INHERIT_SCHED or PTHREAD_EXPLICIT_SCHED
   */
  public int getinheritsched() {
    return (flags & ATTR_FLAG_NOTINHERITSCHED) != 0
        ? PthreadConstants.PTHREAD_EXPLICIT_SCHED
        : PthreadConstants.PTHREAD_INHERIT_SCHED;
  }

  /**
   * {@code pthread_attr_setschedpolicy}.
   *
   * @param policy SCHED_OTHER, SCHED_FIFO or SCHED_RR
   * @return 0 or EINVAL
   */
  public int setschedpolicy(int policy) {
    if (policy != SCHED_OTHER && policy != SCHED_FIFO && policy != SCHED_RR) {
      return EINVAL;
    }
    schedpolicy = policy;
    flags |= ATTR_FLAG_POLICY_SET;
    return 0;
  }

  /**
   * {@code pthread_attr_getschedpolicy}.
   *
   * @return the policy
   */
  public int getschedpolicy() {
    return schedpolicy;
  }

  /**
   * {@code pthread_attr_setschedparam}: the priority must lie in the policy's range.
   *
   * @param priority {@code sched_priority}
   * @return 0 or EINVAL
   */
  public int setschedparam(int priority) {
    int ret = checkSchedPriorityAttr(priority, schedpolicy);
    if (ret != 0) {
      return ret;
    }
    schedPriority = priority;
    flags |= ATTR_FLAG_SCHED_SET;
    return 0;
  }

  /**
   * {@code check_sched_priority_attr} (nptl/pthreadP.h): a priority must lie in the policy's range,
   * as sched_get_priority_min/max give it (0 for SCHED_OTHER, 1..99 for SCHED_FIFO and SCHED_RR).
   * pthread_attr_setschedparam and pthread_setattr_default_np both check with it.
   *
   * @param priority {@code sched_priority}
   * @param policy the scheduling policy
   * @return 0 or EINVAL
   */
  public static int checkSchedPriorityAttr(int priority, int policy) {
    int min = policy == SCHED_OTHER ? 0 : 1;
    int max = policy == SCHED_OTHER ? 0 : 99;
    return priority < min || priority > max ? EINVAL : 0;
  }

  /**
   * {@code pthread_attr_getschedparam}.
   *
   * @return {@code sched_priority}
   */
  public int getschedparam() {
    return schedPriority;
  }

  /**
   * {@code pthread_attr_setscope}: Linux supports only system scope.
   *
   * @param scope PTHREAD_SCOPE_SYSTEM or PTHREAD_SCOPE_PROCESS
   * @return 0, ENOTSUP for process scope, EINVAL otherwise
   */
  public int setscope(int scope) {
    if (scope == PTHREAD_SCOPE_SYSTEM) {
      flags &= ~ATTR_FLAG_SCOPEPROCESS;
      return 0;
    }
    return scope == PTHREAD_SCOPE_PROCESS ? ENOTSUP : EINVAL;
  }

  /**
   * The raw {@code flags} word.
   *
   * @return the ATTR_FLAG_* bits
   */
  public int flags() {
    return flags;
  }

  /**
   * Sets the fields pthread_getattr_np fills in from a thread descriptor.
   *
   * @param newFlags the thread's flags
   * @param size stack size without the guard
   * @param top the stack's top address
   * @param guard the reported guard size
   */
  public void fillFromThread(int newFlags, long size, long top, long guard) {
    flags = newFlags;
    stacksize = size;
    stackaddr = top;
    guardsize = guard;
  }
}
