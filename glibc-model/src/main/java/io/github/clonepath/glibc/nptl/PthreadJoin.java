package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.glibc.pthread.JoinNext;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * nptl/pthread_join_common.c: {@code __pthread_clockjoin_ex}, which pthread_join, tryjoin and the
 * timed joins all end in, with the two entry points of nptl/pthread_tryjoin.c and
 * nptl/pthread_timedjoin.c that add something of their own: tryjoin's EBUSY, the timed join's
 * CLOCK_REALTIME deadline.
 */
final class PthreadJoin {
  private final Nptl n;
  private final NptlFreeTcb freeTcb;

  PthreadJoin(Nptl n, NptlFreeTcb freeTcb) {
    this.n = n;
    this.freeTcb = freeTcb;
  }

  /**
   * {@code __pthread_clockjoin_ex}: refuses detached threads (EINVAL), self or mutual joins
   * (EDEADLK) and a second joiner (EINVAL); then, when asked to block, waits on the tid word with a
   * <em>shared</em> futex until the kernel has cleared it (no system call at all when it already
   * has), with the absolute deadline {@code abstime} if there is one (the wait's ETIMEDOUT ends the
   * join with that error and gives the thread back to other joiners); marks the descriptor joined
   * (tid -1) and frees it, which queues the stack in the cache. glibc 2.31 waits with plain {@code
   * FUTEX_WAIT} ({@code lll_wait_tid}).
   *
   * @param abstime address of the CLOCK_REALTIME deadline, or 0 for none
   * @param block false for tryjoin, which has seen the tid already cleared
   */
  @Source(
      file = "nptl/pthread_join_common.c",
      line = 36,
      function = "__pthread_clockjoin_ex",
      version = "glibc 2.36")
  void clockjoinEx(
      UserContext ctx, Tcb self, long thread, long abstime, boolean block, JoinNext next) {
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
      if (f.recording()) {
        f.note("pthread_join: waiting for 0x%x", pd.pd);
      }
    }
    if (block) {
      waitTid(ctx, pd, abstime, next);
    } else {
      joinFinish(ctx, pd, next);
    }
  }

  /**
   * The wait loop: while the tid word is not yet cleared, a futex wait on it, with the deadline
   * when there is one; its ETIMEDOUT (or EOVERFLOW) ends the loop with that error, anything else (a
   * wake, EAGAIN when the tid changed first, EINTR) reads the word again.
   */
  private void waitTid(UserContext ctx, Tcb pd, long abstime, JoinNext next) {
    int tid = ctx.load32(pd.tidAddr());
    if (tid != 0 && abstime != 0 && ctx.load64(abstime) < 0) {
      // __futex_abstimed_wait_common: a deadline before 1970 has passed, no system call
      joinFailed(ctx, pd, Layout.ETIMEDOUT, next);
      return;
    }
    if (tid != 0) {
      boolean v236 = n.config.version().isAtLeast(GlibcVersion.GLIBC_2_36);
      int op = v236 ? Layout.FUTEX_WAIT_BITSET | Layout.FUTEX_CLOCK_REALTIME : Layout.FUTEX_WAIT;
      int val3 = v236 ? Layout.FUTEX_BITSET_MATCH_ANY : 0;
      ctx.futex(
          pd.tidAddr(),
          op,
          tid,
          abstime,
          0,
          val3,
          (c, r) -> {
            if (r == -Layout.ETIMEDOUT || r == -Layout.EOVERFLOW) {
              joinFailed(c, pd, (int) -r, next);
            } else {
              waitTid(c, pd, abstime, next);
            }
          });
      return;
    }
    joinFinish(ctx, pd, next);
  }

  /** A join that gave up (a timed join's deadline passed): the thread may be joined again. */
  @Source(
      file = "nptl/pthread_join_common.c",
      line = 36,
      function = "__pthread_clockjoin_ex",
      version = "glibc 2.36")
  private void joinFailed(UserContext ctx, Tcb pd, int error, JoinNext next) {
    try (Frame f = ctx.tracer().enter()) {
      pd.joinid = 0;
      if (f.recording()) {
        f.note("pthread_join: gave up on 0x%x with %d", pd.pd, error);
      }
    }
    next.resume(ctx, error, 0);
  }

  /**
   * {@code __pthread_tryjoin_np}: a thread whose tid word the kernel has not cleared yet is still
   * running, so EBUSY without any system call; otherwise the common join, told not to block.
   */
  @Source(
      file = "nptl/pthread_tryjoin.c",
      line = 22,
      function = "__pthread_tryjoin_np",
      version = "glibc 2.36")
  void tryjoinNp(UserContext ctx, Tcb self, long thread, JoinNext next) {
    Tcb pd = n.descriptors.get(thread);
    if (pd != null && ctx.load32(pd.tidAddr()) != 0) {
      try (Frame f = ctx.tracer().enter()) {
        if (f.recording()) {
          f.note("pthread_tryjoin_np: 0x%x still runs", pd.pd);
        }
      }
      next.resume(ctx, Layout.EBUSY, 0);
      return;
    }
    clockjoinEx(ctx, self, thread, 0, false, next);
  }

  /**
   * {@code __pthread_timedjoin_np64}: the common join on CLOCK_REALTIME with the caller's absolute
   * deadline (the wait below gives up with ETIMEDOUT once the kernel's clock passes it).
   */
  @Source(
      file = "nptl/pthread_timedjoin.c",
      line = 22,
      function = "__pthread_timedjoin_np64",
      version = "glibc 2.36")
  void timedjoinNp(UserContext ctx, Tcb self, long thread, long abstime, JoinNext next) {
    clockjoinEx(ctx, self, thread, abstime, true, next);
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
      if (f.recording()) {
        f.note("pthread_join: 0x%x joined", pd.pd);
      }
    }
    next.resume(ctx, 0, result);
  }
}
