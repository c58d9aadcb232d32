package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * A running G's preemption, after sysmon's preemptone asked for it. Two ways lead to gopreempt_m:
 * the stack check that sees the request at the G's next call (newstack's preempt branch), and, from
 * go1.14, the preemption signal's handler, which makes a G caught at an asynchronous safe point
 * call asyncPreempt (wantAsyncPreempt, isAsyncSafePoint, asyncPreempt2). goschedImpl then puts the
 * G on the global queue and schedules; a locked M hands its P off, the real runs' {@code ...
 * stoplockedm <- schedule <- goschedImpl} clone.
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
   * Whether the G is asked to stop (its own request or its P's) and is running: only then does the
   * preemption signal's handler look for a safe point.
   */
  @Source(
      file = "runtime/preempt.go",
      line = 342,
      function = "wantAsyncPreempt",
      version = "go1.19")
  static boolean wantAsyncPreempt(G gp) {
    boolean asked = gp.preempt || (gp.m != null && gp.m.p != null && gp.m.p.preempt);
    return asked && gp.status == GStatus.GRUNNING;
  }

  /**
   * Whether the signal caught the G where it may be stopped: the G is its M's user goroutine (not
   * g0, which the scheduler runs on), the M may be preempted (canPreemptM) and the PC is in the G's
   * own code. DEVIATION: the model's G code is its compute steps, so "a PC in user code" is {@link
   * G#userCode}, and every such point is safe: the real check also refuses functions the compiler
   * marked unsafe, assembly, a stack too small for asyncPreempt's frame, and any function of
   * package runtime or reflect (so the model's runtime goroutines, {@link G#system}, never are).
   */
  @Source(
      file = "runtime/preempt.go",
      line = 363,
      function = "isAsyncSafePoint",
      version = "go1.19")
  static boolean isAsyncSafePoint(G gp) {
    M mp = gp.m;
    if (mp == null || mp.curg != gp) {
      return false;
    }
    if (mp.p == null || !canPreemptM(mp)) {
      return false;
    }
    // runtime.main's G computes only in main.main's body, which is no runtime code
    return gp.userCode && (!gp.system || gp.startpc.equals("runtime.main"));
  }

  /**
   * The G's thread resumes its own code after a compute step: if the preemption signal's handler
   * pushed a call to asyncPreempt where it was interrupted, that call runs first.
   *
   * @return true if the G was preempted there (its M has scheduled on)
   */
  boolean resumeUserCode(UserContext ctx, M mp, G gp) {
    gp.userCode = false;
    if (!gp.asyncPreempt) {
      return false;
    }
    asyncPreempt2(ctx, mp, gp);
    return true;
  }

  /**
   * What the injected asyncPreempt runs once it has saved the interrupted registers: mark the G as
   * stopped at an async safe point and yield through gopreempt_m on the system stack (mcall).
   * DEVIATION: no preemptStop branch (preemptPark, the GC's suspendG), which the model does not
   * run; asyncPreempt's register save and restore are not modeled.
   */
  @Source(file = "runtime/preempt.go", line = 302, function = "asyncPreempt2", version = "go1.19")
  void asyncPreempt2(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      gp.asyncPreempt = false;
      if (f.recording()) {
        f.note("%s stops at an async safe point", gp);
      }
    }
    gopreemptM(ctx, mp, gp);
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
      if (f.recording()) {
        f.note("%s: stack check saw a preemption request", gp);
      }
    }
    gopreemptM(ctx, mp, gp);
  }

  /** A preemption's yield: goschedImpl (the execution tracer's GoPreempt event is not modeled). */
  @Source(file = "runtime/proc.go", line = 3402, function = "gopreempt_m", version = "go1.19")
  void gopreemptM(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (f.recording()) {
        f.note("%s yields", gp);
      }
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
      if (f.recording()) {
        f.note("%s preempted onto the global queue", gp);
      }
    }
    rt.schedule.schedule(ctx, mp, M.Creator.HANDOFFP_PREEMPTED);
  }
}
