package io.github.clonepath.goruntime.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.Libc;
import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The scheduler loop and the drivers that give the creation paths their real callers: rt0_go,
 * schedinit, runtime.main, mstart/mstart1, schedule/findRunnable/execute, goexit0, stopm and the
 * locked-M hand-offs, entersyscall/exitsyscall, sysmon/retake, the template thread, LockOSThread
 * and time.Sleep's timers. Everything that can block is resumable: a method that returns false (or
 * null) has left a continuation with the kernel and its M does nothing more until resumed.
 */
final class Schedule {
  private final Runtime rt;

  Schedule(Runtime rt) {
    this.rt = rt;
  }

  private Sched sched() {
    return rt.sched;
  }

  // ---------------------------------------------------------------- start-up

  /**
   * The main thread's entry: set the TLS to m0, run schedinit, create the main goroutine
   * (runtime.main) and start scheduling on m0.
   */
  @Source(file = "runtime/asm_amd64.s", line = 159, function = "rt0_go", version = "go1.19")
  void rt0Go(UserContext ctx) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      M m0 = new M(Runtime.M0_ADDR);
      rt.m0 = m0;
      m0.osStack = true;
      m0.g0 = new G();
      m0.g0.m = m0;
      m0.procid = rt.tracer.currentTid();
      rt.byTid.put(m0.procid, m0);
      rt.created.add(m0);
      if (rt.opts.cgo() || rt.opts.libcThreads()) {
        // the C library started first (_start → __libc_start_main) and owns FS; _cgo_init (or the
        // libc-thread runtime) keeps it, so rt0_go sets no TLS of its own
        rt.libc = Libc.start(ctx, LibcConfig.DEFAULT);
        m0.pthread = rt.libc.mainThread();
      } else {
        rt.os.settls(ctx, m0);
      }
      schedinit(ctx, m0);
      rt.g1 = rt.procg.newproc(ctx, m0, null, "runtime.main", runtimeMainBody());
      f.note("rt0_go: main goroutine %s", rt.g1);
      mstart(ctx, m0);
    }
  }

  private List<Op> runtimeMainBody() {
    List<Op> body = new ArrayList<>();
    body.add(new Op.RuntimeStep("start"));
    // doInit(runtime_inittask): proc.go's init starts forcegchelper
    body.add(new Op.Go("runtime.forcegchelper", List.of(new Op.ParkForever("force gc (idle)")), 1));
    // gcenable: two background workers each signal a channel once started
    body.add(new Op.RuntimeStep("gcenable"));
    body.add(
        new Op.Go(
            "runtime.bgsweep", List.of(new Op.Send(-1), new Op.ParkForever("GC sweep wait")), 1));
    body.add(
        new Op.Go(
            "runtime.bgscavenge",
            List.of(new Op.Send(-1), new Op.ParkForever("GC scavenge wait")),
            1));
    body.add(new Op.Recv(-1));
    body.add(new Op.Recv(-1));
    if (rt.opts.cgo()) {
      body.add(new Op.RuntimeStep("cgo"));
    }
    if (rt.opts.userInitLocks()) {
      body.add(new Op.LockOSThread());
    }
    body.add(new Op.RuntimeStep("unlock"));
    body.addAll(rt.opts.main());
    body.add(new Op.RuntimeStep("exit"));
    return List.copyOf(body);
  }

  /**
   * Scheduler start-up on m0: the thread limit, the heap, m0's own M set-up (id 0 and its signal
   * stack), the initial signal mask, and the Ps. DEVIATION: the heap objects of start-up the model
   * does not place one by one (module data, GC state, allp, mcaches) are consumed as opaque pages
   * (4 before m0's signal stack, 18 after) so that later addresses match the reference trace.
   */
  @Source(file = "runtime/proc.go", line = 658, function = "schedinit", version = "go1.19")
  void schedinit(UserContext ctx, M m0) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      sched().maxmcount = Consts.MAX_MCOUNT;
      rt.mheap.mallocinit(ctx);
      rt.mheap.reserveOpaque(ctx, 4);
      rt.proc.mcommoninit(ctx, null, m0, -1);
      rt.mheap.reserveOpaque(ctx, 18);
      rt.os.sigsave(ctx, m0);
      rt.debug.parsedebugvars(rt.opts.godebug());
      procresize(m0, rt.opts.gomaxprocs());
      f.note("schedinit: maxmcount=%d, %d Ps", sched().maxmcount, rt.opts.gomaxprocs());
    }
  }

  /**
   * Creates the Ps; the current M keeps P0, the others go idle (highest first, so P1 is on top).
   */
  @Source(file = "runtime/proc.go", line = 4801, function = "procresize", version = "go1.19")
  void procresize(M self, int nprocs) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      for (int i = 0; i < nprocs; i++) {
        P pp = new P(i);
        pp.status = PStatus.PIDLE;
        sched().allp.add(pp);
      }
      rt.proc.acquirep(self, sched().allp.get(0));
      for (int i = nprocs - 1; i >= 1; i--) {
        rt.proc.pidleput(sched().allp.get(i));
      }
      f.note("procresize: %d Ps, idle %s", nprocs, sched().pidle);
    }
  }

  /**
   * The first function of every new M, m0 included. An M whose g0 has no Go stack (lo = 0: m0, and
   * pthread-created Ms, for which the creator stored the pthread stack size in hi) gets its bounds
   * here: hi near the current stack pointer, lo = hi - size + 1024 (8 KiB when no size is known).
   */
  @Source(file = "runtime/proc.go", line = 1356, function = "mstart0", version = "go1.19")
  void mstart(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (mp.g0.stack.lo() == 0 && mp.pthreadDone != null) {
        long size = mp.g0.stack.hi();
        if (size == 0) {
          size = Consts.G0_STACK;
        }
        long hi = mp.childStack;
        mp.g0.stack = new Stack(hi - size + Consts.OS_STACK_RESERVE, hi);
        mp.g0.stackguard0 = mp.g0.stack.lo() + rt.profile.stackGuard();
        f.note("%s runs on its pthread stack, g0 %s", mp, mp.g0.stack);
      } else if (mp.g0.stack.lo() == 0) {
        f.note("%s runs on its OS stack", mp);
      }
      mstart1(ctx, mp);
    }
  }

  /**
   * m0's extra start-up in mstart1: with cgo linked, the first extra M (newextram), so that a
   * thread created by C can call into Go. DEVIATION: initsig's rt_sigaction calls are not modeled.
   */
  @Source(file = "runtime/proc.go", line = 1440, function = "mstartm0", version = "go1.19")
  void mstartm0(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (rt.opts.cgo() && !sched().cgoHasExtraM) {
        sched().cgoHasExtraM = true;
        rt.proc.oneNewExtraM(ctx, mp);
      }
      f.note("mstartm0: extra M %s", sched().cgoHasExtraM ? "made" : "not needed");
    }
  }

  /**
   * Thread start-up proper: minit, m0's signal handlers, then the M's start function (sysmon and
   * the template thread never return from it; mspinning marks the M spinning), then the P it was
   * given, then the scheduler.
   */
  @Source(file = "runtime/proc.go", line = 1398, function = "mstart1", version = "go1.19")
  void mstart1(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      rt.os.minit(ctx, mp);
      if (mp == rt.m0) {
        mstartm0(ctx, mp);
      }
      switch (mp.mstartfn) {
        case SYSMON -> {
          sysmon(ctx, mp);
          return;
        }
        case TEMPLATE_THREAD -> {
          templateThread(ctx, mp);
          return;
        }
        case MSPINNING -> mp.spinning = true;
        default -> {}
      }
      if (mp != rt.m0) {
        rt.proc.acquirep(mp, mp.nextp);
        mp.nextp = null;
      }
      f.note("%s schedules", mp);
      schedule(ctx, mp);
    }
  }

  // ---------------------------------------------------------------- the loop

  /**
   * One round of scheduling after another: find a runnable G and run it, until the M blocks. A
   * locked M only ever runs its locked G; a G locked to another M is handed to that M.
   */
  @Source(file = "runtime/proc.go", line = 3185, function = "schedule", version = "go1.19")
  void schedule(UserContext ctx, M mp) {
    while (true) {
      if (mp.lockedg != null) {
        stoplockedm(ctx, mp);
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
    }
  }

  /**
   * Finds a G to run: timers, the global queue on every 61st tick, the local queue, the global
   * queue, then stealing from other Ps as a spinning M. With nothing found it gives up its P and
   * either waits for the next timer (the netpoller's role) or stops on the idle M list.
   *
   * @return a G, or null when the M blocked (it re-enters the scheduler when woken)
   */
  @Source(file = "runtime/proc.go", line = 2561, function = "findRunnable", version = "go1.19")
  @Nullable G findRunnable(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      while (true) {
        P pp = mp.p;
        checkTimers(ctx, mp, pp);
        if (pp.schedtick % Consts.GLOBAL_RUNQ_TICK == 0 && !sched().runq.isEmpty()) {
          G gp = rt.procg.globrunqget(pp, 1);
          if (gp != null) {
            return gp;
          }
        }
        G gp = rt.procg.runqget(pp);
        if (gp != null) {
          return gp;
        }
        if (!sched().runq.isEmpty()) {
          gp = rt.procg.globrunqget(pp, 0);
          if (gp != null) {
            return gp;
          }
        }
        int busy = rt.opts.gomaxprocs() - sched().npidle();
        if (mp.spinning || 2 * sched().nmspinning < busy) {
          if (!mp.spinning) {
            mp.spinning = true;
            sched().nmspinning++;
          }
          gp = stealWork(pp);
          if (gp != null) {
            return gp;
          }
        }
        if (!sched().runq.isEmpty()) {
          return rt.procg.globrunqget(pp, 0);
        }
        rt.proc.pidleput(rt.proc.releasep(mp));
        if (mp.spinning) {
          mp.spinning = false;
          sched().nmspinning--;
          P again = recheckAllPs();
          if (again != null) {
            rt.proc.acquirep(mp, again);
            mp.spinning = true;
            sched().nmspinning++;
            continue;
          }
        }
        if (!sched().timers.isEmpty() && sched().timerWaiter == null) {
          waitForTimers(ctx, mp);
          f.note("%s waits for the next timer", mp);
          return null;
        }
        f.note("%s stops", mp);
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

  /**
   * Four rounds over the other Ps in a pseudo-random order (the runtime's fastrand, seeded),
   * stealing half of a run queue; the last round may take runnext too.
   */
  @Source(file = "runtime/proc.go", line = 2905, function = "stealWork", version = "go1.19")
  G stealWork(P pp) {
    int n = sched().allp.size();
    for (int i = 0; i < 4; i++) {
      boolean stealRunNext = i == 3;
      int start = rt.rand.nextInt(n);
      int stride = coprimeStride(n);
      for (int k = 0; k < n; k++) {
        P p2 = sched().allp.get((start + k * stride) % n);
        if (p2 == pp || p2.status == PStatus.PIDLE && p2.runqempty()) {
          continue;
        }
        G gp = rt.procg.runqsteal(pp, p2, stealRunNext);
        if (gp != null) {
          return gp;
        }
      }
    }
    return null;
  }

  private int coprimeStride(int n) {
    List<Integer> coprimes = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      if (gcd(i, n) == 1) {
        coprimes.add(i);
      }
    }
    return coprimes.get(rt.rand.nextInt(coprimes.size()));
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
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
      if (!inheritTime) {
        mp.p.schedtick++;
      }
      f.note("%s runs %s on %s", mp, gp, mp.p);
    }
    return run(ctx, mp, gp);
  }

  /** Interprets the G's steps from where it stopped. Returns as execute does. */
  private boolean run(UserContext ctx, M mp, G gp) {
    while (gp.pc < gp.body.size()) {
      Op op = gp.body.get(gp.pc);
      if (op instanceof Op.Go go) {
        boolean keep = Op.Print.namesChildren(gp.body);
        while (gp.goDone < go.count()) {
          G newg = rt.procg.newproc(ctx, mp, gp, go.name(), go.body());
          // the program's own go statements: runtime.main's goroutines are not main.main's
          if (keep && !newg.system) {
            if (gp.childGoids == null) {
              gp.childGoids = new ArrayList<>();
            }
            gp.childGoids.add(newg.goid);
          }
          gp.goDone++;
        }
        gp.goDone = 0;
        gp.pc++;
      } else if (op instanceof Op.Compute c) {
        gp.pc++;
        ctx.compute(c.nanos(), rt.k((c2, r) -> continueG(c2, gp)));
        return false;
      } else if (op instanceof Op.Syscall s) {
        gp.pc++;
        entersyscall(mp, gp);
        long ts = gp.stack.lo();
        ctx.store64(ts, s.nanos() / 1_000_000_000L);
        ctx.store64(ts + 8, s.nanos() % 1_000_000_000L);
        ctx.nanosleep(ts, 0, rt.k((c2, r) -> exitsyscall(c2, gp.m, gp)));
        return false;
      } else if (op instanceof Op.Sleep s) {
        gp.pc++;
        timeSleep(ctx, mp, gp, s.nanos());
        return true;
      } else if (op instanceof Op.LockOSThread) {
        gp.pc++;
        lockOSThreadExternal(ctx, mp, gp);
      } else if (op instanceof Op.UnlockOSThread) {
        gp.pc++;
        unlockOSThreadExternal(mp, gp);
      } else if (op instanceof Op.Print p) {
        gp.pc++;
        String text = format(p.text(), gp);
        rt.stdout.append(text);
        ctx.write(1, text);
      } else if (op instanceof Op.Collect c) {
        gp.pc++;
        rt.collected.add(format(c.text(), gp));
      } else if (op instanceof Op.PrintSorted) {
        gp.pc++;
        List<String> sorted = new ArrayList<>(rt.collected);
        sorted.sort(Schedule::compareBytes);
        for (String line : sorted) {
          rt.stdout.append(line).append('\n');
          ctx.write(1, line + "\n");
        }
      } else if (op instanceof Op.SetMaxThreads s) {
        gp.pc++;
        setMaxThreads(ctx, s.n());
      } else if (op instanceof Op.CgoCall c) {
        if (!rt.opts.cgo()) {
          throw new GoThrow("cgocall unavailable");
        }
        gp.pc++;
        cgocall(ctx, mp, gp, c.nanos());
        return false;
      } else if (op instanceof Op.Send s) {
        gp.pc++;
        chansend(ctx, mp, s.chan());
      } else if (op instanceof Op.Recv r) {
        gp.pc++;
        if (!chanrecv(mp, gp, r.chan())) {
          return true;
        }
      } else if (op instanceof Op.ParkForever p) {
        gopark(mp, gp, p.reason());
        return true;
      } else if (op instanceof Op.RuntimeStep s) {
        gp.pc++;
        if (!runtimeMainStep(ctx, mp, gp, s.step())) {
          return false;
        }
      }
    }
    return goexit0(ctx, mp, gp);
  }

  /** A print's text with its placeholders replaced for the goroutine that prints it. */
  private String format(String text, G gp) {
    return text.replace("%threads", Integer.toString(rt.liveThreads()))
        .replace("%goid", Long.toString(gp.goid))
        .replace(Op.Print.CHILDREN, goids(gp.childGoids));
  }

  /** sort.Strings' order: Go compares strings byte by byte (their UTF-8 encodings). */
  private static int compareBytes(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(UTF_8), b.getBytes(UTF_8));
  }

  /** An int slice as fmt's %v prints it: {@code [33 34 35]}, {@code []} when empty. */
  private static String goids(List<Long> ids) {
    StringBuilder sb = new StringBuilder("[");
    if (ids != null) {
      for (int i = 0; i < ids.size(); i++) {
        sb.append(i == 0 ? "" : " ").append(ids.get(i));
      }
    }
    return sb.append(']').toString();
  }

  /** Resumes a G on whichever M now runs it (after a compute, or exitsyscall's fast path). */
  private void continueG(UserContext ctx, G gp) {
    M mp = gp.m;
    if (run(ctx, mp, gp)) {
      schedule(ctx, mp);
    }
  }

  /**
   * The steps of runtime.main that are not goroutine operations: mainStarted, sysmon on its own M
   * with no P, the internal lockOSThread during init, the template thread when cgo is linked, the
   * unlock after init, and exit(0) when main.main returns. DEVIATION: gcenable's heap allocations
   * are one opaque 2-page span (the reference trace shows 16 KiB taken between the second and the
   * third M's signal stacks).
   */
  @Source(file = "runtime/proc.go", line = 145, function = "main", version = "go1.19")
  boolean runtimeMainStep(UserContext ctx, M mp, G gp, String step) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      switch (step) {
        case "start" -> {
          sched().mainStarted = true;
          M.Creator saved = rt.cause;
          rt.cause = M.Creator.SYSMON;
          if (rt.profile.reserveIdInStartm()) {
            rt.proc.newm(ctx, mp, M.MStartFn.SYSMON, null, -1);
          } else {
            rt.proc.newmGo113(ctx, mp, M.MStartFn.SYSMON, null);
          }
          rt.cause = saved;
          lockOSThread(mp, gp);
          f.note("runtime.main: mainStarted, sysmon started, main goroutine locked during init");
        }
        case "gcenable" -> rt.mheap.reserveOpaque(ctx, 2);
        case "cgo" -> rt.proc.startTemplateThread(ctx, mp);
        case "unlock" -> unlockOSThread(mp, gp);
        case "exit" -> {
          f.note("runtime.main: exit(0)");
          rt.exit(ctx, 0);
          return false;
        }
        default -> throw new IllegalStateException("unknown runtime.main step " + step);
      }
      return true;
    }
  }

  /**
   * The end of a goroutine: _Grunning → _Gdead, off its M, onto the P's free list. A G that was
   * still locked to its thread takes the thread with it (mexit).
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
      f.note("goexit0: %s dead%s", gp, locked ? ", its thread exits" : "");
      if (locked) {
        mp.lockedExt = 0;
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
      f.note("%s parks (%s)", gp, reason);
    }
  }

  /** Makes a waiting G runnable in runnext of the current P and wakes a spinning M for it. */
  @Source(file = "runtime/proc.go", line = 843, function = "ready", version = "go1.19")
  void ready(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      rt.procg.casgstatus(gp, GStatus.GWAITING, GStatus.GRUNNABLE);
      rt.procg.runqput(mp.p, gp, true);
      M.Creator saved = rt.cause;
      rt.cause = M.Creator.WAKEP_READY;
      rt.proc.wakep(ctx, mp);
      rt.cause = saved;
      f.note("%s ready", gp);
    }
  }

  private void chansend(UserContext ctx, M mp, int chan) {
    Sched.Chan c = chan(chan);
    G waiter = c.recvq.poll();
    if (waiter != null) {
      ready(ctx, mp, waiter);
    } else {
      c.count++;
    }
  }

  private boolean chanrecv(M mp, G gp, int chan) {
    Sched.Chan c = chan(chan);
    if (c.count > 0) {
      c.count--;
      return true;
    }
    c.recvq.add(gp);
    gopark(mp, gp, "chan receive");
    return false;
  }

  private Sched.Chan chan(int n) {
    int idx = n + 1;
    while (sched().chans.size() <= idx) {
      sched().chans.add(new Sched.Chan());
    }
    return sched().chans.get(idx);
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
      f.note("%s idle, midle=%s", mp, sched().midle);
      rt.os.notesleep(ctx, mp, mp.park(), wokenWithP(mp, then));
    }
  }

  /**
   * What stopm and stoplockedm both do once notewakeup ends their notesleep: clear the note, take
   * the P the waker left in m.nextp, then go on.
   */
  private Runtime.Body wokenWithP(M mp, Runtime.Body then) {
    return (c, r) -> {
      rt.os.noteclear(c, mp.park());
      rt.proc.acquirep(mp, mp.nextp);
      mp.nextp = null;
      then.run(c, 0);
    };
  }

  /**
   * A locked M whose G cannot run: hand the P off (this is where a locked main goroutine makes new
   * Ms), sleep until the G is runnable again and a P is handed back, then run the G.
   */
  @Source(file = "runtime/proc.go", line = 2435, function = "stoplockedm", version = "go1.19")
  void stoplockedm(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (mp.p != null) {
        P pp = rt.proc.releasep(mp);
        M.Creator saved = rt.cause;
        rt.cause = M.Creator.HANDOFFP_LOCKED_M;
        rt.proc.handoffp(ctx, mp, pp);
        rt.cause = saved;
      }
      sched().nmidlelocked++;
      f.note("%s waits for its locked %s", mp, mp.lockedg);
      rt.os.notesleep(
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

  /** Hands the current P to the M a runnable G is locked to, wakes it, and stops this M. */
  @Source(file = "runtime/proc.go", line = 2463, function = "startlockedm", version = "go1.19")
  void startlockedm(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      M locked = gp.lockedm;
      sched().nmidlelocked--;
      P pp = rt.proc.releasep(mp);
      locked.nextp = pp;
      f.note("startlockedm: %s with %s to %s", gp, pp, locked);
      rt.os.notewakeup(ctx, locked.park());
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
      f.note("%s stops spinning, nmspinning=%d", mp, sched().nmspinning);
      M.Creator saved = rt.cause;
      rt.cause = M.Creator.RESETSPINNING;
      rt.proc.wakep(ctx, mp);
      rt.cause = saved;
    }
  }

  // ---------------------------------------------------------------- system calls

  /**
   * Before a blocking call: the G is _Gsyscall, the M lets go of its P, which stays _Psyscall so
   * the M can take it back quickly, or sysmon can take it away.
   */
  @Source(file = "runtime/proc.go", line = 3678, function = "entersyscall", version = "go1.19")
  void entersyscall(M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      rt.procg.casgstatus(gp, GStatus.GRUNNING, GStatus.GSYSCALL);
      P pp = mp.p;
      pp.syscalltick++;
      pp.m = null;
      mp.oldp = pp;
      mp.p = null;
      pp.status = PStatus.PSYSCALL;
      f.note("%s in syscall, %s _Psyscall", gp, pp);
    }
  }

  /**
   * After the call: take the old P back if sysmon left it, else any idle P; failing both, the G
   * goes to the global queue and the M stops.
   */
  @Source(file = "runtime/proc.go", line = 3773, function = "exitsyscall", version = "go1.19")
  void exitsyscall(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      P oldp = mp.oldp;
      mp.oldp = null;
      if (exitsyscallfast(mp, oldp)) {
        rt.procg.casgstatus(gp, GStatus.GSYSCALL, GStatus.GRUNNING);
        f.note("%s back from syscall on %s", gp, mp.p);
        if (run(ctx, mp, gp)) {
          schedule(ctx, mp);
        }
        return;
      }
      exitsyscall0(ctx, mp, gp);
    }
  }

  /** The fast path: the old P if still _Psyscall, else an idle P. */
  @Source(file = "runtime/proc.go", line = 3857, function = "exitsyscallfast", version = "go1.19")
  boolean exitsyscallfast(M mp, P oldp) {
    if (oldp != null && oldp.status == PStatus.PSYSCALL) {
      oldp.status = PStatus.PIDLE;
      rt.proc.acquirep(mp, oldp);
      oldp.syscalltick++;
      return true;
    }
    P pp = rt.proc.pidleget();
    if (pp != null) {
      rt.proc.acquirep(mp, pp);
      return true;
    }
    return false;
  }

  /** The slow path, on g0: queue the G globally (or run it on a P found late) and stop the M. */
  @Source(file = "runtime/proc.go", line = 3940, function = "exitsyscall0", version = "go1.19")
  void exitsyscall0(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      rt.procg.casgstatus(gp, GStatus.GSYSCALL, GStatus.GRUNNABLE);
      dropg(mp, gp);
      rt.procg.globrunqput(gp);
      f.note("%s to the global queue, %s stops", gp, mp);
      if (mp.lockedg != null) {
        stoplockedm(ctx, mp);
        return;
      }
      stopm(ctx, mp, (c, r) -> schedule(c, mp));
    }
  }

  /**
   * A call into C: counted, then entersyscall (so sysmon may retake the P once the call outlasts 20
   * µs, as for a blocking syscall) with m.incgo set (a new M must then come from the template
   * thread), the C code, and back through exitsyscall. The program's C code is usleep(3): glibc
   * turns it into clock_nanosleep(CLOCK_REALTIME, 0, ...). DEVIATION: usleep is glibc's, not in its
   * pthread door; the model issues its one system call.
   */
  @Source(file = "runtime/cgocall.go", line = 124, function = "cgocall", version = "go1.19")
  void cgocall(UserContext ctx, M mp, G gp, long nanos) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      mp.ncgocall++;
      entersyscall(mp, gp);
      mp.incgo = true;
      long ts = gp.stack.lo();
      ctx.store64(ts, nanos / 1_000_000_000L);
      ctx.store64(ts + 8, nanos % 1_000_000_000L);
      f.note("%s enters C for %d ns on %s", gp, nanos, mp);
      ctx.clockNanosleep(
          0,
          0,
          ts,
          0,
          rt.k(
              (c2, r) -> {
                M m = gp.m;
                m.incgo = false;
                exitsyscall(c2, m, gp);
              }));
    }
  }

  // ---------------------------------------------------------------- sysmon and the template thread

  /**
   * The system monitor, on its own M without a P: sleeps 20 µs, doubling after 50 idle rounds up to
   * 10 ms; each round, holding sched.sysmonlock, it retakes Ps from Ms stuck in syscalls and, with
   * GODEBUG schedtrace=N, calls schedtrace once N ms have passed since the last trace. Its local
   * {@code lasttrace} starts at 0 and {@code nanotime} counts from the machine's boot, so on a real
   * machine (up for longer than N ms) the first round prints: the "0ms" trace. DEVIATION: the
   * model's clock starts with the machine, just before the process, so lasttrace starts at minus
   * the period to keep that first trace. DEVIATION: it does not preempt long-running Gs, poll the
   * network, force GCs, or park when every P is idle (with schedtrace on, the real one does not
   * park either).
   */
  @Source(file = "runtime/proc.go", line = 5134, function = "sysmon", version = "go1.19")
  void sysmon(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      sched().nmsys++;
      f.note("sysmon on %s", mp);
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
   * beside idle Ms with {@code blocked=true}). timerslen counts the P's timers in the model's one
   * timer heap. go1.13 has no per-P timers and no timerslen field.
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
          s.nmspinning,
          " idlethreads=",
          s.nmidle(),
          " runqueue=",
          s.runq.size());
      if (detailed) {
        out.print(
            ctx,
            " gcwaiting=",
            0,
            " nmidlelocked=",
            s.nmidlelocked,
            " stopwait=",
            0,
            " sysmonwait=",
            s.sysmonwait ? 1 : 0,
            "\n");
      }
      boolean timerslen = rt.profile.perPTimers();
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
              pp.m == null ? -1 : pp.m.id,
              " runqsize=",
              pp.runqlen(),
              " gfreecnt=",
              pp.gFree.size());
          if (timerslen) {
            out.print(ctx, " timerslen=", timerslen(pp));
          }
          out.print(ctx, "\n");
        } else {
          out.print(ctx, " ");
          if (i == 0) {
            out.print(ctx, "[");
          }
          out.print(ctx, pp.runqlen());
          if (i == s.allp.size() - 1) {
            out.print(ctx, "]\n");
          }
        }
      }
      if (detailed) {
        for (M mp : s.allm) {
          out.print(
              ctx,
              "  M",
              mp.id,
              ": p=",
              mp.p == null ? -1 : mp.p.id,
              " curg=",
              mp.curg == null ? -1 : mp.curg.goid,
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
              mp.lockedg == null ? -1 : mp.lockedg.goid,
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
              gp.m == null ? -1 : gp.m.id,
              " lockedm=",
              gp.lockedm == null ? -1 : gp.lockedm.id,
              "\n");
        }
      }
      self.locks--; // unlock(&sched.lock)
      f.note(
          "schedtrace at %d ms: %d idle Ps, %d Ms, %d idle",
          (now - s.starttime) / 1_000_000L, s.npidle(), s.mcount(), s.nmidle());
    }
  }

  /** {@code len(p.timers)}: the timers of the model's one heap that belong to the P. */
  private int timerslen(P pp) {
    int n = 0;
    for (Sched.Timer t : sched().timers) {
      if (t.pp() == pp) {
        n++;
      }
    }
    return n;
  }

  /**
   * Takes Ps from Ms that have been in a syscall for at least one sysmon tick, unless the P has no
   * work, someone is spinning or idle, and the syscall is younger than 10 ms; hands each off.
   */
  @Source(file = "runtime/proc.go", line = 5291, function = "retake", version = "go1.19")
  int retake(UserContext ctx, M mp, long now) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      int n = 0;
      for (P pp : new ArrayList<>(sched().allp)) {
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
        f.note("retake: %s from its syscall", pp);
        M.Creator saved = rt.cause;
        rt.cause = M.Creator.RETAKE;
        rt.proc.handoffp(ctx, mp, pp);
        rt.cause = saved;
      }
      return n;
    }
  }

  /**
   * The template thread: a system M with a clean thread state; it starts every M queued on
   * newmHandoff (by locked or cgo Ms) with newm1, then sleeps on newmHandoff.wake.
   */
  @Source(file = "runtime/proc.go", line = 2202, function = "templateThread", version = "go1.19")
  void templateThread(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      sched().nmsys++;
      sched().templateThread = mp;
      M.Creator saved = rt.cause;
      while (!sched().newmHandoff.isEmpty()) {
        M newm = sched().newmHandoff.poll();
        rt.proc.newm1(ctx, mp, newm);
      }
      rt.cause = saved;
      sched().newmHandoffWaiting = true;
      rt.os.noteclear(ctx, Runtime.NEWM_HANDOFF_WAKE);
      f.note("template thread sleeps");
      rt.os.notesleep(ctx, mp, Runtime.NEWM_HANDOFF_WAKE, (c, r) -> templateThread(c, mp));
    }
  }

  // ---------------------------------------------------------------- LockOSThread

  /** runtime.LockOSThread: starts the template thread on first use, then wires G and M. */
  @Source(file = "runtime/proc.go", line = 4400, function = "LockOSThread", version = "go1.19")
  void lockOSThreadExternal(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (!sched().haveTemplateThread) {
        rt.proc.startTemplateThread(ctx, mp);
      }
      mp.lockedExt++;
      mp.lockedg = gp;
      gp.lockedm = mp;
      f.note("%s locked to %s (ext=%d)", gp, mp, mp.lockedExt);
    }
  }

  /** runtime.UnlockOSThread. */
  @Source(file = "runtime/proc.go", line = 4453, function = "UnlockOSThread", version = "go1.19")
  void unlockOSThreadExternal(M mp, G gp) {
    if (mp.lockedExt == 0) {
      return;
    }
    mp.lockedExt--;
    dounlockOSThread(mp, gp);
  }

  /** The runtime's internal lock (runtime.main during init). */
  @Source(file = "runtime/proc.go", line = 4417, function = "lockOSThread", version = "go1.19")
  void lockOSThread(M mp, G gp) {
    mp.lockedInt++;
    mp.lockedg = gp;
    gp.lockedm = mp;
  }

  /** The runtime's internal unlock. */
  @Source(file = "runtime/proc.go", line = 4463, function = "unlockOSThread", version = "go1.19")
  void unlockOSThread(M mp, G gp) {
    if (mp.lockedInt == 0) {
      throw new GoThrow("unlockOSThread: not locked");
    }
    mp.lockedInt--;
    dounlockOSThread(mp, gp);
  }

  /** Unwires G and M once neither count holds them. */
  @Source(file = "runtime/proc.go", line = 4427, function = "dounlockOSThread", version = "go1.19")
  void dounlockOSThread(M mp, G gp) {
    if (mp.lockedInt != 0 || mp.lockedExt != 0) {
      return;
    }
    mp.lockedg = null;
    gp.lockedm = null;
  }

  /** debug.SetMaxThreads: sets the limit and checks it at once. */
  @Source(file = "runtime/proc.go", line = 6139, function = "setMaxThreads", version = "go1.19")
  void setMaxThreads(UserContext ctx, int in) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long out = sched().maxmcount;
      sched().maxmcount = in > 0x7fffffff ? 0x7fffffff : in;
      f.note("maxmcount %d→%d", out, sched().maxmcount);
      rt.proc.checkmcount(ctx);
    }
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
      gopark(mp, gp, "sleep");
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
      ready(ctx, mp, t.g());
    }
  }

  /** A new timer: if an M waits for timers past it, break its wait; if nobody waits, get an M. */
  @Source(file = "runtime/proc.go", line = 3078, function = "wakeNetPoller", version = "go1.19")
  void wakeNetPoller(UserContext ctx, M mp, long when) {
    if (sched().timerWaiter != null) {
      if (when < sched().timerWaiterDeadline && ctx.load32(Runtime.TIMER_NOTE) == 0) {
        rt.os.notewakeup(ctx, Runtime.TIMER_NOTE);
      }
    } else {
      M.Creator saved = rt.cause;
      rt.cause = M.Creator.WAKEP_TIMER;
      rt.proc.wakep(ctx, mp);
      rt.cause = saved;
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

  /**
   * The netpoller's timed wait: an M without a P sleeps until the next timer (or until a new
   * earlier timer breaks the wait), then takes an idle P and schedules, or stops. DEVIATION: the
   * wait is a futex wait with a timeout on a runtime word, standing for epoll_pwait.
   */
  @Source(file = "runtime/netpoll_epoll.go", line = 106, function = "netpoll", version = "go1.19")
  void waitForTimers(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long deadline = sched().timers.peek().when();
      sched().timerWaiter = mp;
      sched().timerWaiterDeadline = deadline;
      rt.os.noteclear(ctx, Runtime.TIMER_NOTE);
      f.note("%s waits for timers until %d", mp, deadline);
      rt.os.notetsleep(
          ctx,
          mp,
          Runtime.TIMER_NOTE,
          Math.max(0, deadline - ctx.now()),
          (c, r) -> {
            sched().timerWaiter = null;
            rt.os.noteclear(c, Runtime.TIMER_NOTE);
            P pp = rt.proc.pidleget();
            if (pp != null) {
              rt.proc.acquirep(mp, pp);
              schedule(c, mp);
              return;
            }
            stopm(c, mp, (c2, r2) -> schedule(c2, mp));
          });
    }
  }
}
