package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.ForkChild;
import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * posix/fork.c with {@code _Fork} (sysdeps/nptl/_Fork.c): a new process whose only thread is the
 * caller, and NPTL's repair of the copied state in the child ({@code reclaim_stacks}, in {@link
 * StackCache}).
 */
final class Fork {
  private final Nptl n;

  Fork(Nptl n) {
    this.n = n;
  }

  /**
   * {@code __libc_fork} and {@code _Fork}: the legacy {@code clone(CLONE_CHILD_CLEARTID |
   * CLONE_CHILD_SETTID | SIGCHLD)} with {@code child_tidptr = &self->tid}. In the child: the robust
   * list is registered again (rseq is inherited), {@code reclaim_stacks} caches every other
   * thread's block, and the thread count is 1. From 2.41 {@code _Fork} takes the abort lock around
   * the clone (sysdeps/nptl/_Fork.c:31 and :57 at glibc-2.41), which blocks every signal first and
   * restores the saved mask last, in the parent and in the child (after its set_robust_list).
   */
  @Source(file = "posix/fork.c", line = 40, function = "__libc_fork", version = "glibc 2.36")
  long libcFork(UserContext ctx, Tcb self, ForkChild child) {
    try (Frame f = ctx.tracer().enter()) {
      boolean abortLock = n.config.version().isAtLeast(GlibcVersion.GLIBC_2_41);
      long original = abortLock ? InternalSignals.internalSignalBlockAll(ctx, self) : 0;
      long pid =
          ctx.clone(
              CloneFlags.CLONE_CHILD_CLEARTID | CloneFlags.CLONE_CHILD_SETTID | Layout.SIGCHLD,
              0,
              0,
              self.tidAddr(),
              0,
              (c, r) -> forkChild(c, self, child, abortLock, original));
      if (abortLock) {
        InternalSignals.internalSignalRestoreSet(ctx, self, original);
      }
      if (f.recording()) {
        f.note("fork: child %d", pid);
      }
      return pid;
    }
  }

  /** The child side of fork: a copy of the parent's state, then reclaim_stacks. */
  @Source(file = "posix/fork.c", line = 40, function = "__libc_fork", version = "glibc 2.36")
  private void forkChild(
      UserContext ctx, Tcb self, ForkChild child, boolean abortLock, long original) {
    Nptl copy;
    try (Frame f = ctx.tracer().enter()) {
      copy = Nptl.forkCopy(n, self);
      Tcb me = copy.descriptors.get(self.pd);
      NptlInit.initRobustHead(ctx, me);
      ctx.setRobustList(me.pd + Layout.ROBUST_HEAD, Layout.ROBUST_HEAD_LEN);
      if (abortLock) {
        InternalSignals.internalSignalRestoreSet(ctx, me, original);
      }
      copy.stacks.reclaimStacks(ctx, me);
      copy.nthreads = 1;
      if (f.recording()) {
        f.note("fork child: one thread, stack_cache_actsize %d", copy.stacks.actsize());
      }
    }
    child.run(ctx, copy, self.pd);
  }
}
