package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.glibc.pthread.StartRoutine;
import org.jspecify.annotations.Nullable;

/**
 * An M, one OS thread: the fields of {@code runtime.m} that creation and scheduling touch. Its
 * address is where {@code new(m)} put it in the Go heap (m0 is a static in the data segment).
 */
public final class M {
  /** Offset of {@code tls[0]} in the real 1.19 struct: clone's tls is {@code &tls[0] + 8}. */
  static final long TLS_OFFSET = 0x88;

  /** Offset of {@code park} (a note, one futex word) in the real 1.19 struct. */
  static final long PARK_OFFSET = 0x148;

  /** Offset of the model's scratch words (sigsets, stack_t, timespec) inside the 1 KiB slot. */
  static final long SCRATCH_OFFSET = 0x380;

  /** Offset of {@code freeWait}, which exitThread clears. */
  static final long FREEWAIT_OFFSET = 0x300;

  /** Size class of new(m): 1 KiB objects, so successive Ms are 0x400 apart. */
  static final long SIZE = 0x400;

  /** From go1.25 new(mPadded): the m padded to 2048 bytes, so Ms are 0x800 apart. */
  static final long PADDED_SIZE = 0x800;

  /** The address of the struct. */
  final long addr;

  /** {@code id}, from sched.mnext. */
  long id = -1;

  /** The scheduling goroutine and its stack. */
  G g0;

  /** The signal-handling goroutine with its 32 KiB stack. */
  G gsignal;

  /** {@code procid}: the thread's tid. */
  long procid;

  /** The P it holds. */
  P p;

  /** The P it will take when it starts or wakes. */
  P nextp;

  /** The P it held before entering a syscall. */
  P oldp;

  /** The goroutine it runs. */
  G curg;

  /** Looking for work. */
  boolean spinning;

  /** Blocked in notesleep or notetsleep on a note. */
  boolean blocked;

  /**
   * {@code signalPending}: a preemption signal was sent to this M and its handler has not run yet
   * (preemptM sends no other until doSigPreempt clears it).
   */
  boolean signalPending;

  /** {@code preemptGen}: how many preemption signals this M's handler has acknowledged. */
  long preemptGen;

  /**
   * {@code locks}: runtime locks it holds. Only sysmon's are kept: it holds sched.sysmonlock for
   * its round and sched.lock while schedtrace prints; every other lock of the model is taken and
   * released within one step, so no other M is ever seen holding one.
   */
  int locks;

  /** External LockOSThread count. */
  int lockedExt;

  /** Internal lockOSThread count. */
  int lockedInt;

  /** The G wired to it. */
  G lockedg;

  /** Inside a cgo call. */
  boolean incgo;

  /** Calls into C so far ({@code ncgocall}). */
  long ncgocall;

  /** What the new thread runs before scheduling (mstartfn). */
  MStartFn mstartfn = MStartFn.NONE;

  /** 1.13-1.19: 1 while the thread may still use its stack; 1.20+: freeMStack 0/Ref 1/Wait 2. */
  int freeWait;

  /** A cgo extra M (for callbacks from C-created threads); it has no thread of its own. */
  boolean isExtra;

  /** Its {@code pthread_t} when its thread came from pthread_create (and m0 under cgo), else 0. */
  long pthread;

  /** Where its pthread start routine returns to (glibc's start_thread exit path), or null. */
  StartRoutine.@Nullable ThreadReturn pthreadDone;

  /** Its thread is gone. */
  boolean exited;

  /** Its g0 stack belongs to the OS (m0, cgo Ms, libc-thread Ms). */
  boolean osStack;

  /** Which path asked for it (for the census). */
  Creator creator = Creator.M0;

  /** The thread that issued its clone. */
  long createdByTid;

  /** Whether the template thread issued the clone. */
  boolean viaTemplateThread;

  /** clone's child_stack, or the pthread stack top. */
  long childStack;

  /** Deadline of a timed park ({@code notetsleep}), or 0. */
  long parkDeadline;

  M(long addr) {
    this.addr = addr;
  }

  /**
   * The M's id.
   *
   * @return m.id
   */
  public long id() {
    return id;
  }

  /**
   * Its thread id.
   *
   * @return m.procid
   */
  public long procid() {
    return procid;
  }

  /**
   * Who asked for it.
   *
   * @return the creating call chain
   */
  public Creator creator() {
    return creator;
  }

  /**
   * The thread that issued its clone.
   *
   * @return a tid, 0 for m0
   */
  public long createdByTid() {
    return createdByTid;
  }

  /**
   * Whether the template thread issued its clone.
   *
   * @return true for a hand-off
   */
  public boolean viaTemplateThread() {
    return viaTemplateThread;
  }

  /**
   * clone's child_stack.
   *
   * @return g0.stack.hi, 0 for m0
   */
  public long childStack() {
    return childStack;
  }

  /**
   * clone's tls argument.
   *
   * @return &m.tls[0] + 8
   */
  public long tls() {
    return tlsArg();
  }

  /**
   * Whether its thread has exited.
   *
   * @return true after exitThread
   */
  public boolean exited() {
    return exited;
  }

  /**
   * Where new(m) put the struct.
   *
   * @return its address in the Go heap
   */
  public long addr() {
    return addr;
  }

  /**
   * The bounds of its g0's stack.
   *
   * @return [lo, hi); both 0 while the OS stack of a cgo M is not known yet
   */
  public Stack g0Stack() {
    return g0 == null ? Stack.NONE : g0.stack();
  }

  /**
   * The bounds of its signal goroutine's stack.
   *
   * @return [lo, hi), {@link Stack#NONE} before mpreinit
   */
  public Stack gsignalStack() {
    return gsignal == null ? Stack.NONE : gsignal.stack();
  }

  /**
   * The P it holds.
   *
   * @return the P's id, -1 for none
   */
  public int pId() {
    return p == null ? -1 : p.id;
  }

  /**
   * The P it will take when its thread starts.
   *
   * @return m.nextp's id, -1 for none
   */
  public int nextpId() {
    return nextp == null ? -1 : nextp.id;
  }

  /**
   * Whether it is spinning (looking for work).
   *
   * @return m.spinning
   */
  public boolean spinning() {
    return spinning;
  }

  /** The address of {@code tls[0]} + 8, what clone sets as the FS base. */
  long tlsArg() {
    return addr + TLS_OFFSET + 8;
  }

  /** The futex word of {@code park}. */
  long park() {
    return addr + PARK_OFFSET;
  }

  /** A word of scratch memory inside the struct, for syscall arguments. */
  long scratch(int word) {
    return addr + SCRATCH_OFFSET + 8L * word;
  }

  @Override
  public String toString() {
    return "m" + id;
  }

  /** What {@code mstartfn} is. */
  enum MStartFn {
    NONE,
    SYSMON,
    MSPINNING,
    TEMPLATE_THREAD
  }

  /** Who asked for this M (the call chain the reference census groups clones by). */
  public enum Creator {
    /** The main thread. */
    M0,
    /** runtime.main: newm(sysmon, nil, -1). */
    SYSMON,
    /** newproc → wakep → startm(nil, true). */
    WAKEP_NEWPROC,
    /** schedule → stoplockedm → handoffp → startm: the locked M handing its P over. */
    HANDOFFP_LOCKED_M,
    /**
     * newstack → gopreempt_m → goschedImpl → schedule → stoplockedm → handoffp → startm: a locked M
     * whose G sysmon preempted, handing its P over.
     */
    HANDOFFP_PREEMPTED,
    /** sysmon → retake → handoffp → startm. */
    RETAKE,
    /** schedule → resetspinning → wakep → startm. */
    RESETSPINNING,
    /** LockOSThread or runtime.main (cgo) → startTemplateThread. */
    TEMPLATE_THREAD,
    /** goready → ready → wakep → startm: a parked G made runnable (a channel, a timer). */
    WAKEP_READY,
    /**
     * time.Sleep → resettimer → modtimer → wakeNetPoller → wakep → startm: no M waits for timers.
     */
    WAKEP_TIMER,
    /** mexit → handoffp → startm: an exiting M handing its P over. */
    MEXIT,
    /** Another startm caller (exitsyscall0 handing off, injectglist). */
    OTHER
  }
}
