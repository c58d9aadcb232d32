package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/** nptl/pthread_detach.c: giving up the right to join, so the thread cleans up after itself. */
final class PthreadDetach {
  private final Nptl n;
  private final NptlFreeTcb freeTcb;

  PthreadDetach(Nptl n, NptlFreeTcb freeTcb) {
    this.n = n;
    this.freeTcb = freeTcb;
  }

  /**
   * {@code pthread_detach}: marks the thread detached ({@code joinid = pd}); if it had already
   * started exiting, its descriptor is freed now, else it frees itself at exit.
   */
  @Source(
      file = "nptl/pthread_detach.c",
      line = 24,
      function = "___pthread_detach",
      version = "glibc 2.36")
  int pthreadDetachImpl(UserContext ctx, long thread) {
    try (Frame f = ctx.tracer().enter()) {
      Tcb pd = n.descriptors.get(thread);
      if (pd == null || ctx.load32(pd.tidAddr()) < 0) {
        return Layout.ESRCH;
      }
      if (pd.joinid != 0) {
        return pd.isDetached() ? Layout.EINVAL : 0;
      }
      pd.joinid = pd.pd;
      if (pd.exiting()) {
        if (f.recording()) {
          f.note("pthread_detach: 0x%x already exiting, freed now", pd.pd);
        }
        freeTcb.freeTcb(ctx, pd);
      }
      return 0;
    }
  }
}
