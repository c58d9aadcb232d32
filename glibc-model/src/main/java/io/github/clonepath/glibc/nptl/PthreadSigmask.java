package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/** nptl/pthread_sigmask.c: the per-thread signal mask, with NPTL's own signals kept open. */
final class PthreadSigmask {

  /**
   * {@code __pthread_sigmask}: the one thing it adds to the system call is keeping SIGCANCEL and
   * SIGSETXID deliverable, because cancellation and set*id across threads depend on them; a set
   * that names either is copied (into the caller's scratch, the real code's local) and cleaned.
   */
  @Source(
      file = "nptl/pthread_sigmask.c",
      line = 24,
      function = "__pthread_sigmask",
      version = "glibc 2.36")
  int pthreadSigmaskImpl(UserContext ctx, Tcb self, int how, long set, long oldset) {
    try (Frame f = ctx.tracer().enter()) {
      long internal = Layout.sigbit(Layout.SIGCANCEL) | Layout.sigbit(Layout.SIGSETXID);
      long newmask = set;
      if (set != 0 && (ctx.load64(set) & internal) != 0) {
        newmask = self.scratch + 0x180;
        ctx.store64(newmask, ctx.load64(set) & ~internal);
        f.note("pthread_sigmask: SIGCANCEL and SIGSETXID cleared from the set");
      }
      long r = ctx.rtSigprocmask(how, newmask, oldset, 8);
      return r < 0 ? (int) -r : 0;
    }
  }
}
