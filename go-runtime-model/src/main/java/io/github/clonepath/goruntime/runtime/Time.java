package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * time.Sleep's timers (time.go, with proc.go's checkTimers and wakeNetPoller): a sleeping G waits
 * on its P's timer heap, and a new timer either breaks an M's timed wait or wakes a P.
 */
final class Time {
  private final Runtime rt;

  Time(Runtime rt) {
    this.rt = rt;
  }

  private Sched sched() {
    return rt.sched;
  }

  // ---------------------------------------------------------------- timers

  /**
   * time.Sleep: the G parks and a timer will make it runnable. DEVIATION: timers sit on one heap
   * for the whole process (tagged with their P), not on per-P heaps.
   */
  @Source(file = "runtime/time.go", line = 178, function = "timeSleep", version = "go1.19")
  void timeSleep(UserContext ctx, M mp, G gp, long ns) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long when = ctx.now() + ns;
      P pp = mp.p;
      rt.schedule.gopark(mp, gp, "sleep");
      sched().timers.add(new Sched.Timer(when, sched().timerSeq++, gp, pp));
      f.note("%s sleeps until %d", gp, when);
      wakeNetPoller(ctx, mp, when);
    }
  }

  /** Runs the expired timers: their Gs become runnable on this P. */
  @Source(file = "runtime/proc.go", line = 3279, function = "checkTimers", version = "go1.19")
  void checkTimers(UserContext ctx, M mp, P pp) {
    long now = ctx.now();
    while (!sched().timers.isEmpty() && sched().timers.peek().when() <= now) {
      Sched.Timer t = sched().timers.poll();
      rt.schedule.ready(ctx, mp, t.g());
    }
  }

  /** A new timer: if an M waits for timers past it, break its wait; if nobody waits, get an M. */
  @Source(file = "runtime/proc.go", line = 3078, function = "wakeNetPoller", version = "go1.19")
  void wakeNetPoller(UserContext ctx, M mp, long when) {
    if (sched().timerWaiter != null) {
      if (when < sched().timerWaiterDeadline && ctx.load32(Runtime.TIMER_NOTE) == 0) {
        rt.lockFutex.notewakeup(ctx, Runtime.TIMER_NOTE);
      }
    } else {
      rt.proc.wakep(ctx, mp, M.Creator.WAKEP_TIMER);
    }
  }

  /** The earliest timer of a P, or 0. */
  long nobarrierWakeTime(P pp) {
    long when = 0;
    for (Sched.Timer t : sched().timers) {
      if (t.pp() == pp && (when == 0 || t.when() < when)) {
        when = t.when();
      }
    }
    return when;
  }
}
