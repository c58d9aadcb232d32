package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.PriorityQueue;

/**
 * time.Sleep's timers (time.go, with proc.go's checkTimers and wakeNetPoller). Since go1.14 each P
 * keeps its own heap ({@code p.timers}, earliest first, {@code p.timer0When} its head): a sleeping
 * G's timer goes on the heap of the P its M holds, the M that owns a P runs that P's expired timers
 * in findRunnable, a spinning M runs other Ps' expired timers on its last stealing round, and an M
 * with nothing to do waits until the earliest timer it saw. A timer that fires readies its G on the
 * P of the M that ran it and wakes a P for it (ready → wakep).
 *
 * <p>DEVIATION: a profile without {@link GoFeature#PER_P_TIMERS} (go1.13) keeps every timer on one
 * process-wide heap that any P's M runs; the real go1.13 runs its 64 timer buckets in timerproc
 * goroutines. go1.23 moved the heap into a {@code timers} struct (time.go's timers.check); the
 * model keeps go1.19's shape for go1.21 and go1.26 (same heap per P, same checks).
 */
final class Time {
  private final Runtime rt;

  /** Whether each P has its own timer heap (go1.14 on), read once per process. */
  private final boolean perPTimers;

  Time(Runtime rt) {
    this.rt = rt;
    this.perPTimers = rt.profile.has(GoFeature.PER_P_TIMERS);
  }

  private Sched sched() {
    return rt.sched;
  }

  /** The heap a P's timers live on: its own, or (before go1.14) the one process-wide heap. */
  PriorityQueue<Sched.Timer> timers(P pp) {
    return perPTimers ? pp.timers : sched().timers;
  }

  /** Whether any timer is pending anywhere (checkdead's loop over allp's timers). */
  boolean anyTimers() {
    for (P pp : sched().allp) {
      if (!timers(pp).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- timers

  /**
   * time.Sleep: the G parks and its timer is (re)armed on the current P (resetForSleep → resettimer
   * → modtimer → doaddtimer, then wakeNetPoller).
   */
  @Source(file = "runtime/time.go", line = 178, function = "timeSleep", version = "go1.19")
  void timeSleep(UserContext ctx, M mp, G gp, long ns) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long when = ctx.now() + ns;
      P pp = mp.p;
      rt.schedule.gopark(mp, gp, "sleep");
      doaddtimer(pp, new Sched.Timer(when, sched().timerSeq++, gp, pp));
      if (rt.noting()) {
        f.note("%s sleeps until %d on %s", gp, when, pp);
      }
      wakeNetPoller(ctx, mp, when);
    }
  }

  /** Puts a timer on the P's heap; the head's time is kept in timer0When. */
  @Source(file = "runtime/time.go", line = 289, function = "doaddtimer", version = "go1.19")
  void doaddtimer(P pp, Sched.Timer t) {
    PriorityQueue<Sched.Timer> heap = timers(pp);
    heap.add(t);
    if (heap.peek() == t) {
      pp.timer0When = t.when();
    }
  }

  /**
   * Runs the P's expired timers (runtimer → runOneTimer → goroutineReady, whose Gs go on the
   * running M's P), and returns when the next one is due.
   *
   * @param pp the P whose heap is checked: the M's own, or another one when stealing
   * @return the next timer's time, 0 for none (checkTimers' pollUntil); {@link #ran} tells whether
   *     any timer ran
   */
  @Source(file = "runtime/proc.go", line = 3279, function = "checkTimers", version = "go1.19")
  long checkTimers(UserContext ctx, M mp, P pp) {
    ran = false;
    PriorityQueue<Sched.Timer> heap = timers(pp);
    if (heap.isEmpty()) {
      return 0;
    }
    long now = ctx.now();
    if (now < heap.peek().when()) {
      return heap.peek().when();
    }
    while (!heap.isEmpty()) {
      long next = runtimer(ctx, mp, pp, now);
      if (next != 0) {
        return next;
      }
      ran = true;
    }
    return 0;
  }

  /** Set by {@link #checkTimers}: whether it ran a timer (its third result). */
  boolean ran;

  /** Runs the heap's first timer if it is due (0), or returns when it will be. */
  @Source(file = "runtime/time.go", line = 773, function = "runtimer", version = "go1.19")
  private long runtimer(UserContext ctx, M mp, P pp, long now) {
    PriorityQueue<Sched.Timer> heap = timers(pp);
    Sched.Timer t = heap.peek();
    if (t.when() > now) {
      return t.when();
    }
    heap.poll();
    pp.timer0When = heap.isEmpty() ? 0 : heap.peek().when();
    rt.schedule.ready(ctx, mp, t.g());
    return 0;
  }

  /**
   * A new timer: if an M waits in the poller past it, break its wait; if nobody waits there, wake a
   * P so that some M will.
   */
  @Source(file = "runtime/proc.go", line = 3078, function = "wakeNetPoller", version = "go1.19")
  void wakeNetPoller(UserContext ctx, M mp, long when) {
    if (sched().timerWaiter != null) {
      netpollBreakIfLater(ctx, when);
    } else {
      rt.proc.wakep(ctx, mp, M.Creator.WAKEP_TIMER);
    }
  }

  /** netpollBreak when the poller's deadline is later than {@code when}. */
  void netpollBreakIfLater(UserContext ctx, long when) {
    if (when < sched().timerWaiterDeadline && ctx.load32(Runtime.TIMER_NOTE) == 0) {
      rt.lockFutex.notewakeup(ctx, Runtime.TIMER_NOTE);
    }
  }

  /** The earliest timer of a P, or 0 (its timer0When). */
  @Source(file = "runtime/time.go", line = 756, function = "nobarrierWakeTime", version = "go1.19")
  long nobarrierWakeTime(P pp) {
    PriorityQueue<Sched.Timer> heap = timers(pp);
    return heap.isEmpty() ? 0 : heap.peek().when();
  }

  /**
   * The smaller of pollUntil and every P's earliest timer: the recheck of an M that just stopped
   * spinning and holds no P.
   */
  @Source(file = "runtime/proc.go", line = 3000, function = "checkTimersNoP", version = "go1.19")
  long checkTimersNoP(long pollUntil) {
    for (P p2 : sched().allp) {
      long w = nobarrierWakeTime(p2);
      if (w != 0 && (pollUntil == 0 || w < pollUntil)) {
        pollUntil = w;
      }
    }
    return pollUntil;
  }

  /** {@code len(p.timers)}, as schedtrace prints it. */
  int timerslen(P pp) {
    return pp.timers.size();
  }
}
