package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.glibc.pthread.JoinNext;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * nptl/pthread_join_common.c: {@code __pthread_clockjoin_ex}, which pthread_join, tryjoin and the
 * timed joins all end in. The model offers the untimed, blocking join only.
 */
final class PthreadJoin {
  private final Nptl n;
  private final NptlFreeTcb freeTcb;

  PthreadJoin(Nptl n, NptlFreeTcb freeTcb) {
    this.n = n;
    this.freeTcb = freeTcb;
  }

  /**
   * {@code __pthread_clockjoin_ex} without a timeout: refuses detached threads (EINVAL), self or
   * mutual joins (EDEADLK) and a second joiner (EINVAL); then waits on the tid word with a
   * <em>shared</em> futex until the kernel has cleared it (no system call at all when it already
   * has), marks the descriptor joined (tid -1) and frees it, which queues the stack in the cache.
   * glibc 2.31 waits with plain {@code FUTEX_WAIT} ({@code lll_wait_tid}).
   */
  @Source(
      file = "nptl/pthread_join_common.c",
      line = 36,
      function = "__pthread_clockjoin_ex",
      version = "glibc 2.36")
  void clockjoinEx(UserContext ctx, Tcb self, long thread, JoinNext next) {
    Tcb pd;
    try (Frame f = ctx.tracer().enter()) {
      pd = n.descriptors.get(thread);
      if (pd == null || pd.isMain && pd != n.main || ctx.load32(pd.tidAddr()) < 0) {
        next.resume(ctx, Layout.ESRCH, 0);
        return;
      }
      if (pd.isDetached()) {
        next.resume(ctx, Layout.EINVAL, 0);
        return;
      }
      if (pd == self || (self.joinid == pd.pd && !pd.exiting())) {
        next.resume(ctx, Layout.EDEADLK, 0);
        return;
      }
      if (pd.joinid != 0) {
        next.resume(ctx, Layout.EINVAL, 0);
        return;
      }
      pd.joinid = self.pd;
      f.note("pthread_join: waiting for 0x%x", pd.pd);
    }
    waitTid(ctx, pd, next);
  }

  private void waitTid(UserContext ctx, Tcb pd, JoinNext next) {
    int tid = ctx.load32(pd.tidAddr());
    if (tid != 0) {
      boolean v236 = n.config.version().isAtLeast(GlibcVersion.GLIBC_2_36);
      int op = v236 ? Layout.FUTEX_WAIT_BITSET | Layout.FUTEX_CLOCK_REALTIME : Layout.FUTEX_WAIT;
      int val3 = v236 ? Layout.FUTEX_BITSET_MATCH_ANY : 0;
      ctx.futex(pd.tidAddr(), op, tid, 0, 0, val3, (c, r) -> waitTid(c, pd, next));
      return;
    }
    joinFinish(ctx, pd, next);
  }

  /** The end of a join: tid -1 (joined), the result copied, the descriptor freed. */
  @Source(
      file = "nptl/pthread_join_common.c",
      line = 36,
      function = "__pthread_clockjoin_ex",
      version = "glibc 2.36")
  private void joinFinish(UserContext ctx, Tcb pd, JoinNext next) {
    long result;
    try (Frame f = ctx.tracer().enter()) {
      ctx.store32(pd.tidAddr(), -1);
      result = pd.result;
      freeTcb.freeTcb(ctx, pd);
      f.note("pthread_join: 0x%x joined", pd.pd);
    }
    next.resume(ctx, 0, result);
  }
}
