package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * A call into C (cgocall.go's cgocall) and the system-call bracket it is built on (proc.go's
 * entersyscall/exitsyscall): the P stays behind in _Psyscall so that sysmon can retake it, which is
 * how a long C call makes the runtime start another M.
 */
final class Cgocall {
  private final Runtime rt;

  Cgocall(Runtime rt) {
    this.rt = rt;
  }

  private Sched sched() {
    return rt.sched;
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
      if (rt.noting()) {
        f.note("%s in syscall, %s _Psyscall", gp, pp);
      }
    }
  }

  /**
   * After the call: take the old P back if sysmon left it, else any idle P; failing both, the G
   * goes to the global queue and the M stops.
   */
  @Source(file = "runtime/proc.go", line = 3773, function = "exitsyscall", version = "go1.19")
  void exitsyscall(UserContext ctx, M mp, G gp) {
    if (exitsyscallInPlace(ctx, mp, gp) && rt.program.run(ctx, mp, gp)) {
      rt.schedule.schedule(ctx, mp);
    }
  }

  /**
   * exitsyscall for a call that returned at once (a pipe write): the same steps, but a G that gets
   * a P back goes on in its caller's loop instead of a new run.
   *
   * @return true if the G runs on; false if it went to the global queue and the M stopped
   */
  @Source(file = "runtime/proc.go", line = 3773, function = "exitsyscall", version = "go1.19")
  boolean exitsyscallInPlace(UserContext ctx, M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      P oldp = mp.oldp;
      mp.oldp = null;
      if (exitsyscallfast(mp, oldp)) {
        rt.procg.casgstatus(gp, GStatus.GSYSCALL, GStatus.GRUNNING);
        if (rt.noting()) {
          f.note("%s back from syscall on %s", gp, mp.p);
        }
        return true;
      }
      exitsyscall0(ctx, mp, gp);
      return false;
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
      rt.schedule.dropg(mp, gp);
      rt.procg.globrunqput(gp);
      if (rt.noting()) {
        f.note("%s to the global queue, %s stops", gp, mp);
      }
      if (mp.lockedg != null) {
        rt.schedule.stoplockedm(ctx, mp, M.Creator.HANDOFFP_LOCKED_M);
        return;
      }
      rt.schedule.stopm(ctx, mp, (c, r) -> rt.schedule.schedule(c, mp));
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
      long ts = gp.stack().lo();
      ctx.store64(ts, nanos / 1_000_000_000L);
      ctx.store64(ts + 8, nanos % 1_000_000_000L);
      if (rt.noting()) {
        f.note("%s enters C for %d ns on %s", gp, nanos, mp);
      }
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
}
