package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * Wiring a goroutine to its thread (proc.go's LockOSThread family, external and internal counts)
 * and debug.SetMaxThreads, whose limit newm's checkmcount enforces.
 */
final class LockOSThread {
  private final Runtime rt;

  LockOSThread(Runtime rt) {
    this.rt = rt;
  }

  private Sched sched() {
    return rt.sched;
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
      if (f.recording()) {
        f.note("%s locked to %s (ext=%d)", gp, mp, mp.lockedExt);
      }
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

  /**
   * debug.SetMaxThreads: sets the limit and checks it at once.
   *
   * @return the previous limit, what the real function returns
   */
  @Source(file = "runtime/proc.go", line = 6139, function = "setMaxThreads", version = "go1.19")
  long setMaxThreads(UserContext ctx, int in) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long out = sched().maxmcount;
      sched().maxmcount = in > 0x7fffffff ? 0x7fffffff : in;
      if (f.recording()) {
        f.note("maxmcount %d→%d", out, sched().maxmcount);
      }
      rt.proc.checkmcount(ctx);
      return out;
    }
  }
}
