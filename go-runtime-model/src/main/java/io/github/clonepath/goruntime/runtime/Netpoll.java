package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * The netpoller's timed wait (netpoll_epoll.go), as far as timers need it: an M without work sleeps
 * until the next timer is due. DEVIATION: a futex wait with a timeout stands for epoll_pwait.
 */
final class Netpoll {
  private final Runtime rt;

  Netpoll(Runtime rt) {
    this.rt = rt;
  }

  private Sched sched() {
    return rt.sched;
  }

  /**
   * The netpoller's timed wait: an M without a P sleeps until the earliest timer it saw
   * (findRunnable's pollUntil) or until a new earlier timer breaks the wait, then takes an idle P
   * (spinning again if it was spinning before) and schedules, or stops. DEVIATION: the wait is a
   * futex wait with a timeout on a runtime word, standing for epoll_pwait.
   */
  @Source(file = "runtime/netpoll_epoll.go", line = 106, function = "netpoll", version = "go1.19")
  void waitForTimers(UserContext ctx, M mp, long deadline, boolean wasSpinning) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      sched().timerWaiter = mp;
      sched().timerWaiterDeadline = deadline;
      rt.lockFutex.noteclear(ctx, Runtime.TIMER_NOTE);
      if (rt.noting()) {
        f.note("%s waits for timers until %d", mp, deadline);
      }
      rt.lockFutex.notetsleep(
          ctx,
          mp,
          Runtime.TIMER_NOTE,
          Math.max(0, deadline - ctx.now()),
          (c, r) -> {
            sched().timerWaiter = null;
            rt.lockFutex.noteclear(c, Runtime.TIMER_NOTE);
            P pp = rt.proc.pidleget();
            if (pp != null) {
              rt.proc.acquirep(mp, pp);
              if (wasSpinning) {
                rt.schedule.becomeSpinning(mp);
              }
              rt.schedule.schedule(c, mp);
              return;
            }
            rt.schedule.stopm(c, mp, (c2, r2) -> rt.schedule.schedule(c2, mp));
          });
    }
  }
}
