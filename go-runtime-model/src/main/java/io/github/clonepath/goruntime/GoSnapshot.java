package io.github.clonepath.goruntime;

import java.util.List;

/**
 * A read-only picture of a Go runtime's scheduler state at one moment: its Ms with their stacks,
 * its Ps with their run queues, the global run queue, and every goroutine.
 *
 * @param allm the Ms in allm order, the newest first
 * @param ps the Ps, p0 first
 * @param globalRunq goids on sched.runq, head first
 * @param runqSize the slots of each P's local run queue ring
 * @param allgs every goroutine ever created, in allgs order
 */
public record GoSnapshot(
    List<M> allm, List<P> ps, List<Long> globalRunq, int runqSize, List<G> allgs) {

  /** Copies the lists. */
  public GoSnapshot {
    allm = List.copyOf(allm);
    ps = List.copyOf(ps);
    globalRunq = List.copyOf(globalRunq);
    allgs = List.copyOf(allgs);
  }

  /**
   * One goroutine.
   *
   * @param goid g.goid
   * @param status for example {@code _Grunnable}
   * @param waitReason why it waits, "" when it does not
   * @param m the M running it, -1 for none
   */
  public record G(long goid, String status, String waitReason, long m) {}

  /**
   * One M.
   *
   * @param id m.id
   * @param addr where new(m) put it
   * @param tid its thread (m.procid), 0 before the thread runs
   * @param childStack the child_stack its clone got, 0 before the clone (and for m0)
   * @param g0Lo g0.stack.lo
   * @param g0Hi g0.stack.hi
   * @param gsignalLo gsignal.stack.lo
   * @param gsignalHi gsignal.stack.hi
   * @param p the P it holds, -1 for none
   * @param nextp the P it takes when its thread starts, -1 for none
   * @param spinning whether it is spinning
   */
  public record M(
      long id,
      long addr,
      long tid,
      long childStack,
      long g0Lo,
      long g0Hi,
      long gsignalLo,
      long gsignalHi,
      int p,
      int nextp,
      boolean spinning) {}

  /**
   * One P.
   *
   * @param id p.id
   * @param status for example {@code _Prunning}
   * @param m the M holding it, -1 for none
   * @param runq goids in its local run queue, head first
   * @param runnext the goid in runnext, -1 for none
   */
  public record P(int id, String status, long m, List<Long> runq, long runnext) {
    /** Copies the queue. */
    public P {
      runq = List.copyOf(runq);
    }
  }
}
