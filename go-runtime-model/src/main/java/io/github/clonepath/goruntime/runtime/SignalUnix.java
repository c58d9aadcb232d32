package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * The preemption signal of {@code signal_unix.go} (go1.14+): initsig's handler for sigPreempt
 * (SIGURG), preemptM's signal to a running G's M with os_linux.go's signalM (tgkill), and, on the
 * thread it reaches, sigtramp → sigtrampgo → sighandler → doSigPreempt. The other signals' handlers
 * are not modeled (see {@link #initsig}).
 */
final class SignalUnix {
  /** {@code sigPreempt}: the signal preemptM sends, SIGURG on every Unix. */
  static final int SIG_PREEMPT = Signals.SIGURG;

  /**
   * Where runtime.sigtramp stands in the text segment, the handler address setsig installs.
   * DEVIATION: a model address inside the hello binary's text, not the binary's own (no capture
   * traced rt_sigaction or took a stack through sigtramp); likewise {@link #SIGRETURN}.
   */
  static final long SIGTRAMP = 0x463a00L;

  /** Where runtime.sigreturn (the sa_restorer, which calls rt_sigreturn) stands in the text. */
  static final long SIGRETURN = 0x4639e0L;

  /** The M scratch word where the sigaction structure (32 bytes) is built. */
  private static final int SIGACTION_WORD = 10;

  private final Runtime rt;

  SignalUnix(Runtime rt) {
    this.rt = rt;
  }

  /**
   * m0 installs the runtime's signal handlers before it schedules: for each signal in sigtable,
   * getsig saves the action the process started with (the one to forward to), then setsig points it
   * at sigtramp. The model places sigtramp's code for the process and does both calls for
   * sigPreempt only, the one signal it delivers. DEVIATION: the real loop makes those two calls for
   * every signal of sigtable (about 64 pairs), and the other signals' handlers are not modeled: a
   * SIGABRT, SIGSEGV or SIGPIPE takes the kernel's default action, not the runtime's. go1.13 has no
   * preemption signal, so there the model installs nothing.
   */
  @Source(file = "runtime/signal_unix.go", line = 114, function = "initsig", version = "go1.19")
  void initsig(UserContext ctx, M mp) {
    if (!rt.profile.has(GoFeature.ASYNC_PREEMPT)) {
      return;
    }
    try (Frame f = rt.tracer.enter(rt.cite)) {
      ctx.defineHandler(SIGTRAMP, (c, sig) -> sigtramp(c, sig));
      long sa = mp.scratch(SIGACTION_WORD);
      // getsig: sigaction(sig, nil, &sa)
      ctx.rtSigaction(SIG_PREEMPT, 0, sa, 8);
      // setsig: SA_SIGINFO|SA_ONSTACK|SA_RESTORER|SA_RESTART, every signal blocked in the handler
      ctx.store64(sa, SIGTRAMP);
      ctx.store64(
          sa + 8,
          Signals.SA_SIGINFO | Signals.SA_ONSTACK | Signals.SA_RESTORER | Signals.SA_RESTART);
      ctx.store64(sa + 16, SIGRETURN);
      ctx.store64(sa + 24, -1L);
      ctx.rtSigaction(SIG_PREEMPT, sa, 0, 8);
      if (f.recording()) {
        f.note("%s handled by sigtramp at 0x%x", Signals.name(SIG_PREEMPT), SIGTRAMP);
      }
    }
  }

  /**
   * Asks the M to stop its G now rather than at the G's next call: a preemption signal, unless one
   * is already on its way to that M ({@code signalPending}, cleared by the handler), so that Ms
   * asked again and again are not flooded with signals (golang/go#37741).
   *
   * @param self the sending M (sysmon)
   * @param mp the M running the G to preempt
   */
  @Source(file = "runtime/signal_unix.go", line = 368, function = "preemptM", version = "go1.19")
  void preemptM(UserContext ctx, M self, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (mp.signalPending) {
        if (f.recording()) {
          f.note("%s has a preemption signal pending: none sent", mp);
        }
        return;
      }
      mp.signalPending = true;
      signalM(ctx, mp, SIG_PREEMPT);
    }
  }

  /**
   * Sends a signal to one M's thread: tgkill(getpid(), m.procid, sig), a thread-directed signal, so
   * it is delivered to that thread and no other of the process.
   */
  @Source(file = "runtime/os_linux.go", line = 552, function = "signalM", version = "go1.19")
  void signalM(UserContext ctx, M mp, int sig) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      int pid = (int) ctx.getpid();
      long r = ctx.tgkill(pid, (int) mp.procid, sig);
      if (f.recording()) {
        f.note("%s to %s (tid %d) = %d", Signals.name(sig), mp, mp.procid, r);
      }
    }
  }

  /**
   * The handler the kernel enters on the thread the signal reached, after it printed the delivery:
   * sigtramp calls sigtrampgo, which finds the G the thread was running (sigFetchG: the G that was
   * interrupted, or g0 if the thread was in the runtime) and calls sighandler on the gsignal stack.
   * For sigPreempt sighandler runs doSigPreempt; the signal is not forwarded or notified (no
   * signal.Notify is modeled). The handler returns through sigreturn, and the thread resumes where
   * it was, or in asyncPreempt when doSigPreempt injected that call.
   */
  @Source(file = "runtime/sys_linux_amd64.s", line = 342, function = "sigtramp", version = "go1.19")
  void sigtramp(UserContext ctx, int sig) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      M mp = rt.byTid.get((long) rt.tracer.currentTid());
      if (mp == null) {
        // a thread the runtime does not know (a C thread): sigtrampgo's g == nil branch drops a
        // preemption signal that arrives there
        if (f.recording()) {
          f.note("%s on a thread without an M: dropped", Signals.name(sig));
        }
        return;
      }
      G gp = sigFetchG(mp);
      if (sig == SIG_PREEMPT && rt.debug.asyncpreemptoff == 0) {
        doSigPreempt(mp, gp);
      }
    }
  }

  /**
   * sigFetchG: the G whose code the signal interrupted. The model's Ms run a G's own code only in
   * its compute steps ({@link G#userCode}); anywhere else the thread is in the runtime (its system
   * calls, the scheduler, newproc on the system stack), which the model counts as g0. DEVIATION: a
   * runtime function that runs on the G's own stack (entersyscall's syscall, a channel operation)
   * counts as g0 too; either way doSigPreempt injects nothing there (the G is in a syscall, or its
   * PC is in the runtime, which isAsyncSafePoint refuses).
   */
  private static G sigFetchG(M mp) {
    G cur = mp.curg;
    return cur != null && cur.userCode ? cur : mp.g0;
  }

  /**
   * The preemption signal's work: if the G wants to be preempted and the signal caught it at an
   * asynchronous safe point, make it call asyncPreempt where it was interrupted (pushCall); in
   * every case acknowledge the signal: count it in {@code preemptGen} and clear {@code
   * signalPending}, so the next request may send another. A G not at a safe point keeps its request
   * (g.preempt, stackguard0) for its next call's stack check (newstack).
   */
  @Source(
      file = "runtime/signal_unix.go",
      line = 341,
      function = "doSigPreempt",
      version = "go1.19")
  void doSigPreempt(M mp, G gp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (Preempt.wantAsyncPreempt(gp) && Preempt.isAsyncSafePoint(gp)) {
        gp.asyncPreempt = true;
        if (f.recording()) {
          f.note("%s interrupted at a safe point: asyncPreempt injected", gp);
        }
      } else {
        if (f.recording()) {
          f.note("%s not at an async safe point: the request waits for its next call", gp);
        }
      }
      mp.preemptGen++;
      mp.signalPending = false;
    }
  }
}
