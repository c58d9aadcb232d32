package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.Libc;
import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up, from the main thread's first instruction to its first round of scheduling
 * (asm_amd64.s's rt0_go, then proc.go's schedinit, procresize, mstart and runtime.main's own
 * steps). Every later M enters through {@link #mstart} too, so the creation paths meet here.
 */
final class Start {
  private final Runtime rt;

  Start(Runtime rt) {
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
      if (f.recording()) {
        f.note("rt0_go: main goroutine %s", rt.g1);
      }
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
   * (4 before m0's signal stack, 18 after) so that later addresses match the reference trace. In
   * go1.26.8 the 18 come after sigsave, followed by the profiling bucket hash: in the a_hello_cgo
   * capture, whose heap base lies near its chunk's end, the heap's second 4 MiB commit follows
   * sigsave, so at most 14 pages are taken between m0's signal stack and sigsave (DEVIATION: the
   * model takes none there).
   */
  @Source(file = "runtime/proc.go", line = 658, function = "schedinit", version = "go1.19")
  void schedinit(UserContext ctx, M m0) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      sched().maxmcount = Consts.MAX_MCOUNT;
      rt.mheap.mallocinit(ctx);
      rt.mheap.reserveOpaque(ctx, 4);
      rt.proc.mcommoninit(ctx, null, m0, -1);
      boolean newer = rt.profile.has(GoFeature.STARTUP_MAPPINGS_126);
      if (!newer) {
        rt.mheap.reserveOpaque(ctx, 18);
      }
      rt.os.sigsave(ctx, m0);
      if (newer) {
        rt.mheap.reserveOpaque(ctx, 18);
        rt.mheap.buckhash(ctx);
      }
      rt.debug.parsedebugvars(rt.opts.godebug());
      procresize(m0, rt.opts.gomaxprocs());
      if (f.recording()) {
        f.note("schedinit: maxmcount=%d, %d Ps", sched().maxmcount, rt.opts.gomaxprocs());
      }
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
      if (f.recording()) {
        f.note("procresize: %d Ps, idle %s", nprocs, sched().pidle);
      }
    }
  }

  /**
   * The first function of every new M, m0 included. An M whose g0 has no Go stack (lo = 0: m0, and
   * pthread-created Ms, for which the creator stored the pthread stack size in hi) gets its bounds
   * here: hi near the current stack pointer, lo = hi - size + 1024 (when no size is known, the
   * profile's g0 size: 8 KiB, 16 KiB from go1.22).
   */
  @Source(file = "runtime/proc.go", line = 1356, function = "mstart0", version = "go1.19")
  void mstart(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (mp.g0.stack().lo() == 0 && mp.pthreadDone != null) {
        long size = mp.g0.stack().hi();
        if (size == 0) {
          size = rt.profile.g0StackSize();
        }
        long hi = mp.childStack;
        mp.g0.setStack(new Stack(hi - size + Consts.OS_STACK_RESERVE, hi));
        mp.g0.stackguard0 = mp.g0.stack().lo() + rt.profile.stackGuard();
        if (f.recording()) {
          f.note("%s runs on its pthread stack, g0 %s", mp, mp.g0.stack());
        }
      } else if (mp.g0.stack().lo() == 0) {
        if (f.recording()) {
          f.note("%s runs on its OS stack", mp);
        }
      }
      mstart1(ctx, mp);
    }
  }

  /**
   * m0's extra start-up in mstart1: with cgo linked, the first extra M (newextram), so that a
   * thread created by C can call into Go; then initsig, the signal handlers (the model's: the
   * preemption signal's only).
   */
  @Source(file = "runtime/proc.go", line = 1440, function = "mstartm0", version = "go1.19")
  void mstartm0(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (rt.opts.cgo() && !sched().cgoHasExtraM) {
        sched().cgoHasExtraM = true;
        rt.proc.oneNewExtraM(ctx, mp);
      }
      if (f.recording()) {
        f.note("mstartm0: extra M %s", sched().cgoHasExtraM ? "made" : "not needed");
      }
      rt.signals.initsig(ctx, mp);
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
          rt.sysmon.sysmon(ctx, mp);
          return;
        }
        case TEMPLATE_THREAD -> {
          rt.sysmon.templateThread(ctx, mp);
          return;
        }
        case MSPINNING -> mp.spinning = true;
        default -> {}
      }
      if (mp != rt.m0) {
        rt.proc.acquirep(mp, mp.nextp);
        mp.nextp = null;
      }
      if (f.recording()) {
        f.note("%s schedules", mp);
      }
      rt.schedule.schedule(ctx, mp);
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
          if (rt.profile.has(GoFeature.RESERVE_ID_IN_STARTM)) {
            rt.proc.newm(ctx, mp, M.MStartFn.SYSMON, null, -1, M.Creator.SYSMON);
          } else {
            rt.proc.newmGo113(ctx, mp, M.MStartFn.SYSMON, null, M.Creator.SYSMON);
          }
          rt.locks.lockOSThread(mp, gp);
          f.note("runtime.main: mainStarted, sysmon started, main goroutine locked during init");
        }
        case "gcenable" -> rt.mheap.reserveOpaque(ctx, 2);
        case "cgo" -> rt.proc.startTemplateThread(ctx, mp);
        case "unlock" -> rt.locks.unlockOSThread(mp, gp);
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
}
