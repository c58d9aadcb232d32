package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * How Ms are born and handed Ps ({@code runtime/proc.go}): startm, wakep, handoffp, newm, allocm,
 * mcommoninit, mReserveID, checkmcount, newm1, the template thread's hand-off, the idle M and P
 * lists, acquirep/releasep and mexit. Creation paths are straight-line methods; the current M is
 * passed as {@code self} where the real code reads getg().m.
 */
final class Proc {
  private final Runtime rt;

  /** The release's wakep features, read once: they are fixed per process and newproc asks per G. */
  private final boolean wakepTakesP;

  private final boolean wakepChecksNpidle;

  Proc(Runtime rt) {
    this.rt = rt;
    this.wakepTakesP = rt.profile.has(GoFeature.WAKEP_TAKES_P);
    this.wakepChecksNpidle = rt.profile.has(GoFeature.WAKEP_CHECKS_NPIDLE);
  }

  private Sched sched() {
    return rt.sched;
  }

  /**
   * Throws when the Ms in use exceed the limit. The caller holds sched.lock. From go1.21 the extra
   * Ms that cgo callbacks use are not counted.
   */
  @Source(file = "runtime/proc.go", line = 760, function = "checkmcount", version = "go1.19")
  void checkmcount(UserContext ctx) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long count = sched().mcount();
      if (rt.profile.has(GoFeature.CHECKMCOUNT_EXCLUDES_EXTRA)) {
        count -= extraMCount();
      }
      if (f.recording()) {
        f.note("mcount=%d maxmcount=%d", count, sched().maxmcount);
      }
      if (count > sched().maxmcount) {
        rt.printErr(ctx, "runtime: program exceeds " + sched().maxmcount + "-thread limit\n");
        throw new GoThrow("thread exhaustion");
      }
    }
  }

  private long extraMCount() {
    long n = 0;
    for (M mp : sched().allm) {
      if (mp.isExtra) {
        n++;
      }
    }
    return n;
  }

  /**
   * Hands out the next M id and checks the limit. The reservation counts at once, before any thread
   * exists, so the limit trips on the id, not on clone (go1.15+; needs sched.lock).
   */
  @Source(file = "runtime/proc.go", line = 773, function = "mReserveID", version = "go1.19")
  long mReserveID(UserContext ctx) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long id = sched().mnext;
      sched().mnext++;
      if (f.recording()) {
        f.note("mnext %d→%d", id, sched().mnext);
      }
      checkmcount(ctx);
      return id;
    }
  }

  /**
   * Common M set-up: its id (given, or reserved here; go1.13 always numbers it here, after startm
   * dropped the lock), the signal goroutine (mpreinit), and the publication in allm.
   */
  @Source(file = "runtime/proc.go", line = 786, function = "mcommoninit", version = "go1.19")
  void mcommoninit(UserContext ctx, P pp, M mp, long id) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (id >= 0) {
        mp.id = id;
      } else if (rt.profile.has(GoFeature.RESERVE_ID_IN_STARTM)) {
        mp.id = mReserveID(ctx);
      } else {
        mp.id = sched().mnext;
        sched().mnext++;
        checkmcount(ctx);
      }
      rt.os.mpreinit(ctx, pp, mp);
      sched().allm.push(mp);
      if (f.recording()) {
        f.note("mcommoninit: %s id=%d, allm=%s", mp, mp.id, sched().allm);
      }
      // m0's call comes from schedinit before parsedebugvars, with no depth yet: nothing to make
      if (rt.profile.has(GoFeature.PERSISTENT_PER_M) && rt.debug.profstackdepth > 0) {
        mProfStackInit(ctx);
      }
    }
  }

  /**
   * The new M's profiling stack buffers, made eagerly so that malloc and the lock profiler never
   * allocate while they record a stack. Their two slices come from mallocgc; a span that refill
   * hands back goes onto a span set, whose blocks come from persistentalloc, and that is where
   * go1.26.8's captures map a new 256 KiB chunk (seen under {@code strace -k}: mcommoninit →
   * makeslice → mallocgc → mcache.refill → mcentral.uncacheSpan → spanSet.push → persistentalloc).
   * DEVIATION: the span sets and fixallocs that really fill the chunk are not modeled; {@link
   * Mheap#persistentForM} charges each M a fitted share.
   */
  @Source(file = "runtime/proc.go", line = 1043, function = "mProfStackInit", version = "go1.26.8")
  void mProfStackInit(UserContext ctx) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      rt.mheap.persistentForM(ctx);
    }
  }

  /**
   * Allocates an M that is not yet running on any thread: borrows the P for the allocations if the
   * caller has none, frees the g0 stacks of Ms that have exited, then new(m), mcommoninit and the
   * g0 (the OS's stack for cgo Ms, else 8 KiB from the Go stack allocator).
   */
  @Source(file = "runtime/proc.go", line = 1715, function = "allocm", version = "go1.19")
  M allocm(UserContext ctx, M self, P pp, M.MStartFn fn, long id) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      P cacheP = self.p;
      boolean borrowed = false;
      // the allocations below need a P's caches: a caller without one (sysmon, the template
      // thread, startm's callers) lends the P the new M will run on, for this function only
      if (cacheP == null && pp != null) {
        acquirep(self, pp);
        cacheP = pp;
        borrowed = true;
      }
      // a convenient moment to reap Ms that have exited: it may free a g0 stack to reuse below
      drainFreem(ctx, cacheP, f);
      M mp = new M(rt.mheap.newM(ctx));
      mp.mstartfn = fn;
      // id, signal goroutine and the allm link come before the g0: allm must know every M
      mcommoninit(ctx, cacheP, mp, id);
      // pthread_create gives a cgo (or libc-thread) M its stack, so no Go stack is allocated
      if (rt.opts.cgo() || rt.opts.libcThreads()) {
        mp.g0 = rt.procg.malg(ctx, cacheP, -1);
        mp.osStack = true;
      } else {
        mp.g0 = rt.procg.malg(ctx, cacheP, rt.profile.g0StackSize());
      }
      mp.g0.m = mp;
      // give the lent P back: the new M takes it as nextp once its thread runs
      if (borrowed) {
        releasep(self);
      }
      if (f.recording()) {
        f.note("allocm: %s at 0x%x, g0 %s", mp, mp.addr, mp.g0.stack());
      }
      return mp;
    }
  }

  private void drainFreem(UserContext ctx, P cacheP, Frame f) {
    for (Iterator<M> it = sched().freem.iterator(); it.hasNext(); ) {
      M old = it.next();
      if (rt.profile.has(GoFeature.FREE_WAIT_STATES)) {
        if (old.freeWait == FREE_M_WAIT) {
          continue;
        }
        if (old.freeWait == FREE_M_STACK) {
          rt.stacks.stackfree(ctx, cacheP, old.g0.stack());
        }
        it.remove();
      } else if (old.freeWait == 0) {
        rt.stacks.stackfree(ctx, cacheP, old.g0.stack());
        it.remove();
      }
      if (f.recording()) {
        f.note("freem: %s reaped", old);
      }
    }
  }

  /** go1.20+ freeWait: the thread is gone, free its g0 stack. */
  static final int FREE_M_STACK = 0;

  /** go1.20+ freeWait: the thread is gone, only drop the reference. */
  static final int FREE_M_REF = 1;

  /** go1.20+ freeWait: the thread still runs on its stack. */
  static final int FREE_M_WAIT = 2;

  /**
   * Creates a new M that will run {@code fn} and then take {@code pp}. If the current M is locked
   * to its thread or inside C, its thread may be in a state new threads must not inherit, so the M
   * is queued for the template thread, which clones it from a clean thread.
   */
  @Source(file = "runtime/proc.go", line = 2096, function = "newm", version = "go1.19")
  void newm(UserContext ctx, M self, M.MStartFn fn, P pp, long id, M.Creator why) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      newmSteps(ctx, self, fn, pp, id, why, f);
    }
  }

  /**
   * The go1.13 newm(fn, p): the same steps as {@link #newm}, but no id is reserved before, so
   * allocm gets none and mcommoninit numbers the M. Recorded as go1.13's own newm, not as a call of
   * the later one.
   */
  @Source(file = "runtime/proc.go", line = 1803, function = "newm", version = "go1.13")
  void newmGo113(UserContext ctx, M self, M.MStartFn fn, P pp, M.Creator why) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      newmSteps(ctx, self, fn, pp, -1, why, f);
    }
  }

  /**
   * The body of newm, shared by the releases' newm methods above (not a real function, so it
   * records no call of its own): allocm, nextp, then either the template thread's hand-off or
   * newm1.
   */
  private void newmSteps(
      UserContext ctx, M self, M.MStartFn fn, P pp, long id, M.Creator why, Frame f) {
    // allocm puts the M on allm before any thread exists; newm must then see it started
    M mp = allocm(ctx, self, pp, fn, id);
    mp.nextp = pp;
    mp.creator = why;
    rt.created.add(mp);
    // a locked thread or one that came from C may carry kernel state a clone would copy: a
    // known-clean thread, the template thread, creates this one instead
    if (self.lockedExt != 0 || self.incgo) {
      // without the template thread nobody could ever start the M
      if (!sched().haveTemplateThread) {
        throw new GoThrow("on a locked thread with no template thread");
      }
      sched().newmHandoff.add(mp);
      mp.viaTemplateThread = true;
      if (f.recording()) {
        f.note("newm: %s queued on newmHandoff (current %s is locked or in cgo)", mp, self);
      }
      // the template thread sleeps on its note only when its queue was empty
      if (sched().newmHandoffWaiting) {
        sched().newmHandoffWaiting = false;
        rt.lockFutex.notewakeup(ctx, Runtime.NEWM_HANDOFF_WAKE);
      }
      return;
    }
    newm1(ctx, self, mp);
    if (f.recording()) {
      f.note("newm: %s for %s, nextp=%s", mp, fn, pp);
    }
  }

  /** Starts the OS thread of an allocated M: through cgo's pthread_create, or newosproc. */
  @Source(file = "runtime/proc.go", line = 2145, function = "newm1", version = "go1.19")
  void newm1(UserContext ctx, M self, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (rt.opts.cgo()) {
        rt.cgo.cgoThreadStart(ctx, self, mp);
      } else if (rt.opts.libcThreads()) {
        rt.osDarwin.newosprocLibc(ctx, self, mp);
      } else {
        rt.os.newosproc(ctx, self, mp);
      }
      if (f.recording()) {
        f.note("newm1: %s started", mp);
      }
    }
  }

  /**
   * Starts the template thread if there is none: an M with a clean thread state that clones new Ms
   * on behalf of locked or cgo threads. It is a system M and runs without a P.
   */
  @Source(
      file = "runtime/proc.go",
      line = 2174,
      function = "startTemplateThread",
      version = "go1.19")
  void startTemplateThread(UserContext ctx, M self) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (sched().haveTemplateThread) {
        return;
      }
      sched().haveTemplateThread = true;
      // the template thread itself must be started directly, even from a locked M
      int ext = self.lockedExt;
      self.lockedExt = 0;
      boolean incgo = self.incgo;
      self.incgo = false;
      if (rt.profile.has(GoFeature.RESERVE_ID_IN_STARTM)) {
        newm(ctx, self, M.MStartFn.TEMPLATE_THREAD, null, -1, M.Creator.TEMPLATE_THREAD);
      } else {
        newmGo113(ctx, self, M.MStartFn.TEMPLATE_THREAD, null, M.Creator.TEMPLATE_THREAD);
      }
      self.lockedExt = ext;
      self.incgo = incgo;
      f.note("template thread started");
    }
  }

  /**
   * Runs some M with {@code pp}: an idle one is woken, otherwise a new one is created (its id is
   * reserved under sched.lock first). With no P given it takes an idle P, or gives up (undoing the
   * spinning count) when there is none.
   */
  @Source(file = "runtime/proc.go", line = 2269, function = "startm", version = "go1.19")
  void startm(UserContext ctx, M self, P pp, boolean spinning, M.Creator why) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      P p = pp;
      if (p == null) {
        if (rt.profile.has(GoFeature.STARTM_LOCKHELD) && spinning) {
          throw new GoThrow("startm: P required for spinning=true");
        }
        p = pidleget();
        if (p == null) {
          if (spinning) {
            sched().nmspinning--;
            if (sched().nmspinning < 0) {
              throw new GoThrow("startm: negative nmspinning");
            }
          }
          f.note("startm: no idle P");
          return;
        }
      }
      M nmp = mget();
      if (nmp == null) {
        M.MStartFn fn = spinning ? M.MStartFn.MSPINNING : M.MStartFn.NONE;
        if (rt.profile.has(GoFeature.RESERVE_ID_IN_STARTM)) {
          long id = mReserveID(ctx);
          newm(ctx, self, fn, p, id, why);
        } else {
          newmGo113(ctx, self, fn, p, why);
        }
        if (f.recording()) {
          f.note("startm: new M for %s, spinning=%b", p, spinning);
        }
        return;
      }
      if (nmp.spinning) {
        throw new GoThrow("startm: m is spinning");
      }
      if (nmp.nextp != null) {
        throw new GoThrow("startm: m has p");
      }
      if (spinning && !p.runqempty()) {
        throw new GoThrow("startm: p has runnable gs");
      }
      nmp.spinning = spinning;
      nmp.nextp = p;
      if (f.recording()) {
        f.note("startm: wakes idle %s with %s, spinning=%b", nmp, p, spinning);
      }
      rt.lockFutex.notewakeup(ctx, nmp.park());
    }
  }

  /**
   * Tries to add one more spinning M when there is an idle P and no spinning M yet (the CAS of
   * nmspinning 0→1 makes that at most one at a time). go1.13 checks npidle in the caller.
   */
  @Source(file = "runtime/proc.go", line = 2422, function = "wakep", version = "go1.19")
  void wakep(UserContext ctx, M self, M.Creator why) {
    if (wakepTakesP) {
      // go1.20+ has its own wakep, recorded as such (not as a call inside this one)
      wakepGo121(ctx, self, why);
      return;
    }
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (wakepChecksNpidle && sched().npidle() == 0) {
        return;
      }
      if (sched().nmspinning != 0) {
        return;
      }
      sched().nmspinning = 1;
      if (rt.noting()) {
        f.note("wakep: nmspinning 0→1");
      }
      startm(ctx, self, null, true, why);
    }
  }

  /**
   * go1.21's wakep: the idle P is taken under sched.lock before startm, so a spinning M is never
   * started without one (if none, needspinning is set instead).
   */
  @Source(file = "runtime/proc.go", line = 2729, function = "wakep", version = "go1.21.0")
  void wakepGo121(UserContext ctx, M self, M.Creator why) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (sched().nmspinning != 0) {
        return;
      }
      sched().nmspinning = 1;
      P pp = pidleget();
      if (pp == null) {
        // pidlegetSpinning: the work found cannot be taken, so an M about to drop its P must spin
        sched().nmspinning--;
        sched().needspinning = 1;
        if (rt.noting()) {
          f.note("wakep: no idle P, needspinning=1");
        }
        return;
      }
      if (rt.noting()) {
        f.note("wakep: took %s, nmspinning 0→1", pp);
      }
      startm(ctx, self, pp, true, why);
    }
  }

  /**
   * Hands a P off from an M that cannot use it (in a syscall, locked, exiting): start an M for it
   * if it has work, or if nobody is spinning or idle; if it is the last P and nobody waits for
   * timers, start an M too; otherwise put it on the idle list, waking the timer waiter for its
   * timers.
   */
  @Source(file = "runtime/proc.go", line = 2354, function = "handoffp", version = "go1.19")
  void handoffp(UserContext ctx, M self, P pp, M.Creator why) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (!pp.runqempty() || !sched().runq.empty()) {
        if (f.recording()) {
          f.note("handoffp: %s has work", pp);
        }
        startm(ctx, self, pp, false, why);
        return;
      }
      if (sched().nmspinning + sched().npidle() == 0) {
        sched().nmspinning = 1;
        sched().needspinning = 0;
        if (f.recording()) {
          f.note("handoffp: %s, no spinning or idle M: start a spinning one", pp);
        }
        startm(ctx, self, pp, true, why);
        return;
      }
      if (sched().npidle() == rt.opts.gomaxprocs() - 1 && sched().timerWaiter == null) {
        if (f.recording()) {
          f.note("handoffp: %s is the last P and nobody waits for timers", pp);
        }
        startm(ctx, self, pp, false, why);
        return;
      }
      long when = rt.time.nobarrierWakeTime(pp);
      pidleput(pp);
      if (f.recording()) {
        f.note("handoffp: %s idle", pp);
      }
      if (when != 0) {
        rt.time.wakeNetPoller(ctx, self, when);
      }
    }
  }

  /** Pops an idle M. sched.lock held. */
  @Source(file = "runtime/proc.go", line = 5552, function = "mget", version = "go1.19")
  M mget() {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      M mp = sched().midle.poll();
      if (rt.noting()) {
        if (mp == null) {
          f.note("mget: no idle M");
        } else {
          if (f.recording()) {
            f.note("mget: took idle %s", mp);
          }
        }
      }
      return mp;
    }
  }

  /** Pushes an M on the idle list. sched.lock held. */
  @Source(file = "runtime/proc.go", line = 5538, function = "mput", version = "go1.19")
  void mput(M mp) {
    sched().midle.push(mp);
    checkdead();
  }

  /**
   * Called each time an M goes idle: when no M is left running user code (idle, locked-idle and
   * system Ms such as sysmon do not count) while every user goroutine is blocked and no goroutine
   * timer is pending, nothing can ever wake them: the run dies with Go's deadlock message (exit
   * status 2). The timers looked at are every P's heap. DEVIATION: the goroutine tracebacks real Go
   * prints after the message are not modeled, nor the allowance for an extra M in a program without
   * cgo (a case of Windows and of a few platforms only).
   */
  @Source(file = "runtime/proc.go", line = 5018, function = "checkdead", version = "go1.19")
  void checkdead() {
    Sched s = sched();
    long run = s.mcount() - s.nmidle() - s.nmidlelocked - s.nmsys;
    if (run > 0) {
      return;
    }
    if (run < 0) {
      throw new GoThrow("checkdead: inconsistent counts");
    }
    int grunning = 0;
    for (G gp : s.allgs) {
      // isSystemGoroutine: runtime.main counts as a user goroutine.
      if (gp.system && !gp.startpc.equals("runtime.main")) {
        continue;
      }
      switch (gp.status & ~GStatus.GSCAN) {
        case GStatus.GWAITING, GStatus.GPREEMPTED -> grunning++;
        case GStatus.GRUNNABLE, GStatus.GRUNNING, GStatus.GSYSCALL ->
            throw new GoThrow("checkdead: runnable g");
        default -> {}
      }
    }
    if (grunning == 0) {
      throw new GoThrow("no goroutines (main called runtime.Goexit) - deadlock!");
    }
    if (rt.time.anyTimers()) {
      return;
    }
    throw new GoThrow("all goroutines are asleep - deadlock!");
  }

  /** Pops an idle P. sched.lock held. */
  @Source(file = "runtime/proc.go", line = 5734, function = "pidleget", version = "go1.19")
  P pidleget() {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      P pp = sched().pidle.poll();
      if (rt.noting()) {
        f.note(pp == null ? "pidleget: no idle P" : "pidleget: took an idle P");
      }
      return pp;
    }
  }

  /** Puts a P without work on the idle list. sched.lock held. */
  @Source(file = "runtime/proc.go", line = 5707, function = "pidleput", version = "go1.19")
  void pidleput(P pp) {
    if (!pp.runqempty()) {
      throw new GoThrow("pidleput: P has non-empty run queue");
    }
    pp.status = PStatus.PIDLE;
    pp.m = null;
    sched().pidle.push(pp);
  }

  /** Associates a P with the current M. */
  @Source(file = "runtime/proc.go", line = 4944, function = "acquirep", version = "go1.19")
  void acquirep(M self, P pp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (self.p != null || pp.m != null || pp.status != PStatus.PIDLE) {
        throw new GoThrow(
            "wirep: invalid p state ("
                + self
                + " has "
                + self.p
                + ", "
                + pp
                + " m="
                + pp.m
                + " status="
                + PStatus.name(pp.status)
                + ")");
      }
      self.p = pp;
      pp.m = self;
      pp.status = PStatus.PRUNNING;
      if (rt.noting()) {
        f.note("%s acquires %s", self, pp);
      }
    }
  }

  /** Disassociates the current M from its P. */
  @Source(file = "runtime/proc.go", line = 4985, function = "releasep", version = "go1.19")
  P releasep(M self) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      P pp = self.p;
      if (pp == null || pp.m != self) {
        throw new GoThrow("releasep: invalid arg");
      }
      self.p = null;
      pp.m = null;
      pp.status = PStatus.PIDLE;
      if (rt.noting()) {
        f.note("%s releases %s", self, pp);
      }
      return pp;
    }
  }

  /**
   * Tears down an M whose locked goroutine exited: block signals, drop the signal stack, leave allm
   * for sched.freem, hand the P off, count it as freed, and exit the thread only.
   */
  @Source(file = "runtime/proc.go", line = 1471, function = "mexit", version = "go1.19")
  void mexit(UserContext ctx, M self) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (self == rt.m0) {
        // m0 cannot exit: it hands its P off and parks forever
        P pp = releasep(self);
        handoffp(ctx, self, pp, M.Creator.MEXIT);
        f.note("mexit: m0 parks forever");
        rt.lockFutex.notesleep(ctx, self, self.park(), (c, r) -> {});
        return;
      }
      rt.os.sigblock(ctx, self);
      rt.os.unminit(ctx, self);
      sched().allm.remove(self);
      self.freeWait = rt.profile.has(GoFeature.FREE_WAIT_STATES) ? FREE_M_WAIT : 1;
      if (!self.osStack || rt.profile.has(GoFeature.FREE_WAIT_STATES)) {
        sched().freem.add(self);
      }
      P pp = releasep(self);
      handoffp(ctx, self, pp, M.Creator.MEXIT);
      sched().nmfreed++;
      if (f.recording()) {
        f.note("mexit: %s leaves, nmfreed=%d", self, sched().nmfreed);
      }
      if (self.pthreadDone != null) {
        // an OS-stack M returns from mstart: the C library frees the stack and ends the thread
        self.exited = true;
        self.pthreadDone.ret(ctx, 0);
        return;
      }
      rt.os.exitThread(ctx, self);
    }
  }

  /**
   * Makes one extra M: an M with no thread, for a thread created by C that calls into Go (needm
   * takes it). It has its g0 (no stack under cgo) and signal stack like any M, plus a goroutine
   * with a 4 KiB stack that is born dead and locked to it; the goroutine takes the next goid and
   * counts as a system goroutine. No system call is made.
   */
  @Source(file = "runtime/proc.go", line = 1921, function = "oneNewExtraM", version = "go1.19")
  void oneNewExtraM(UserContext ctx, M self) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      M mp = allocm(ctx, self, null, M.MStartFn.NONE, -1);
      G gp = rt.procg.malg(ctx, self.p, Consts.EXTRA_M_G_STACK);
      rt.procg.casgstatus(gp, GStatus.GIDLE, GStatus.GDEAD);
      gp.m = mp;
      mp.curg = gp;
      mp.isExtra = true;
      mp.lockedInt++;
      mp.lockedg = gp;
      gp.lockedm = mp;
      gp.goid = ++sched().goidgen;
      gp.system = true;
      rt.procg.allgadd(gp);
      sched().extram.add(mp);
      if (f.recording()) {
        f.note("oneNewExtraM: %s with %s (dead, locked), on the extra list", mp, gp);
      }
    }
  }

  /** All Ms in allm order (newest first), for tests. */
  List<M> allm() {
    return new ArrayList<>(sched().allm);
  }
}
