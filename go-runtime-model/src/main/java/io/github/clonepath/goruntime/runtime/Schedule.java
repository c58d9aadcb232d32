package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;
import org.jspecify.annotations.Nullable;

/**
 * The scheduler loop of proc.go: schedule, findRunnable and work stealing, execute (which hands the
 * G to the model's interpreter, {@link Program}), goexit0, parking and readying, stopm and the
 * locked-M hand-offs. Everything that can block is resumable: a method that returns false (or null)
 * has left a continuation with the kernel and its M does nothing more until resumed.
 */
final class Schedule {
  /** The order stealWork visits the other Ps in (proc.go's stealOrder). */
  private final RandomOrder stealOrder = new RandomOrder();

  private final Runtime rt;

  Schedule(Runtime rt) {
    this.rt = rt;
  }

  private Sched sched() {
    return rt.sched;
  }

  // ---------------------------------------------------------------- the loop

  /**
   * One round of scheduling after another: find a runnable G and run it, until the M blocks. A
   * locked M only ever runs its locked G; a G locked to another M is handed to that M.
   */
  @Source(file = "runtime/proc.go", line = 3185, function = "schedule", version = "go1.19")
  void schedule(UserContext ctx, M mp) {
    schedule(ctx, mp, M.Creator.HANDOFFP_LOCKED_M);
  }

  /**
   * schedule, entered from {@code caller}: the creator a locked M's stoplockedm hands its P off as,
   * so that the census names the path that led there (goschedImpl for a preempted G).
   */
  void schedule(UserContext ctx, M mp, M.Creator caller) {
    while (true) {
      if (mp.lockedg != null) {
        stoplockedm(ctx, mp, caller);
        return;
      }
      G gp = findRunnable(ctx, mp);
      if (gp == null) {
        return;
      }
      if (mp.spinning) {
        resetspinning(ctx, mp);
      }
      if (gp.lockedm != null && gp.lockedm != mp) {
        startlockedm(ctx, mp, gp);
        return;
      }
      if (!execute(ctx, mp, gp, false)) {
        return;
      }
      caller = M.Creator.HANDOFFP_LOCKED_M;
    }
  }

  /**
   * The M starts spinning: counted in nmspinning, and any pending needspinning is served by it
   * (go1.21's {@code m.becomeSpinning}; go1.19 does the first two steps inline).
   */
  void becomeSpinning(M mp) {
    mp.spinning = true;
    sched().nmspinning++;
    sched().needspinning = 0;
  }

  /**
   * Finds a G to run: its P's timers, the global queue on every 61st tick, the local queue, the
   * global queue, then stealing from other Ps (and running their expired timers) as a spinning M.
   * With nothing found it gives up its P and either waits until the earliest timer it saw (the
   * netpoller's role, when no other M waits there) or stops on the idle M list.
   *
   * @return a G, or null when the M blocked (it re-enters the scheduler when woken)
   */
  @Source(file = "runtime/proc.go", line = 2561, function = "findRunnable", version = "go1.19")
  @Nullable G findRunnable(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      while (true) {
        P pp = mp.p;
        long pollUntil = rt.time.checkTimers(ctx, mp, pp);
        if (pp.schedtick % Consts.GLOBAL_RUNQ_TICK == 0 && !sched().runq.empty()) {
          G gp = rt.procg.globrunqget(pp, 1);
          if (gp != null) {
            return gp;
          }
        }
        G gp = rt.procg.runqget(pp);
        if (gp != null) {
          return gp;
        }
        if (!sched().runq.empty()) {
          gp = rt.procg.globrunqget(pp, 0);
          if (gp != null) {
            return gp;
          }
        }
        int busy = rt.opts.gomaxprocs() - sched().npidle();
        if (mp.spinning || 2 * sched().nmspinning < busy) {
          if (!mp.spinning) {
            becomeSpinning(mp);
          }
          Stolen st = stealWork(ctx, mp, pp);
          if (st.gp() != null) {
            return st.gp();
          }
          if (st.newWork()) {
            continue;
          }
          if (st.pollUntil() != 0 && (pollUntil == 0 || st.pollUntil() < pollUntil)) {
            pollUntil = st.pollUntil();
          }
        }
        if (!sched().runq.empty()) {
          return rt.procg.globrunqget(pp, 0);
        }
        // a wakep found work but no P for a spinning M: keep this P and spin instead of dropping it
        if (rt.profile.has(GoFeature.NEEDSPINNING) && !mp.spinning && sched().needspinning == 1) {
          becomeSpinning(mp);
          continue;
        }
        rt.proc.pidleput(rt.proc.releasep(mp));
        boolean wasSpinning = mp.spinning;
        if (mp.spinning) {
          mp.spinning = false;
          sched().nmspinning--;
          P again = recheckAllPs();
          if (again != null) {
            rt.proc.acquirep(mp, again);
            becomeSpinning(mp);
            continue;
          }
          pollUntil = rt.time.checkTimersNoP(pollUntil);
        }
        if (pollUntil != 0 && sched().timerWaiter == null) {
          rt.netpoll.waitForTimers(ctx, mp, pollUntil, wasSpinning);
          if (f.recording()) {
            f.note("%s waits for the next timer", mp);
          }
          return null;
        }
        if (pollUntil != 0) {
          rt.time.netpollBreakIfLater(ctx, pollUntil);
        }
        if (f.recording()) {
          f.note("%s stops", mp);
        }
        stopm(ctx, mp, (c, r) -> schedule(c, mp));
        return null;
      }
    }
  }

  private P recheckAllPs() {
    for (P p2 : sched().allp) {
      if (!p2.runqempty()) {
        P pp = rt.proc.pidleget();
        if (pp != null) {
          return pp;
        }
        break;
      }
    }
    return null;
  }

  /** What stealWork found: a G, the earliest timer it saw, whether it ran timers. */
  record Stolen(@Nullable G gp, long pollUntil, boolean newWork) {}

  /**
   * Four rounds over the other Ps in a pseudo-random order (the runtime's fastrand, seeded),
   * stealing half of a run queue; the last round first runs the expired timers of each P that has
   * some (their Gs land on this P, which then runs one) and may take runnext too. Idle Ps are not
   * stolen from, but their timers are run.
   */
  @Source(file = "runtime/proc.go", line = 2905, function = "stealWork", version = "go1.19")
  Stolen stealWork(UserContext ctx, M mp, P pp) {
    int n = sched().allp.size();
    long pollUntil = 0;
    boolean ranTimer = false;
    boolean perP = rt.profile.has(GoFeature.PER_P_TIMERS);
    for (int i = 0; i < 4; i++) {
      boolean stealTimersOrRunNext = i == 3;
      int start = rt.rand.nextInt(n);
      int stride = stealOrder.stride(n, rt.rand);
      for (int k = 0; k < n; k++) {
        P p2 = sched().allp.get((start + k * stride) % n);
        if (p2 == pp) {
          continue;
        }
        if (stealTimersOrRunNext && perP && !p2.timers.isEmpty()) {
          long w = rt.time.checkTimers(ctx, mp, p2);
          if (w != 0 && (pollUntil == 0 || w < pollUntil)) {
            pollUntil = w;
          }
          if (rt.time.ran) {
            G gp = rt.procg.runqget(pp);
            if (gp != null) {
              return new Stolen(gp, pollUntil, ranTimer);
            }
            ranTimer = true;
          }
        }
        if (p2.status == PStatus.PIDLE && p2.runqempty()) {
          continue;
        }
        G gp = rt.procg.runqsteal(pp, p2, stealTimersOrRunNext);
        if (gp != null) {
          return new Stolen(gp, pollUntil, ranTimer);
        }
      }
    }
    return new Stolen(null, pollUntil, ranTimer);
  }

  /**
   * Runs a G on this M: it becomes _Grunning and its steps run until it parks, exits or blocks.
   *
   * @return true if the M should look for the next G, false if it blocked or exited
   */
  @Source(file = "runtime/proc.go", line = 2517, function = "execute", version = "go1.19")
  boolean execute(UserContext ctx, M mp, G gp, boolean inheritTime) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      mp.curg = gp;
      gp.m = mp;
      rt.procg.casgstatus(gp, GStatus.GRUNNABLE, GStatus.GRUNNING);
      gp.preempt = false;
      mp.p.preempt = false; // schedule's top clears it; no request comes between (no curg)
      if (!inheritTime) {
        mp.p.schedtick++;
      }
      if (rt.noting()) {
        f.note("%s runs %s on %s", mp, gp, mp.p);
      }
    }
    return rt.program.run(ctx, mp, gp);
  }

  /**
   * The end of a goroutine: _Grunning → _Gdead, off its M, onto the P's free list. A G that was
   * still locked to its thread takes the thread with it (mexit). The M keeps its lockedExt count on
   * the way out (only Plan 9 clears it, to reuse the thread): the thread may be in a state the
   * goroutine made, so the M that mexit's handoffp starts is cloned by the template thread.
   *
   * @return true if the M schedules on, false if its thread exited
   */
  @Source(file = "runtime/proc.go", line = 3480, function = "goexit0", version = "go1.19")
  boolean goexit0(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      rt.procg.casgstatus(gp, GStatus.GRUNNING, GStatus.GDEAD);
      gp.waitReason = "";
      boolean locked = gp.lockedm != null;
      gp.lockedm = null;
      mp.lockedg = null;
      dropg(mp, gp);
      if (mp.lockedInt != 0) {
        throw new GoThrow("internal lockOSThread error");
      }
      rt.procg.gfput(ctx, mp.p, gp);
      if (rt.noting()) {
        f.note("goexit0: %s dead%s", gp, locked ? ", its thread exits" : "");
      }
      if (locked) {
        rt.proc.mexit(ctx, mp);
        return false;
      }
      return true;
    }
  }

  /**
   * Takes the G off its M: m.curg and g.m both cleared, as the scheduler does before it moves on.
   */
  @Source(file = "runtime/proc.go", line = 0, function = "dropg", version = "go1.19")
  void dropg(M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      gp.m = null;
      mp.curg = null;
    }
  }

  /** Parks the running G: _Grunning → _Gwaiting, off its M. */
  @Source(file = "runtime/proc.go", line = 3341, function = "park_m", version = "go1.19")
  void gopark(M mp, G gp, String reason) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      rt.procg.casgstatus(gp, GStatus.GRUNNING, GStatus.GWAITING);
      gp.waitReason = reason;
      dropg(mp, gp);
      if (rt.noting()) {
        f.note("%s parks (%s)", gp, reason);
      }
    }
  }

  /** Makes a waiting G runnable in runnext of the current P and wakes a spinning M for it. */
  @Source(file = "runtime/proc.go", line = 843, function = "ready", version = "go1.19")
  void ready(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      rt.procg.casgstatus(gp, GStatus.GWAITING, GStatus.GRUNNABLE);
      rt.procg.runqput(mp.p, gp, true);
      rt.proc.wakep(ctx, mp, M.Creator.WAKEP_READY);
      if (rt.noting()) {
        f.note("%s ready", gp);
      }
    }
  }

  // ---------------------------------------------------------------- idle Ms and locked Ms

  /** Puts the M on the idle list and sleeps on its park note until startm hands it a P. */
  @Source(file = "runtime/proc.go", line = 2231, function = "stopm", version = "go1.19")
  void stopm(UserContext ctx, M mp, Runtime.Body then) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (mp.p != null) {
        throw new GoThrow("stopm holding p");
      }
      if (mp.spinning) {
        throw new GoThrow("stopm spinning");
      }
      rt.proc.mput(mp);
      if (f.recording()) {
        f.note("%s idle, midle=%s", mp, sched().midle);
      }
      rt.lockFutex.notesleep(ctx, mp, mp.park(), wokenWithP(mp, then));
    }
  }

  /**
   * What stopm and stoplockedm both do once notewakeup ends their notesleep: clear the note, take
   * the P the waker left in m.nextp, then go on.
   */
  private Runtime.Body wokenWithP(M mp, Runtime.Body then) {
    return (c, r) -> {
      rt.lockFutex.noteclear(c, mp.park());
      rt.proc.acquirep(mp, mp.nextp);
      mp.nextp = null;
      then.run(c, 0);
    };
  }

  /**
   * A locked M whose G cannot run: hand the P off (this is where a locked main goroutine makes new
   * Ms), sleep until the G is runnable again and a P is handed back, then run the G. {@code
   * creator} names the path that led here, for the clone handoffp may make.
   */
  @Source(file = "runtime/proc.go", line = 2435, function = "stoplockedm", version = "go1.19")
  void stoplockedm(UserContext ctx, M mp, M.Creator creator) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (mp.p != null) {
        P pp = rt.proc.releasep(mp);
        rt.proc.handoffp(ctx, mp, pp, creator);
      }
      sched().nmidlelocked++;
      if (f.recording()) {
        f.note("%s waits for its locked %s", mp, mp.lockedg);
      }
      rt.lockFutex.notesleep(
          ctx,
          mp,
          mp.park(),
          wokenWithP(
              mp,
              (c, r) -> {
                if (execute(c, mp, mp.lockedg, false)) {
                  schedule(c, mp);
                }
              }));
    }
  }

  /**
   * Hands the current P to the M a runnable G is locked to, wakes it, and stops this M, in Go's
   * order: the P into the locked M's nextp, notewakeup's futex wake, then stopm's mput and sleep.
   * Between the wake and the mput this M is not idle; the woken M may run from the wake's return
   * (wake-up preemption), so if its G blocks again at once, handoffp finds no idle M and startm
   * makes one: the real runs' second handoff clone of the locked main goroutine during init.
   */
  @Source(file = "runtime/proc.go", line = 2463, function = "startlockedm", version = "go1.19")
  void startlockedm(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      M locked = gp.lockedm;
      sched().nmidlelocked--;
      P pp = rt.proc.releasep(mp);
      locked.nextp = pp;
      if (f.recording()) {
        f.note("startlockedm: %s with %s to %s", gp, pp, locked);
      }
      rt.lockFutex.notewakeup(ctx, locked.park());
      stopm(ctx, mp, (c, r) -> schedule(c, mp));
    }
  }

  /** A spinning M found work: stop spinning, and wake another spinning M if that was the last. */
  @Source(file = "runtime/proc.go", line = 3097, function = "resetspinning", version = "go1.19")
  void resetspinning(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      mp.spinning = false;
      sched().nmspinning--;
      if (sched().nmspinning < 0) {
        throw new GoThrow("findrunnable: negative nmspinning");
      }
      if (f.recording()) {
        f.note("%s stops spinning, nmspinning=%d", mp, sched().nmspinning);
      }
      rt.proc.wakep(ctx, mp, M.Creator.RESETSPINNING);
    }
  }
}
