package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * nptl/pthread_cancel.c and the internal half of nptl/pthread_kill.c: cancelling a thread in
 * deferred mode (the default). pthread_cancel installs the SIGCANCEL handler on its first use,
 * makes sure the unwinder is loaded (so cancellation can work: on the process's first use, the
 * dlopen of libgcc_s.so.1 from the cancelling thread), marks the target cancelled and sends it
 * SIGCANCEL. The target's handler acts only while the target is inside a cancellation point (where
 * its cancel type is asynchronous for the length of the system call, see {@link Cancellation}): it
 * unwinds the thread, which ends as if it had called pthread_exit with {@code PTHREAD_CANCELED}.
 *
 * <p>DEVIATION: pthread_setcancelstate and pthread_setcanceltype are not modeled (every thread has
 * cancellation enabled and deferred); a target not in a cancellation point keeps its CANCELED bit
 * but the model has no later cancellation point test ({@code pthread_testcancel}) that would act on
 * it; the handler's check of the sender ({@code si_pid}, {@code si_code}) is not modeled (the
 * model's handlers get no siginfo), though its {@code getpid} call is; the {@code exit_lock} is not
 * modeled (one task runs at a time).
 */
final class PthreadCancel {
  private final Nptl n;

  PthreadCancel(Nptl n) {
    this.n = n;
  }

  /**
   * {@code __pthread_cancel}.
   *
   * @return 0, or ESRCH for a handle that is no thread
   */
  @Source(file = "nptl/pthread_cancel.c", function = "__pthread_cancel", version = "glibc 2.36")
  int pthreadCancel(UserContext ctx, Tcb self, long th) {
    try (Frame f = ctx.tracer().enter()) {
      Tcb pd = n.descriptors.get(th);
      if (pd == null) {
        return Layout.ESRCH;
      }
      // the handler, installed by the process's first pthread_cancel
      if (!n.sigcancelInstalled) {
        ctx.defineHandler(Layout.SIGCANCEL_HANDLER_ADDR, (c, sig) -> sigcancelHandler(c, sig));
        InternalSignals.sigaction(
            ctx,
            self,
            Layout.SIGCANCEL,
            Layout.SIGCANCEL_HANDLER_ADDR,
            Layout.SA_SIGINFO | Layout.SA_RESTART,
            0);
        n.sigcancelInstalled = true;
      }
      if (n.unwindLink.libcUnwindLinkGet(ctx, self) == 0) {
        throw new IllegalStateException(
            UnwindLink.LIBGCC_S_SO + " must be installed for pthread_cancel to work");
      }
      int old = pd.cancelhandling;
      pd.cancelhandling |= 1 << Layout.CANCELED_BIT;
      // cancelled already: nothing more to do
      if ((old & (1 << Layout.CANCELED_BIT)) != 0) {
        return 0;
      }
      // cancelling oneself acts at once only in asynchronous mode
      if (pd == self) {
        pd.result = Layout.PTHREAD_CANCELED;
        if (pd.asyncCancel) {
          n.unwind.doCancel(ctx, pd);
        }
        return 0;
      }
      if (f.recording()) {
        f.note("SIGCANCEL to 0x%x", pd.pd);
      }
      return pthreadKillInternal(ctx, self, pd, Layout.SIGCANCEL);
    }
  }

  /**
   * {@code __pthread_kill_implementation} for another thread: all signals blocked while the
   * target's {@code exit_lock} is held, so a thread that is exiting (its {@code exiting} flag) is
   * not sent anything and its tid stays valid until the signal is queued; then {@code tgkill} to
   * the target's tid in this process.
   */
  @Source(
      file = "nptl/pthread_kill.c",
      function = "__pthread_kill_implementation",
      version = "glibc 2.36")
  private static int pthreadKillInternal(UserContext ctx, Tcb self, Tcb pd, int sig) {
    long old = InternalSignals.internalSignalBlockAll(ctx, self);
    int ret = 0;
    if (!pd.exiting) {
      long r = ctx.tgkill((int) ctx.getpid(), ctx.load32(pd.tidAddr()), sig);
      ret = r < 0 ? (int) -r : 0;
    }
    InternalSignals.internalSignalRestoreSet(ctx, self, old);
    return ret;
  }

  /**
   * {@code sigcancel_handler}: on the thread the signal reached ({@code THREAD_SELF}, its FS base),
   * if cancellation is pending and the thread is not already exiting, the result becomes {@code
   * PTHREAD_CANCELED}; in asynchronous mode (inside a cancellation point) the thread unwinds and
   * never returns to the interrupted code.
   */
  @Source(file = "nptl/pthread_cancel.c", function = "sigcancel_handler", version = "glibc 2.36")
  private void sigcancelHandler(UserContext ctx, int sig) {
    if (sig != Layout.SIGCANCEL) {
      return;
    }
    ctx.getpid();
    Tcb self = n.descriptors.get(ctx.fsBase());
    if (self == null) {
      return;
    }
    int ch = self.cancelhandling;
    if ((ch & (1 << Layout.CANCELED_BIT)) == 0 || (ch & (1 << Layout.EXITING_BIT)) != 0) {
      return;
    }
    self.result = Layout.PTHREAD_CANCELED;
    if (self.asyncCancel) {
      n.unwind.doCancel(ctx, self);
    }
  }
}
