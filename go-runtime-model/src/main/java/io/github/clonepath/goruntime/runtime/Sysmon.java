package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The Ms that run without a P (proc.go): sysmon, which retakes Ps from long system calls and prints
 * schedtrace, and the template thread, which creates Ms on behalf of locked or C-calling threads.
 */
final class Sysmon {
  private final Runtime rt;

  Sysmon(Runtime rt) {
    this.rt = rt;
  }

  private Sched sched() {
    return rt.sched;
  }

  // ---------------------------------------------------------------- sysmon and the template thread

  /**
   * The system monitor, on its own M without a P: sleeps 20 µs, doubling after 50 idle rounds up to
   * 10 ms; each round, holding sched.sysmonlock, it retakes Ps from Ms stuck in syscalls and, with
   * GODEBUG schedtrace=N, calls schedtrace once N ms have passed since the last trace. Its local
   * {@code lasttrace} starts at 0 and {@code nanotime} counts from the machine's boot, so on a real
   * machine (up for longer than N ms) the first round prints: the "0ms" trace. DEVIATION: the
   * model's clock starts with the machine, just before the process, so lasttrace starts at minus
   * the period to keep that first trace. A G running on a P may be preempted (retake: whether it
   * has run 10 ms is the chooser's answer). DEVIATION: it does not poll the network, force GCs, or
   * park when every P is idle (with schedtrace on, the real one does not park either).
   */
  @Source(file = "runtime/proc.go", line = 5134, function = "sysmon", version = "go1.19")
  void sysmon(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      sched().nmsys++;
      if (f.recording()) {
        f.note("sysmon on %s", mp);
      }
      sysmonLoop(ctx, mp, 0, 0, -periodNanos());
    }
  }

  /** {@code debug.schedtrace} in nanoseconds. */
  private long periodNanos() {
    return rt.debug.schedtrace * 1_000_000L;
  }

  private void sysmonLoop(UserContext ctx, M mp, int idle, long delay, long lasttrace) {
    long d;
    if (idle == 0) {
      d = Consts.SYSMON_MIN_DELAY_US;
    } else if (idle > Consts.SYSMON_IDLE_BEFORE_DOUBLING) {
      d = Math.min(delay * 2, Consts.SYSMON_MAX_DELAY_US);
    } else {
      d = delay;
    }
    rt.os.usleep(
        ctx,
        mp,
        d,
        (c, r) -> {
          mp.locks++; // lock(&sched.sysmonlock)
          long now = c.now();
          int n = retake(c, mp, now);
          long last = lasttrace;
          if (rt.debug.schedtrace > 0 && lasttrace + periodNanos() <= now) {
            last = now;
            schedtrace(c, mp, rt.debug.scheddetail > 0);
          }
          mp.locks--; // unlock(&sched.sysmonlock)
          sysmonLoop(c, mp, n != 0 ? 0 : idle + 1, d, last);
        });
  }

  /**
   * GODEBUG schedtrace: one summary line (the time since the first trace, GOMAXPROCS, idle Ps, Ms,
   * spinning and idle Ms, the global queue and, without scheddetail, each P's local queue); with
   * scheddetail, the line ends with the stop-the-world counters and is followed by a line per P,
   * per M (allm order, newest first) and per G (allgs order, dead ones too). It prints under
   * sched.lock, through the runtime's print: one write(2) per argument. What the model does not
   * keep is printed as the real runtime prints it in the model's state: gcwaiting and stopwait are
   * 0 (no stop-the-world is modeled); mallocing, throwing, dying are 0 and preemptoff is empty (no
   * M is inside malloc, a throw, or a preemption-free section when sysmon's step runs); locks is 0
   * except for sysmon itself, which holds sched.sysmonlock and sched.lock (2, as in every reference
   * capture). The M waiting for timers is not blocked: its futex wait stands for netpoll's
   * epoll_pwait, which does not set m.blocked (the captures show that M with {@code blocked=false}
   * beside idle Ms with {@code blocked=true}). timerslen is the size of the P's own timer heap.
   * go1.13 has no per-P timers and no timerslen field. go1.26's text ({@link
   * GoFeature#SCHEDTRACE_126}) adds needspinning and each P's schedtick, and prints booleans and
   * {@code nil} where go1.19 printed 0, 1 and -1.
   */
  @Source(file = "runtime/proc.go", line = 5417, function = "schedtrace", version = "go1.19")
  void schedtrace(UserContext ctx, M self, boolean detailed) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      Sched s = sched();
      Print out = rt.print;
      long now = ctx.now();
      if (s.starttime == 0) {
        s.starttime = now;
      }
      self.locks++; // lock(&sched.lock)
      boolean text126 = rt.profile.has(GoFeature.SCHEDTRACE_126);
      out.print(
          ctx,
          "SCHED ",
          (now - s.starttime) / 1_000_000L,
          "ms: gomaxprocs=",
          rt.opts.gomaxprocs(),
          " idleprocs=",
          s.npidle(),
          " threads=",
          s.mcount(),
          " spinningthreads=",
          s.nmspinning);
      if (text126) {
        out.print(ctx, " needspinning=", s.needspinning);
      }
      out.print(ctx, " idlethreads=", s.nmidle(), " runqueue=", s.runq.size());
      if (detailed) {
        out.print(
            ctx,
            " gcwaiting=",
            flag(false, text126),
            " nmidlelocked=",
            s.nmidlelocked,
            " stopwait=",
            0,
            " sysmonwait=",
            flag(s.sysmonwait, text126),
            "\n");
      }
      boolean timerslen = rt.profile.has(GoFeature.PER_P_TIMERS);
      for (int i = 0; i < s.allp.size(); i++) {
        P pp = s.allp.get(i);
        if (detailed) {
          out.print(
              ctx,
              "  P",
              i,
              ": status=",
              pp.status,
              " schedtick=",
              pp.schedtick,
              " syscalltick=",
              pp.syscalltick,
              " m=",
              id(pp.m == null ? null : pp.m.id, text126),
              " runqsize=",
              pp.runqlen(),
              " gfreecnt=",
              pp.gFree.size());
          if (timerslen) {
            out.print(ctx, " timerslen=", rt.time.timerslen(pp));
          }
          out.print(ctx, "\n");
        } else {
          out.print(ctx, " ");
          if (i == 0) {
            out.print(ctx, text126 ? "[ " : "[");
          }
          out.print(ctx, pp.runqlen());
          if (i == s.allp.size() - 1) {
            out.print(ctx, text126 ? " ]" : "]\n");
          }
        }
      }
      if (!detailed && text126) {
        out.print(ctx, " schedticks=[ ");
        for (P pp : s.allp) {
          out.print(ctx, pp.schedtick);
          out.print(ctx, " ");
        }
        out.print(ctx, "]\n");
      }
      if (detailed) {
        for (M mp : s.allm) {
          out.print(
              ctx,
              "  M",
              mp.id,
              ": p=",
              id(mp.p == null ? null : (long) mp.p.id, text126),
              " curg=",
              id(mp.curg == null ? null : mp.curg.goid, text126),
              " mallocing=",
              0,
              " throwing=",
              0,
              " preemptoff=",
              "",
              " locks=",
              mp.locks,
              " dying=",
              0,
              " spinning=",
              mp.spinning,
              " blocked=",
              mp.blocked && mp != s.timerWaiter,
              " lockedg=",
              id(mp.lockedg == null ? null : mp.lockedg.goid, text126),
              "\n");
        }
        for (G gp : s.allgs) {
          out.print(
              ctx,
              "  G",
              gp.goid,
              ": status=",
              gp.status,
              "(",
              gp.waitReason,
              ") m=",
              id(gp.m == null ? null : gp.m.id, text126),
              " lockedm=",
              id(gp.lockedm == null ? null : gp.lockedm.id, text126),
              "\n");
        }
      }
      self.locks--; // unlock(&sched.lock)
      if (f.recording()) {
        f.note(
            "schedtrace at %d ms: %d idle Ps, %d Ms, %d idle",
            (now - s.starttime) / 1_000_000L, s.npidle(), s.mcount(), s.nmidle());
      }
    }
  }

  /** A flag as schedtrace prints it: 0 or 1 up to go1.19 (a uint32), a boolean in go1.26. */
  private static Object flag(boolean v, boolean text126) {
    return text126 ? (Object) v : (Object) (v ? 1 : 0);
  }

  /** An id as schedtrace prints it: -1 for none up to go1.19, {@code nil} in go1.26's text. */
  private static Object id(@Nullable Long id, boolean text126) {
    if (id == null) {
      return text126 ? "nil" : -1;
    }
    return id;
  }

  /**
   * Takes Ps from Ms that have been in a syscall for at least one sysmon tick, unless the P has no
   * work, someone is spinning or idle, and the syscall is younger than 10 ms; hands each off. A P
   * running a G: a new schedtick is recorded with the time sysmon first saw it, and the G is
   * preempted once that time is forcePreemptNS (10 ms) old. The model's user-space steps take no
   * time, so that age is the chooser's answer ({@link #longRunning}), not the clock's.
   */
  @Source(file = "runtime/proc.go", line = 5291, function = "retake", version = "go1.19")
  int retake(UserContext ctx, M mp, long now) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      int n = 0;
      for (P pp : new ArrayList<>(sched().allp)) {
        if (pp.status == PStatus.PRUNNING) {
          long t = pp.schedtick;
          if (pp.sysmonSchedtick != t) {
            pp.sysmonSchedtick = t;
            pp.sysmonSchedwhen = now;
          }
          if (longRunning(ctx, pp)) {
            preemptone(ctx, mp, pp);
          }
          continue;
        }
        if (pp.status != PStatus.PSYSCALL) {
          continue;
        }
        long t = pp.syscalltick;
        if (pp.sysmonSyscalltick != t) {
          pp.sysmonSyscalltick = t;
          pp.sysmonSyscallwhen = now;
          continue;
        }
        if (pp.runqempty()
            && sched().nmspinning + sched().npidle() > 0
            && pp.sysmonSyscallwhen + Consts.FORCE_PREEMPT_NS > now) {
          continue;
        }
        pp.status = PStatus.PIDLE;
        n++;
        pp.syscalltick++;
        if (f.recording()) {
          f.note("retake: %s from its syscall", pp);
        }
        rt.proc.handoffp(ctx, mp, pp, M.Creator.RETAKE);
      }
      return n;
    }
  }

  /**
   * Whether the G on a running P has run for forcePreemptNS since sysmon first saw its schedtick
   * ({@code pd.schedwhen + forcePreemptNS <= now}): a {@code USER} point, answer 1 yes. The real
   * sysmon looks every 20 µs to 10 ms, and a G that runs 10 ms between two of its own steps (an
   * init function, a loop, a slow machine under strace) meets several rounds; the model's steps
   * take no time, so its one round here may stand for the last of them, whether the schedtick is
   * new to the model's sysmon or not. Asked only where preemptone would ask something: the P's M
   * runs a G (not its g0) that has no request yet. DEVIATION: the 10 ms are not measured; a_hello's
   * real runs take the preemption in about one run of six (a_hello.census_deep.txt), the chooser's
   * answer in whichever schedules the explorer picks.
   */
  private boolean longRunning(UserContext ctx, P pp) {
    M mp = pp.m;
    if (mp == null || mp.curg == null || mp.curg.preempt) {
      return false;
    }
    return ctx.racePoint();
  }

  /**
   * Asks the G running on a P to yield: {@code g.preempt} set (with stackguard0 = stackPreempt,
   * which folds the request into every call's stack check, so that at its next call it goes to the
   * global queue: newstack → gopreempt_m); from go1.14, unless GODEBUG asyncpreemptoff is set, the
   * P is marked too and preemptM signals the M's thread, whose handler stops the G at once if it is
   * at an asynchronous safe point. The signal is SIGURG by tgkill from sysmon's thread; the target
   * thread's trace shows it where the kernel delivers it, on that thread's next return to user mode
   * (a_hello's real runs: on the main thread right after newosproc's mask restore, because the
   * signal came while the clone had every signal blocked).
   *
   * @param self the M calling (sysmon), which never preempts itself
   * @return whether a G was asked
   */
  @Source(file = "runtime/proc.go", line = 5388, function = "preemptone", version = "go1.19")
  boolean preemptone(UserContext ctx, M self, P pp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      M mp = pp.m;
      if (mp == null || mp == self) {
        return false;
      }
      G gp = mp.curg;
      if (gp == null || gp == mp.g0) {
        return false;
      }
      gp.preempt = true;
      if (f.recording()) {
        f.note("preemptone: %s on %s has run for 10 ms", gp, pp);
      }
      if (rt.profile.has(GoFeature.ASYNC_PREEMPT) && rt.debug.asyncpreemptoff == 0) {
        pp.preempt = true;
        rt.signals.preemptM(ctx, self, mp);
      }
      return true;
    }
  }

  /**
   * The template thread: a system M with a clean thread state; it starts every M queued on
   * newmHandoff (by locked or cgo Ms) with newm1, then sleeps on newmHandoff.wake. Each wake-up
   * re-enters this method for the loop's next round; only the first counts the thread among the
   * system Ms (the real function counts itself once, before its loop).
   */
  @Source(file = "runtime/proc.go", line = 2202, function = "templateThread", version = "go1.19")
  void templateThread(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (sched().templateThread != mp) {
        sched().nmsys++;
        sched().templateThread = mp;
      }
      while (!sched().newmHandoff.isEmpty()) {
        M newm = sched().newmHandoff.poll();
        rt.proc.newm1(ctx, mp, newm);
      }
      sched().newmHandoffWaiting = true;
      rt.lockFutex.noteclear(ctx, Runtime.NEWM_HANDOFF_WAKE);
      f.note("template thread sleeps");
      rt.lockFutex.notesleep(ctx, mp, Runtime.NEWM_HANDOFF_WAKE, (c, r) -> templateThread(c, mp));
    }
  }
}
