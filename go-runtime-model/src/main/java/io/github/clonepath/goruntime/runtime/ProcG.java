package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.List;

/**
 * How goroutines are born, queued and recycled ({@code runtime/proc.go}): malg, newproc, newproc1,
 * gfget/gfput, the per-P run queue with runnext, runqputslow and the global queue.
 */
final class ProcG {
  private final Runtime rt;

  /** runqputslow's batch: half a ring plus the new G (the runtime's is an array on its stack). */
  private final G[] batch = new G[Consts.RUNQ_SIZE / 2 + 1];

  /** The release's features the spawn path asks about, read once: they are fixed per process. */
  private final boolean newprocCallsRunqput;

  private final boolean wakepChecksNpidle;
  private final boolean newproc1Parked;

  /** GoOptions' randomizeScheduler, fixed per process, read once instead of per runqput. */
  private final boolean randomizeScheduler;

  /**
   * The go statement's function last seen by newproc1 and whether it is a runtime one: a go
   * statement's goroutines all run the same function, so its name is tested once, not per G.
   */
  private String lastFn;

  private boolean lastFnSystem;

  ProcG(Runtime rt) {
    this.rt = rt;
    this.newprocCallsRunqput = rt.profile.has(GoFeature.NEWPROC_CALLS_RUNQPUT);
    this.wakepChecksNpidle = rt.profile.has(GoFeature.WAKEP_CHECKS_NPIDLE);
    this.newproc1Parked = rt.profile.has(GoFeature.NEWPROC1_PARKED);
    this.randomizeScheduler = rt.opts.randomizeScheduler();
  }

  /**
   * Allocates a G with a stack of {@code stacksize} bytes (rounded to a power of two), or with no
   * stack for -1 (a cgo M's g0 lives on the OS stack).
   */
  @Source(file = "runtime/proc.go", line = 4075, function = "malg", version = "go1.19")
  G malg(UserContext ctx, P pp, int stacksize) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      G newg = new G();
      if (stacksize >= 0) {
        long size = round2(Consts.STACK_SYSTEM + (long) stacksize);
        newg.stackLo = rt.stacks.stackalloc(ctx, pp, size);
        newg.stackHi = newg.stackLo + size;
        newg.stackguard0 = newg.stackLo + rt.profile.stackGuard();
      }
      if (rt.noting()) {
        f.note("malg(%d): stack %s", stacksize, newg.stack());
      }
      return newg;
    }
  }

  /** The smallest power of two at least n (1 for n below 2). */
  static long round2(long n) {
    return n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1;
  }

  /**
   * A {@code go} statement: create the G on the system stack, put it in runnext of the current P,
   * and once runtime.main has started try to get another M spinning for it.
   */
  @Source(file = "runtime/proc.go", line = 4094, function = "newproc", version = "go1.19")
  G newproc(UserContext ctx, M self, G callergp, String fn, List<Op> body) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      G newg = newproc1(ctx, self, fn, body, callergp);
      P pp = self.p;
      if (newprocCallsRunqput) {
        runqputAndWakep(ctx, self, newg);
      }
      if (rt.noting()) {
        f.note("newproc: %s (%s) on %s", newg, fn, pp);
      }
      return newg;
    }
  }

  /**
   * The end of a go statement: the new G goes into runnext of the current P and, once runtime.main
   * has started, another M may be woken for it. newproc does this from go1.15; go1.13 and go1.14 do
   * it at the end of newproc1, and check for an idle P and no spinning M before calling wakep.
   */
  private void runqputAndWakep(UserContext ctx, M self, G newg) {
    runqput(self.p, newg, true);
    if (rt.sched.mainStarted) {
      if (wakepChecksNpidle || (rt.sched.npidle() != 0 && rt.sched.nmspinning == 0)) {
        rt.proc.wakep(ctx, self, M.Creator.WAKEP_NEWPROC);
      }
    }
  }

  /**
   * Builds the new G: a recycled one from the P's free list, else malg(2048) moved from _Gidle to
   * _Gdead and published in allgs; its frame is set up so that returning from fn runs goexit; it
   * becomes _Grunnable and takes the next goid of the P's batch of 16.
   */
  @Source(file = "runtime/proc.go", line = 4112, function = "newproc1", version = "go1.19")
  G newproc1(UserContext ctx, M self, String fn, List<Op> body, G callergp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      P pp = self.p;
      G newg = gfget(ctx, pp);
      if (newg == null) {
        newg = malg(ctx, pp, Consts.STACK_MIN);
        casgstatus(newg, GStatus.GIDLE, GStatus.GDEAD);
        allgadd(newg);
      }
      if (newg.stackHi == 0) {
        throw new GoThrow("newproc1: newg missing stack");
      }
      if (newg.status != GStatus.GDEAD) {
        throw new GoThrow("newproc1: new g is not Gdead");
      }
      // 4 words of frame plus MinFrameSize (0 on amd64), aligned; the fake return PC is goexit
      newg.schedSp = newg.stackHi - 4 * 8;
      newg.schedPc = "goexit+1";
      newg.parentGoid = callergp == null ? 0 : callergp.goid;
      newg.startpc = fn;
      newg.body = body;
      newg.pc = 0;
      newg.locals = null;
      newg.arg = 0;
      if (fn != lastFn) {
        lastFnSystem = fn.startsWith("runtime.");
        lastFn = fn;
      }
      newg.system = lastFnSystem;
      if (newproc1Parked) {
        // from go1.23 newproc1 could leave the G waiting; a go statement asks for runnable
        f.note("newproc1: parked=false, waitReasonZero");
      }
      casgstatus(newg, GStatus.GDEAD, GStatus.GRUNNABLE);
      if (pp.goidcache == pp.goidcacheend) {
        pp.goidcache = rt.sched.goidgen + 1;
        rt.sched.goidgen += Consts.GOID_CACHE_BATCH;
        pp.goidcacheend = pp.goidcache + Consts.GOID_CACHE_BATCH;
        if (rt.noting()) {
          f.note("%s goid batch [%d, %d)", pp, pp.goidcache, pp.goidcacheend);
        }
      }
      newg.goid = pp.goidcache++;
      if (rt.noting()) {
        f.note("newproc1: %s %s stack %s", newg, fn, newg.stack());
      }
      if (!newprocCallsRunqput) {
        runqputAndWakep(ctx, self, newg);
      }
      return newg;
    }
  }

  /** Checks and performs a status change. */
  @Source(file = "runtime/proc.go", line = 963, function = "casgstatus", version = "go1.19")
  void casgstatus(G gp, int oldval, int newval) {
    if (gp.status != oldval) {
      throw new GoThrow(
          "casgstatus: " + gp + " is " + GStatus.name(gp.status) + ", not " + GStatus.name(oldval));
    }
    gp.status = newval;
  }

  /** Publishes a new G in allgs. */
  @Source(file = "runtime/proc.go", line = 533, function = "allgadd", version = "go1.19")
  void allgadd(G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      rt.sched.allgs.add(gp);
      if (rt.noting()) {
        f.note("allgadd: allglen %d", rt.sched.allgs.size());
      }
    }
  }

  /**
   * Puts a dead G on the P's free list (freeing a stack of the wrong size first); at 64 it moves Gs
   * to the global lists until fewer than 32 remain.
   */
  @Source(file = "runtime/proc.go", line = 4241, function = "gfput", version = "go1.19")
  void gfput(UserContext ctx, P pp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (gp.status != GStatus.GDEAD) {
        throw new GoThrow("gfput: bad status (not Gdead)");
      }
      if (gp.stackHi - gp.stackLo != Consts.FIXED_STACK) {
        rt.stacks.stackfree(ctx, pp, gp.stack());
        gp.setStack(Stack.NONE);
        gp.stackguard0 = 0;
      }
      pp.gFree.push(gp);
      if (pp.gFree.size() >= Consts.GFREE_SPILL_AT) {
        int moved = 0;
        while (pp.gFree.size() >= Consts.GFREE_KEEP) {
          G g = pp.gFree.pop();
          if (g.stackLo == 0) {
            rt.sched.gFreeNoStack.push(g);
          } else {
            rt.sched.gFreeStack.push(g);
          }
          moved++;
        }
        if (rt.noting()) {
          f.note(
              "gfput: %s spilled %d Gs to the global lists, %d left", pp, moved, pp.gFree.size());
        }
      }
    }
  }

  /**
   * Takes a free G: if the P has none, first moves up to 32 from the global lists (Gs with stacks
   * first); gives it a stack if it has none or one of the wrong size.
   */
  @Source(file = "runtime/proc.go", line = 4284, function = "gfget", version = "go1.19")
  G gfget(UserContext ctx, P pp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      Sched s = rt.sched;
      if (pp.gFree.empty() && (!s.gFreeStack.empty() || !s.gFreeNoStack.empty())) {
        while (pp.gFree.size() < Consts.GFREE_KEEP) {
          G g = s.gFreeStack.pop();
          if (g == null) {
            g = s.gFreeNoStack.pop();
            if (g == null) {
              break;
            }
          }
          pp.gFree.push(g);
        }
        if (rt.noting()) {
          f.note("gfget: %s refilled to %d", pp, pp.gFree.size());
        }
      }
      G gp = pp.gFree.pop();
      if (gp == null) {
        return null;
      }
      if (gp.stackLo != 0 && gp.stackHi - gp.stackLo != Consts.FIXED_STACK) {
        rt.stacks.stackfree(ctx, pp, gp.stack());
        gp.setStack(Stack.NONE);
      }
      if (gp.stackLo == 0) {
        gp.stackLo = rt.stacks.stackalloc(ctx, pp, Consts.FIXED_STACK);
        gp.stackHi = gp.stackLo + Consts.FIXED_STACK;
        gp.stackguard0 = gp.stackLo + rt.profile.stackGuard();
      }
      if (rt.noting()) {
        f.note("gfget: reuses %s", gp);
      }
      return gp;
    }
  }

  /**
   * Queues a G on the P: with next, it takes runnext and the previous runnext goes to the tail; a
   * full ring sends half of it plus the G to the global queue. With randomizeScheduler on, half of
   * the next=true puts go to the tail instead.
   */
  @Source(file = "runtime/proc.go", line = 5785, function = "runqput", version = "go1.19")
  void runqput(P pp, G gp, boolean next) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      G g = gp;
      boolean nx = next;
      if (randomizeScheduler && nx && rt.rand.nextInt(2) == 0) {
        nx = false;
      }
      if (nx) {
        G old = pp.runnext;
        pp.runnext = g;
        if (rt.noting()) {
          f.note("runqput: %s in runnext of %s", g, pp);
        }
        if (old == null) {
          return;
        }
        g = old;
      }
      if (pp.runqlen() < Consts.RUNQ_SIZE) {
        pp.runq[pp.runqtail % Consts.RUNQ_SIZE] = g;
        pp.runqtail++;
        if (rt.noting()) {
          f.note("runqput: %s at the tail of %s (%d)", g, pp, pp.runqlen());
        }
        return;
      }
      runqputslow(pp, g);
    }
  }

  /** Moves half of a full ring (128) and the new G to the global queue as one batch. */
  @Source(file = "runtime/proc.go", line = 5820, function = "runqputslow", version = "go1.19")
  void runqputslow(P pp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      int n = pp.runqlen() / 2;
      if (n != Consts.RUNQ_SIZE / 2) {
        throw new GoThrow("runqputslow: queue is not full");
      }
      for (int i = 0; i < n; i++) {
        batch[i] = pp.runq[(pp.runqhead + i) % Consts.RUNQ_SIZE];
        pp.runq[(pp.runqhead + i) % Consts.RUNQ_SIZE] = null;
      }
      pp.runqhead += n;
      batch[n] = gp;
      if (randomizeScheduler) {
        for (int i = 1; i <= n; i++) {
          int j = rt.rand.nextInt(i + 1);
          G t = batch[i];
          batch[i] = batch[j];
          batch[j] = t;
        }
      }
      globrunqputbatch(batch, n + 1);
      if (rt.noting()) {
        f.note("runqputslow: %d Gs of %s to the global queue", n + 1, pp);
      }
    }
  }

  /** Appends the first n Gs of a batch to the global queue, in order. sched.lock held. */
  @Source(file = "runtime/proc.go", line = 5593, function = "globrunqputbatch", version = "go1.19")
  void globrunqputbatch(G[] batch, int n) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      for (int i = 0; i < n; i++) {
        rt.sched.runq.pushBack(batch[i]);
      }
      if (rt.noting()) {
        f.note("globrunqputbatch: %d Gs, global queue %d", n, rt.sched.runq.size());
      }
    }
  }

  /** Appends one G to the global queue. sched.lock held. */
  @Source(file = "runtime/proc.go", line = 5568, function = "globrunqput", version = "go1.19")
  void globrunqput(G gp) {
    rt.sched.runq.pushBack(gp);
  }

  /**
   * Takes a share of the global queue for a P: up to len/gomaxprocs+1, at most max (if > 0), at
   * most half the local ring; runs the first and queues the rest locally.
   */
  @Source(file = "runtime/proc.go", line = 5603, function = "globrunqget", version = "go1.19")
  G globrunqget(P pp, int max) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      int size = rt.sched.runq.size();
      if (size == 0) {
        return null;
      }
      int n = size / rt.opts.gomaxprocs() + 1;
      if (n > size) {
        n = size;
      }
      if (max > 0 && n > max) {
        n = max;
      }
      if (n > Consts.RUNQ_SIZE / 2) {
        n = Consts.RUNQ_SIZE / 2;
      }
      G gp = rt.sched.runq.pop();
      for (int i = 1; i < n; i++) {
        runqput(pp, rt.sched.runq.pop(), false);
      }
      if (rt.noting()) {
        f.note("globrunqget: %d Gs to %s", n, pp);
      }
      return gp;
    }
  }

  /** Takes the next G of a P: runnext first, then the ring's head. */
  @Source(file = "runtime/proc.go", line = 5897, function = "runqget", version = "go1.19")
  G runqget(P pp) {
    G next = pp.runnext;
    if (next != null) {
      pp.runnext = null;
      return next;
    }
    if (pp.runqlen() == 0) {
      return null;
    }
    G gp = pp.runq[pp.runqhead % Consts.RUNQ_SIZE];
    pp.runq[pp.runqhead % Consts.RUNQ_SIZE] = null;
    pp.runqhead++;
    return gp;
  }

  /**
   * Steals half of another P's ring (or its runnext when the ring is empty and stealRunNext) into
   * this P's ring (runqgrab copies them to the slots after its tail), returning the last of them to
   * run and keeping the others queued.
   */
  @Source(file = "runtime/proc.go", line = 6018, function = "runqsteal", version = "go1.19")
  G runqsteal(P pp, P p2, boolean stealRunNext) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      int n = p2.runqlen();
      n = n - n / 2;
      int t = pp.runqtail;
      if (n == 0) {
        if (!stealRunNext || p2.runnext == null) {
          return null;
        }
        pp.runq[t % Consts.RUNQ_SIZE] = p2.runnext;
        p2.runnext = null;
        n = 1;
      } else {
        for (int i = 0; i < n; i++) {
          pp.runq[(t + i) % Consts.RUNQ_SIZE] = p2.runq[p2.runqhead % Consts.RUNQ_SIZE];
          p2.runq[p2.runqhead % Consts.RUNQ_SIZE] = null;
          p2.runqhead++;
        }
      }
      n--;
      G gp = pp.runq[(t + n) % Consts.RUNQ_SIZE];
      pp.runq[(t + n) % Consts.RUNQ_SIZE] = null;
      pp.runqtail = t + n;
      if (rt.noting()) {
        f.note("runqsteal: %s took %d Gs from %s", pp, n + 1, p2);
      }
      return gp;
    }
  }
}
