package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.function.LongSupplier;

/**
 * The Linux-specific runtime: {@code os_linux.go} (newosproc, mpreinit, minit, futexsleep), the
 * signal-mask and signal-stack set-up of {@code signal_unix.go}, the notes of {@code lock_futex.go}
 * and the assembly clone of {@code sys_linux_amd64.s}.
 */
final class OsLinux {
  static final int SIG_BLOCK = 0;
  static final int SIG_SETMASK = 2;
  static final int SS_DISABLE = 2;
  static final int FUTEX_WAIT_PRIVATE = 128;
  static final int FUTEX_WAKE_PRIVATE = 129;
  static final int ARCH_SET_FS = 0x1002;

  private final Runtime rt;

  OsLinux(Runtime rt) {
    this.rt = rt;
  }

  /**
   * Creates the OS thread of a new M: block every signal so the new thread starts with all of them
   * blocked, clone with {@code cloneFlags} on the g0 stack, restore the mask. A failed clone is
   * fatal, with the errno and, for EAGAIN, a hint about {@code ulimit -u}. From go1.20 the clone
   * goes through retryOnEAGAIN, so a transient EAGAIN (another thread about to exit, a limit about
   * to be raised) is waited out with all signals still blocked.
   */
  @Source(file = "runtime/os_linux.go", line = 166, function = "newosproc", version = "go1.19")
  void newosproc(UserContext ctx, M self, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long stk = mp.g0.stack().hi();
      long oset = self.scratch(1);
      ctx.store64(self.scratch(0), -1L);
      ctx.rtSigprocmask(SIG_SETMASK, self.scratch(0), oset, 8);
      LongSupplier cloneCall = () -> clone(ctx, mp, stk);
      // one value, as the kernel returns it: the child's tid, or a negated errno
      long tid =
          rt.profile.has(GoFeature.RETRY_ON_EAGAIN)
              ? retryOnEagain(ctx, self, cloneCall)
              : cloneCall.getAsLong();
      long errno = tid < 0 ? -tid : 0;
      ctx.rtSigprocmask(SIG_SETMASK, oset, 0, 8);
      if (errno != 0) {
        rt.printErr(
            ctx,
            "runtime: failed to create new OS thread (have "
                + rt.sched.mcount()
                + " already; errno="
                + errno
                + ")\n");
        if (errno == Errno.EAGAIN.number()) {
          rt.printErr(ctx, "runtime: may need to increase max user processes (ulimit -u)\n");
        }
        throw new GoThrow("newosproc");
      }
      mp.childStack = stk;
      mp.createdByTid = rt.tracer.currentTid();
      if (f.recording()) {
        f.note("newosproc: %s tid %d, child_stack=0x%x tls=0x%x", mp, tid, stk, mp.tlsArg());
      }
    }
  }

  /**
   * {@code retryOnEAGAIN} (go1.20+, golang/go#49438): a thread limit that is hit only for a moment
   * should not kill the program, so the call is made up to 20 times while it fails with EAGAIN,
   * sleeping (tries+1) ms after each failure (1 + 2 + ... + 20 = 210 ms in all before giving up).
   * The sleep is a real nanosleep of the creating thread; the other threads run meanwhile.
   *
   * @param fn the call, returning what the kernel returns: a result, or a negated errno
   * @return fn's last return: a result, a negated errno other than EAGAIN, or -EAGAIN after 20
   *     tries
   */
  @Source(file = "runtime/retry.go", line = 14, function = "retryOnEAGAIN", version = "go1.21.0")
  long retryOnEagain(UserContext ctx, M self, LongSupplier fn) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long eagain = Errno.EAGAIN.number();
      for (int tries = 0; tries < Consts.EAGAIN_TRIES; tries++) {
        long ret = fn.getAsLong();
        if (ret != -eagain) {
          return ret;
        }
        if (f.recording()) {
          f.note("EAGAIN (try %d), sleeping %d ms", tries + 1, tries + 1);
        }
        usleep(ctx, self, (tries + 1) * 1000L);
      }
      return -eagain;
    }
  }

  /**
   * The assembly clone (runtime·clone): the parent passes {@code cloneFlags} (plus CLONE_SETTLS
   * with tls = &m.tls[0]+8 since go1.16); the child stores its tid in m.procid, sets its TLS itself
   * before go1.16, and calls mstart.
   */
  @Source(file = "runtime/sys_linux_amd64.s", line = 564, function = "clone", version = "go1.19")
  long clone(UserContext ctx, M mp, long stk) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long flags = Consts.CLONE_FLAGS;
      long tls = 0;
      if (rt.profile.has(GoFeature.SETTLS_IN_PARENT)) {
        flags |= Consts.CLONE_SETTLS;
        tls = mp.tlsArg();
      }
      Continuation child =
          rt.k(
              (c, r) -> {
                mp.procid = c.gettid();
                rt.byTid.put(mp.procid, mp);
                if (!rt.profile.has(GoFeature.SETTLS_IN_PARENT)) {
                  settls(c, mp);
                }
                rt.start.mstart(c, mp);
              });
      long ret = ctx.clone(flags, stk, 0, 0, tls, child);
      if (f.recording()) {
        f.note("clone = %d", ret);
      }
      return ret;
    }
  }

  /** Sets the FS base to &m.tls[0]+8 (go1.13-1.15 children; m0 always). */
  @Source(file = "runtime/sys_linux_amd64.s", line = 639, function = "settls", version = "go1.19")
  void settls(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      ctx.archPrctl(ARCH_SET_FS, mp.tlsArg());
      if (f.recording()) {
        f.note("FS base 0x%x", mp.tlsArg());
      }
    }
  }

  /** Gives a new M its 32 KiB signal goroutine (called from mcommoninit). */
  @Source(file = "runtime/os_linux.go", line = 383, function = "mpreinit", version = "go1.19")
  void mpreinit(UserContext ctx, P pp, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      mp.gsignal = rt.procg.malg(ctx, pp, Consts.GSIGNAL_STACK);
      mp.gsignal.m = mp;
      if (f.recording()) {
        f.note("%s gsignal stack %s", mp, mp.gsignal.stack());
      }
    }
  }

  /**
   * Per-thread start-up on the new thread: install the signal stack, unblock the signals, record
   * the tid.
   */
  @Source(file = "runtime/os_linux.go", line = 392, function = "minit", version = "go1.19")
  void minit(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      minitSignalStack(ctx, mp);
      minitSignalMask(ctx, mp);
      mp.procid = ctx.gettid();
      if (f.recording()) {
        f.note("%s procid=%d", mp, mp.procid);
      }
    }
  }

  /**
   * Asks whether the thread already has a signal stack (a C-created thread may); if not, installs
   * gsignal's 32 KiB stack.
   */
  @Source(
      file = "runtime/signal_unix.go",
      line = 1209,
      function = "minitSignalStack",
      version = "go1.19")
  void minitSignalStack(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long old = mp.scratch(5);
      ctx.sigaltstack(0, old);
      int flags = ctx.load32(old + 8);
      if ((flags & SS_DISABLE) != 0 || !rt.opts.cgo()) {
        long ss = mp.scratch(2);
        ctx.store64(ss, mp.gsignal.stack().lo());
        ctx.store32(ss + 8, 0);
        ctx.store64(ss + 16, mp.gsignal.stack().size());
        ctx.sigaltstack(ss, 0);
        if (f.recording()) {
          f.note("sigaltstack %s", mp.gsignal.stack());
        }
      }
    }
  }

  /** Unblocks the signals the runtime wants (m.sigmask = initSigmask, empty here). */
  @Source(
      file = "runtime/signal_unix.go",
      line = 1230,
      function = "minitSignalMask",
      version = "go1.19")
  void minitSignalMask(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      ctx.store64(mp.scratch(0), 0L);
      ctx.rtSigprocmask(SIG_SETMASK, mp.scratch(0), 0, 8);
      f.note("signals unblocked");
    }
  }

  /** Reads the signal mask the process started with (m0 only, in schedinit). */
  @Source(file = "runtime/signal_unix.go", line = 1139, function = "sigsave", version = "go1.19")
  void sigsave(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      ctx.rtSigprocmask(SIG_SETMASK, 0, mp.scratch(1), 8);
      f.note("initSigmask saved");
    }
  }

  /** Undoes minit on a thread that is about to exit: disables the signal stack. */
  @Source(file = "runtime/os_linux.go", line = 404, function = "unminit", version = "go1.19")
  void unminit(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long ss = mp.scratch(2);
      ctx.store64(ss, 0);
      ctx.store32(ss + 8, SS_DISABLE);
      ctx.store64(ss + 16, 0);
      ctx.sigaltstack(ss, 0);
      f.note("signal stack disabled");
    }
  }

  /** Blocks every signal on this thread (mexit's sigblock(true)). */
  @Source(file = "runtime/signal_unix.go", line = 1171, function = "sigblock", version = "go1.19")
  void sigblock(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      ctx.store64(mp.scratch(0), -1L);
      ctx.rtSigprocmask(SIG_SETMASK, mp.scratch(0), 0, 8);
      f.note("all signals blocked");
    }
  }

  /** FUTEX_WAKE_PRIVATE on a word. */
  @Source(file = "runtime/os_linux.go", line = 81, function = "futexwakeup", version = "go1.19")
  void futexwakeup(UserContext ctx, long addr, int cnt) {
    ctx.futexWake(addr, FUTEX_WAKE_PRIVATE, cnt, 0, 0);
  }

  /**
   * {@code usleep} from inside a creation path ({@code usleep_no_g} in retryOnEAGAIN): the same
   * nanosleep(2), waited for in place (the machine runs the other threads meanwhile).
   */
  @Source(file = "runtime/sys_linux_amd64.s", line = 125, function = "usleep", version = "go1.19")
  void usleep(UserContext ctx, M mp, long usec) {
    long ts = timespec(ctx, mp, usec);
    ctx.await(k -> ctx.nanosleep(ts, 0, k));
  }

  /**
   * {@code usleep}: nanosleep(2) for some microseconds (sysmon's pause).
   *
   * @param then what runs afterwards
   */
  @Source(file = "runtime/sys_linux_amd64.s", line = 125, function = "usleep", version = "go1.19")
  void usleep(UserContext ctx, M mp, long usec, Runtime.Body then) {
    ctx.nanosleep(timespec(ctx, mp, usec), 0, rt.k(then));
  }

  /** usleep's timespec, in the M's scratch words. */
  private static long timespec(UserContext ctx, M mp, long usec) {
    long ts = mp.scratch(8);
    ctx.store64(ts, usec / 1_000_000L);
    ctx.store64(ts + 8, (usec % 1_000_000L) * 1000L);
    return ts;
  }

  /**
   * The end of a thread: clear freeWait so allocm may free the g0 stack, then exit(2) this thread
   * only.
   */
  @Source(
      file = "runtime/sys_linux_amd64.s",
      line = 63,
      function = "exitThread",
      version = "go1.19")
  void exitThread(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      ctx.store32(mp.addr + M.FREEWAIT_OFFSET, 0);
      mp.freeWait = 0;
      mp.exited = true;
      if (f.recording()) {
        f.note("%s thread exits", mp);
      }
      ctx.exit(0);
    }
  }
}
