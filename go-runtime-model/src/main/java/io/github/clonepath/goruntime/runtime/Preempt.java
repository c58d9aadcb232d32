package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * A running G's preemption, after sysmon's preemptone asked for it: the stack check that sees the
 * request (newstack's preempt branch), gopreempt_m, and goschedImpl, which puts the G on the global
 * queue and schedules; a locked M then hands its P off, the real runs' {@code ... stoplockedm <-
 * schedule <- goschedImpl} clone.
 */
final class Preempt {
  private final Runtime rt;

  Preempt(Runtime rt) {
    this.rt = rt;
  }

  /**
   * Whether the M may be preempted where it stands: it holds no runtime lock and its P is running
   * (preempt.go's canPreemptM; the model's Ms are never inside malloc or a preemptoff section at a
   * step's boundary). If not, the request stays set for the G's next stack check.
   */
  @Source(file = "runtime/preempt.go", line = 287, function = "canPreemptM", version = "go1.19")
  static boolean canPreemptM(M mp) {
    return mp.locks == 0 && mp.p != null && mp.p.status == PStatus.PRUNNING;
  }

  /**
   * The preemption branch of newstack: a function's prologue found its stack guard set to
   * stackPreempt by preemptone and called morestack; newstack acts as if the G had called
   * runtime.Gosched. The model checks at the boundary of the G's steps, where the real G would call
   * a function. DEVIATION: no preemptShrink (stack shrinking) and no preemptStop (suspendG for the
   * GC), which the model does not run.
   */
  @Source(file = "runtime/stack.go", line = 962, function = "newstack", version = "go1.19")
  void newstack(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      f.note("%s: stack check saw a preemption request", gp);
    }
    gopreemptM(ctx, mp, gp);
  }

  /** A preemption's yield: goschedImpl (the execution tracer's GoPreempt event is not modeled). */
  @Source(file = "runtime/proc.go", line = 3402, function = "gopreempt_m", version = "go1.19")
  void gopreemptM(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      f.note("%s yields", gp);
    }
    goschedImpl(ctx, mp, gp);
  }

  /**
   * A preempted G yields: _Grunning → _Grunnable, off its M, onto the global queue, and the M
   * schedules (a locked M hands its P off and waits for it: the census's {@code ... stoplockedm <-
   * schedule <- goschedImpl} clone). go1.19 wakes no M here.
   */
  @Source(file = "runtime/proc.go", line = 3366, function = "goschedImpl", version = "go1.19")
  void goschedImpl(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      gp.preempt = false;
      rt.procg.casgstatus(gp, GStatus.GRUNNING, GStatus.GRUNNABLE);
      rt.schedule.dropg(mp, gp);
      rt.procg.globrunqput(gp);
      f.note("%s preempted onto the global queue", gp);
    }
    rt.schedule.schedule(ctx, mp, M.Creator.HANDOFFP_PREEMPTED);
  }
}
