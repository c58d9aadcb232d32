package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * The new thread's side of nptl/pthread_create.c: {@code start_thread}, from its first code to its
 * {@code exit} system call, and the main thread's way out through {@code __libc_start_call_main}
 * (sysdeps/nptl/libc_start_call_main.h), which ends only that thread while others remain.
 */
final class StartThread {
  private final Nptl n;
  private final AllocateStack allocator;
  private final NptlFreeTcb freeTcb;

  StartThread(Nptl n, AllocateStack allocator, NptlFreeTcb freeTcb) {
    this.n = n;
    this.allocator = allocator;
    this.freeTcb = freeTcb;
  }

  /**
   * {@code start_thread}, the new thread's first code. After a stopped start (2.34+: before
   * anything else) the child takes {@code pd->lock}, which the creator holds until it has applied
   * the scheduling and restored its mask, so the child waits on it with {@code FUTEX_WAIT_PRIVATE}
   * when it gets there first; it reads {@code pd->setup_failed} under the lock and releases it
   * again. A failed setup sends it straight to the exit system call (the creator frees its stack).
   * Otherwise {@link #startThreadSetup} runs on, in a frame of its own.
   */
  @Source(
      file = "nptl/pthread_create.c",
      line = 335,
      function = "start_thread",
      version = "glibc 2.36")
  void startThread(UserContext ctx, Tcb pd) {
    if (pd.stoppedStart && n.config.version().isAtLeast(GlibcVersion.GLIBC_2_36)) {
      try (Frame f = ctx.tracer().enter()) {
        f.note("start_thread: stopped start, pd->lock taken and released before anything else");
      }
      LowLevelLock.lllLock(
          ctx,
          pd.lockAddr(),
          (c, r) -> {
            boolean setupFailed = pd.setupFailed;
            LowLevelLock.lllUnlock(c, pd.lockAddr());
            if (setupFailed) {
              c.exit(0);
              return;
            }
            startThreadSetup(c, pd);
          });
      return;
    }
    startThreadSetup(ctx, pd);
  }

  /**
   * The rest of {@code start_thread}'s set-up: the rseq registration when the creator had one and
   * the tunable allows (2.35+), {@code set_robust_list}, the creator's signal mask restored
   * (2.32+), then the start routine; its return continues in {@link #startThreadExit}. In 2.31 the
   * stopped start's lock and unlock of {@code pd->lock} come here, just before the routine.
   */
  @Source(
      file = "nptl/pthread_create.c",
      line = 335,
      function = "start_thread",
      version = "glibc 2.36")
  private void startThreadSetup(UserContext ctx, Tcb pd) {
    boolean v236 = n.config.version().isAtLeast(GlibcVersion.GLIBC_2_36);
    try (Frame f = ctx.tracer().enter()) {
      if (v236 && (pd.flags & PthreadAttr.ATTR_FLAG_DO_RSEQ) != 0) {
        long rc = ctx.rseq(NptlInit.rseqArea(n.config, pd.pd), Layout.RSEQ_LEN, 0, Layout.RSEQ_SIG);
        if (rc != 0) {
          throw new IllegalStateException("Fatal glibc error: rseq registration failed");
        }
      }
      ctx.setRobustList(pd.pd + Layout.ROBUST_HEAD, Layout.ROBUST_HEAD_LEN);
      if (v236) {
        InternalSignals.internalSignalRestoreSet(ctx, pd, pd.sigmask);
      }
      if (f.recording()) {
        f.note("start_thread: running the start routine of 0x%x", pd.pd);
      }
    }
    if (pd.stoppedStart && !v236) {
      LowLevelLock.lllLock(
          ctx,
          pd.lockAddr(),
          (c, r) -> {
            LowLevelLock.lllUnlock(c, pd.lockAddr());
            runStartRoutine(c, pd);
          });
      return;
    }
    runStartRoutine(ctx, pd);
  }

  private void runStartRoutine(UserContext ctx, Tcb pd) {
    pd.startRoutine.run(ctx, pd.pd, pd.arg, (c, value) -> startThreadExit(c, pd, value));
  }

  /**
   * The end of {@code start_thread} (reached by returning from the routine or by pthread_exit's
   * unwinding): the EXITING bit, the last thread's {@code exit(0)} of the whole process, then
   * (2.36) all signals but SIGSETXID blocked, the stack given back to the kernel with {@code
   * madvise} (not for caller-supplied stacks since 2.32), a detached thread freeing its own
   * descriptor (its stack goes into the cache while it still runs on it), and the {@code exit}
   * system call, after which the kernel clears the tid and wakes the joiner.
   */
  @Source(
      file = "nptl/pthread_create.c",
      line = 335,
      function = "start_thread",
      version = "glibc 2.36")
  void startThreadExit(UserContext ctx, Tcb pd, long value) {
    try (Frame f = ctx.tracer().enter()) {
      boolean v236 = n.config.version().isAtLeast(GlibcVersion.GLIBC_2_36);
      pd.result = value;
      pd.cancelhandling |= 1 << Layout.EXITING_BIT;
      n.nthreads--;
      if (n.nthreads == 0) {
        f.note("start_thread: last thread, exit(0) of the process");
        Exit.exit(ctx, 0);
        return;
      }
      // __libc_thread_freeres: the thread's arena goes back for the next thread
      n.arenas.threadFreeres(pd);
      if (v236) {
        ctx.store64(pd.scratch, Layout.SIGSET_FULL & ~Layout.sigbit(Layout.SIGSETXID));
        ctx.rtSigprocmask(Layout.SIG_BLOCK, pd.scratch, 0, 8);
        // pthread_kill sends this thread nothing from now on (under pd->exit_lock)
        pd.exiting = true;
      }
      if (!pd.userStack || !v236) {
        allocator.adviseStackRange(ctx, pd);
      }
      if (pd.isDetached()) {
        freeTcb.freeTcb(ctx, pd);
      }
      if (f.recording()) {
        f.note("start_thread: exit(0) of 0x%x", pd.pd);
      }
    }
    ctx.exit(0);
  }

  /**
   * The main thread's pthread_exit ({@code __libc_start_call_main}'s second return): if other
   * threads remain only this task ends, else the process exits with 0.
   */
  @Source(
      file = "sysdeps/nptl/libc_start_call_main.h",
      line = 23,
      function = "__libc_start_call_main",
      version = "glibc 2.36")
  void mainThreadExit(UserContext ctx, Tcb t) {
    try (Frame f = ctx.tracer().enter()) {
      t.cancelhandling |= 1 << Layout.EXITING_BIT;
      n.nthreads--;
      if (n.nthreads == 0) {
        Exit.exit(ctx, 0);
        return;
      }
      if (f.recording()) {
        f.note("main thread exits alone, %d threads remain", n.nthreads);
      }
    }
    ctx.exit(0);
  }
}
