package io.github.clonepath.goruntime.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A P, a scheduling context: the fields of {@code runtime.p} that creation and scheduling touch.
 */
public final class P {
  /** Its index in allp. */
  final int id;

  /** One of {@link PStatus}. */
  int status = PStatus.PGCSTOP;

  /** The M owning it. */
  M m;

  /** The 256-slot ring of runnable Gs. */
  final G[] runq = new G[Consts.RUNQ_SIZE];

  /** Ring head (next to take). */
  int runqhead;

  /** Ring tail (next free slot). */
  int runqtail;

  /** The G to run next, ahead of the ring. */
  G runnext;

  /** Free Gs of this P ({@code p.gFree}), linked through their schedlink. */
  final GList gFree = new GList();

  /** Next goid of the batch. */
  long goidcache;

  /** End of the batch. */
  long goidcacheend;

  /** mcache.stackcache: per-order free stack lists (addresses, head first). */
  final Stacks.FreeList[] stackcache = new Stacks.FreeList[Consts.NUM_STACK_ORDERS];

  /** Bytes held per order. */
  final long[] stackcacheSize = new long[Consts.NUM_STACK_ORDERS];

  /** Incremented on every schedule. */
  long schedtick;

  /**
   * {@code preempt}: sysmon asked this P's running G to stop by a signal (preemptone with async
   * preemption); wantAsyncPreempt honours it as it honours g.preempt, and the next G the P runs
   * starts without it.
   */
  boolean preempt;

  /** Incremented on every syscall. */
  long syscalltick;

  /** sysmon's view: the syscalltick it last saw and when. */
  long sysmonSyscalltick;

  /** When sysmon saw the syscalltick change. */
  long sysmonSyscallwhen;

  /** Its timer heap, earliest first ({@code p.timers}; go1.14+). */
  final PriorityQueue<Sched.Timer> timers = new PriorityQueue<>();

  /** When the heap's first timer is due, 0 for an empty heap ({@code p.timer0When}). */
  long timer0When;

  /** sysmon's view: the schedtick it last saw on a running P (a G that runs on keeps it). */
  long sysmonSchedtick = -1;

  /** When sysmon saw the schedtick change. */
  long sysmonSchedwhen;

  P(int id) {
    this.id = id;
    for (int i = 0; i < Consts.NUM_STACK_ORDERS; i++) {
      stackcache[i] = new Stacks.FreeList();
    }
  }

  /** Number of Gs in the ring. */
  /**
   * Its id.
   *
   * @return p.id
   */
  public int id() {
    return id;
  }

  /**
   * Its status.
   *
   * @return for example {@code _Prunning}
   */
  public String status() {
    return PStatus.name(status);
  }

  /**
   * The M that holds it.
   *
   * @return the M's id, -1 for none
   */
  public long mId() {
    return m == null ? -1 : m.id;
  }

  /**
   * Its local run queue, head first (runnext is apart).
   *
   * @return the goids in the ring from runqhead to runqtail
   */
  public List<Long> runqGoids() {
    List<Long> out = new ArrayList<>();
    for (int i = runqhead; i < runqtail; i++) {
      out.add(runq[i % runq.length].goid);
    }
    return out;
  }

  /**
   * The G that runs next, ahead of the queue.
   *
   * @return its goid, -1 for none
   */
  public long runnextGoid() {
    return runnext == null ? -1 : runnext.goid;
  }

  int runqlen() {
    return runqtail - runqhead;
  }

  /** Whether the ring and runnext are empty. */
  boolean runqempty() {
    return runqtail == runqhead && runnext == null;
  }

  @Override
  public String toString() {
    return "p" + id;
  }
}
