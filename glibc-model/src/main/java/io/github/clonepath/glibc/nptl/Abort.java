package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * stdlib/abort.c, and the {@code raise} it calls, which NPTL implements in nptl/pthread_kill.c: how
 * a program (the Go runtime's failed thread creation, for one) ends itself with SIGABRT.
 */
final class Abort {
  private final PthreadSigmask sigmask;

  Abort(PthreadSigmask sigmask) {
    this.sigmask = sigmask;
  }

  /**
   * {@code abort}: SIGABRT must end the process even from a thread that blocks it, so stage 0
   * unblocks it (through the sigprocmask wrapper); stage 1 raises it, which kills the process
   * unless a handler catches it and returns; then the stdio flush (no system call here), stage 3
   * resets the action to SIG_DFL (every signal blocked while it would run) and raises again, and
   * the last stage exits with 127.
   */
  @Source(file = "stdlib/abort.c", line = 49, function = "abort", version = "glibc 2.36")
  void abortImpl(UserContext ctx, Tcb self) {
    try (Frame f = ctx.tracer().enter()) {
      long set = self.scratch + 0x1c0;
      ctx.store64(set, Layout.sigbit(Signals.SIGABRT));
      sigmask.pthreadSigmaskImpl(ctx, self, Layout.SIG_UNBLOCK, set, 0);
      raise(ctx, Signals.SIGABRT);
      f.note("abort: the SIGABRT handler returned; back to SIG_DFL");
      InternalSignals.sigaction(ctx, self, Signals.SIGABRT, Signals.SIG_DFL, 0, -1L);
      raise(ctx, Signals.SIGABRT);
      ctx.exitGroup(127);
    }
  }

  /**
   * {@code raise} → {@code __pthread_kill_implementation} on the calling thread: the tid is asked
   * of the kernel (it is right even after a vfork, where the cached one is not), and no signals are
   * blocked around the tgkill in this case.
   */
  @Source(
      file = "nptl/pthread_kill.c",
      line = 25,
      function = "__pthread_kill_implementation",
      version = "glibc 2.36")
  private static void raise(UserContext ctx, int sig) {
    try (Frame f = ctx.tracer().enter()) {
      long tid = ctx.gettid();
      ctx.tgkill((int) ctx.getpid(), (int) tid, sig);
    }
  }
}
