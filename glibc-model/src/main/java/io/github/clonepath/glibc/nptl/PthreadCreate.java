package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.glibc.pthread.PthreadCreateResult;
import io.github.clonepath.glibc.pthread.StartRoutine;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.UserContext;
import org.jspecify.annotations.Nullable;

/**
 * nptl/pthread_create.c up to the clone: {@code late_init}, {@code __pthread_create_2_1} and {@code
 * create_thread}, with the clone they end in ({@code __clone_internal},
 * sysdeps/unix/sysv/linux/clone-internal.c) and 2.31's {@code create_thread}, which lived in
 * sysdeps/unix/sysv/linux/createthread.c until 2.34 merged it here. The new thread's side of the
 * file is {@link StartThread}.
 */
final class PthreadCreate {
  private final Nptl n;
  private final AllocateStack allocator;
  private final StartThread startThread;

  PthreadCreate(Nptl n, AllocateStack allocator, StartThread startThread) {
    this.n = n;
    this.allocator = allocator;
    this.startThread = startThread;
  }

  /**
   * {@code late_init}, run by the first pthread_create of a process (2.34+): installs the SIGSETXID
   * handler that setuid and friends need once there are several threads, and unblocks SIGCANCEL and
   * SIGSETXID in case the parent left them blocked.
   */
  @Source(file = "nptl/pthread_create.c", line = 70, function = "late_init", version = "glibc 2.36")
  private void lateInit(UserContext ctx, Tcb self) {
    try (Frame f = ctx.tracer().enter()) {
      InternalSignals.installHandler(ctx, self, Layout.SIGSETXID);
      ctx.store64(self.scratch, Layout.sigbit(Layout.SIGCANCEL) | Layout.sigbit(Layout.SIGSETXID));
      ctx.rtSigprocmask(Layout.SIG_UNBLOCK, self.scratch, 0, 8);
      f.note("late_init: SIGSETXID handler installed, RTMIN and RT_1 unblocked");
    }
  }

  /**
   * {@code __pthread_create_2_1}, the function behind {@code pthread_create}. The {@code _2_1} in
   * its name is a symbol version, not a release: glibc exports it as {@code pthread_create} of
   * symbol version GLIBC_2.1 (and, since the 2.34 release, GLIBC_2.34), where {@code
   * __pthread_create_2_0} is the older GLIBC_2.0 entry point. Every release the model follows runs
   * this one.
   *
   * <p>The real order. The first thread of a process runs {@code late_init}; a null attribute means
   * a copy of the defaults; {@code allocate_stack} (its ENOMEM becomes EAGAIN, EINVAL passes
   * through); the descriptor is filled (the attribute's flags without the scheduling bits, which
   * come from the caller; rseq if the caller registered; the detached self-reference) and handed to
   * the caller (here: returned once the clone is made, as no caller can look before); {@code
   * __nptl_nthreads} is raised before the clone so an early exit never sees "last thread"; all
   * signals are blocked around {@code create_thread} (2.32+) and the old mask is what the child
   * restores; a failed clone puts the stack back in the cache and its ENOMEM becomes EAGAIN; after
   * a stopped start {@code pd->lock} is released only once the mask is restored.
   *
   * <p>With explicit scheduling the policy and the parameter come from the attribute (the others
   * are the creator's, copied first). A create whose {@code sched_setscheduler} fails after the
   * clone takes the "thread ran, setup failed" path: {@code pd->setup_failed} is set and the lock
   * released, so the child, once it has the lock, goes straight to its exit; the creator waits with
   * a shared futex on the tid word until the kernel has cleared it, then gives the stack back and
   * returns the error.
   *
   * <p>DEVIATION: with explicit scheduling and only one of policy and parameter set, glibc fills
   * the other in from the caller with {@code sched_getscheduler}/{@code sched_getparam} ({@code
   * collect_default_sched}); the door has neither, so the model keeps the creator's value (which is
   * what those calls would return unless the creating thread's own scheduling was changed).
   */
  @Source(
      file = "nptl/pthread_create.c",
      line = 619,
      function = "__pthread_create_2_1",
      version = "glibc 2.36")
  PthreadCreateResult pthreadCreateSymbolGlibc2_1(
      UserContext ctx, Tcb self, @Nullable PthreadAttr attr, StartRoutine fn, long arg) {
    try (Frame f = ctx.tracer().enter()) {
      LibcConfig config = n.config;
      boolean v236 = config.version().isAtLeast(GlibcVersion.GLIBC_2_36);
      if (n.singleThreaded) {
        lateInit(ctx, self);
        n.singleThreaded = false;
      }
      PthreadAttr iattr = attr == null ? n.pthreadGetattrDefaultNp() : attr;
      AllocateStack.Result a = allocator.allocateStack(ctx, self, iattr, n.defaultAttr.stacksize());
      if (a.error() != 0) {
        int rv = a.error() == Layout.ENOMEM ? Layout.EAGAIN : a.error();
        if (f.recording()) {
          f.note("pthread_create: allocate_stack failed with %d, returns %d", a.error(), rv);
        }
        return PthreadCreateResult.failed(rv);
      }
      Tcb pd = a.pd();
      ctx.store64(pd.pd, pd.pd);
      ctx.store64(pd.pd + Layout.HEADER_SELF, pd.pd);
      pd.startRoutine = fn;
      pd.arg = arg;
      int schedBits = PthreadAttr.ATTR_FLAG_SCHED_SET | PthreadAttr.ATTR_FLAG_POLICY_SET;
      pd.flags = (iattr.flags() & ~schedBits) | (self.flags & schedBits);
      if (v236 && config.rseq() && (self.flags & PthreadAttr.ATTR_FLAG_DO_RSEQ) != 0) {
        pd.flags |= PthreadAttr.ATTR_FLAG_DO_RSEQ;
      }
      pd.joinid = (iattr.flags() & PthreadAttr.ATTR_FLAG_DETACHSTATE) != 0 ? pd.pd : 0;
      pd.schedpolicy = self.schedpolicy;
      ctx.store32(pd.schedparamAddr(), ctx.load32(self.schedparamAddr()));
      if ((iattr.flags() & PthreadAttr.ATTR_FLAG_NOTINHERITSCHED) != 0
          && (iattr.flags() & schedBits) != 0) {
        if ((iattr.flags() & PthreadAttr.ATTR_FLAG_POLICY_SET) != 0) {
          pd.schedpolicy = iattr.getschedpolicy();
          pd.flags |= PthreadAttr.ATTR_FLAG_POLICY_SET;
        }
        if ((iattr.flags() & PthreadAttr.ATTR_FLAG_SCHED_SET) != 0) {
          ctx.store32(pd.schedparamAddr(), iattr.getschedparam());
          pd.flags |= PthreadAttr.ATTR_FLAG_SCHED_SET;
        }
      }
      // glibc stores *newthread here; the model hands pd back in the result once the clone is made
      n.nthreads++;
      Created created;
      if (v236) {
        long original = InternalSignals.internalSignalBlockAll(ctx, self);
        pd.sigmask = original & ~Layout.sigbit(Layout.SIGCANCEL);
        created = createThread(ctx, pd, iattr, a.stackaddr(), a.stacksize());
        InternalSignals.internalSignalRestoreSet(ctx, self, original);
      } else {
        pd.sigmask = 0;
        created = createThreadRelease2_31(ctx, pd, iattr, a.stackaddr());
      }
      int retval = created.retval();
      if (retval != 0) {
        if (created.threadRan()) {
          pd.setupFailed = true;
          LowLevelLock.lllUnlock(ctx, pd.lockAddr());
          waitStillborn(ctx, pd);
          f.note("pthread_create: setup failed after the clone, the new thread has exited");
        }
        n.nthreads--;
        n.stacks.deallocateStack(ctx, pd);
        if (retval == Layout.ENOMEM) {
          retval = Layout.EAGAIN;
        }
        if (f.recording()) {
          f.note("pthread_create: clone failed, stack back in the cache, returns %d", retval);
        }
        return PthreadCreateResult.failed(retval);
      }
      if (pd.stoppedStart) {
        LowLevelLock.lllUnlock(ctx, pd.lockAddr());
        f.note("pthread_create: stopped start, pd->lock released after the mask restore");
      }
      if (f.recording()) {
        f.note("pthread_create: thread 0x%x created, __nptl_nthreads %d", pd.pd, n.nthreads);
      }
      return PthreadCreateResult.created(pd.pd);
    }
  }

  /** What create_thread reports: 0 or an error number, and whether the new thread exists. */
  private record Created(int retval, boolean threadRan) {}

  /**
   * {@code create_thread} (2.34+): decides on the stopped start (explicit scheduling or an affinity
   * mask: the creator holds {@code pd->lock} across the clone so the child cannot run user code
   * before its scheduling is applied), fills {@code struct clone_args} with the 9 thread flags,
   * {@code parent_tid = child_tid = &pd->tid}, the block base as {@code stack}, and {@code tls =
   * pd}, and calls {@code __clone_internal}. Once the thread exists, explicit scheduling applies
   * {@code pd->schedpolicy} and {@code pd->schedparam} to it with {@code sched_setscheduler} on its
   * tid; that call's error is create_thread's, with the thread already running.
   *
   * <p>DEVIATION: CPU affinity ({@code sched_setaffinity}, the other reason for a stopped start) is
   * not modeled.
   */
  @Source(
      file = "nptl/pthread_create.c",
      line = 231,
      function = "create_thread",
      version = "glibc 2.36")
  private Created createThread(
      UserContext ctx, Tcb pd, PthreadAttr attr, long stackaddr, long stacksize) {
    try (Frame f = ctx.tracer().enter()) {
      stoppedStart(ctx, f, pd, attr);
      int rc = cloneResult(f, cloneInternal(ctx, pd, stackaddr, stacksize));
      if (rc != 0) {
        return new Created(rc, false);
      }
      return new Created(setScheduler(ctx, f, pd, attr), true);
    }
  }

  /**
   * create_thread's scheduling step: with explicit scheduling, {@code sched_setscheduler(pd->tid,
   * pd->schedpolicy, &pd->schedparam)}; 0 or its error number.
   */
  private static int setScheduler(UserContext ctx, Frame f, Tcb pd, PthreadAttr attr) {
    if ((attr.flags() & PthreadAttr.ATTR_FLAG_NOTINHERITSCHED) == 0) {
      return 0;
    }
    long res = ctx.schedSetscheduler(ctx.load32(pd.tidAddr()), pd.schedpolicy, pd.schedparamAddr());
    if (Errno.isError(res)) {
      if (f.recording()) {
        f.note("create_thread: sched_setscheduler failed with %s", Errno.ofResult(res));
      }
      return (int) -res;
    }
    return 0;
  }

  /**
   * The creator's wait for a stillborn thread: while the tid word is set, a shared futex wait on
   * it, as pthread_join makes ({@code __futex_abstimed_wait_cancelable64} with no deadline), until
   * the kernel clears it at the child's exit.
   */
  private static void waitStillborn(UserContext ctx, Tcb pd) {
    int tid;
    while ((tid = ctx.load32(pd.tidAddr())) != 0) {
      int t = tid;
      ctx.await(
          k ->
              ctx.futex(
                  pd.tidAddr(),
                  Layout.FUTEX_WAIT_BITSET | Layout.FUTEX_CLOCK_REALTIME,
                  t,
                  0,
                  0,
                  Layout.FUTEX_BITSET_MATCH_ANY,
                  k));
    }
  }

  /**
   * {@code __clone_internal}: clone3 first; only on ENOSYS the legacy {@code clone}, whose child
   * stack is {@code stack + stack_size - 16} (the wrapper pushes the function and its argument). In
   * 2.36 the fallback is decided per call, so clone3 is tried again on every create; 2.41's {@code
   * __clone3_internal} remembers the first ENOSYS in a process-wide {@code clone3_supported} flag
   * (sysdeps/unix/sysv/linux/clone-internal.c:72-90 at glibc-2.41) and goes straight to the legacy
   * clone from then on.
   */
  @Source(
      file = "sysdeps/unix/sysv/linux/clone-internal.c",
      line = 47,
      function = "__clone_internal",
      version = "glibc 2.36")
  private long cloneInternal(UserContext ctx, Tcb pd, long stack, long stackSize) {
    try (Frame f = ctx.tracer().enter()) {
      long args = Layout.roundDown(stack + stackSize - 2 * Layout.SCRATCH_BELOW_SP, 64);
      // struct clone_args is built on the creator's stack in glibc; the model builds it just
      // below the new thread's initial stack pointer, which nothing uses yet.
      long[] fields = {
        Layout.CLONE_THREAD_FLAGS,
        pd.tidAddr(),
        pd.tidAddr(),
        pd.tidAddr(),
        0,
        stack,
        stackSize,
        pd.pd,
        0,
        0,
        0
      };
      for (int i = 0; i < fields.length; i++) {
        ctx.store64(args + 8L * i, fields[i]);
      }
      long rc =
          n.clone3Supported
              ? ctx.clone3(args, Layout.CLONE_ARGS_SIZE, (c, r) -> startThread.startThread(c, pd))
              : Errno.ENOSYS.result();
      if (rc == Errno.ENOSYS.result()) {
        n.clone3Supported = !n.config.version().isAtLeast(GlibcVersion.GLIBC_2_41);
        f.note("__clone_internal: clone3 is ENOSYS, falling back to clone");
        rc =
            ctx.clone(
                Layout.CLONE_THREAD_FLAGS,
                stack + stackSize - 16,
                pd.tidAddr(),
                pd.tidAddr(),
                pd.pd,
                (c, r) -> startThread.startThread(c, pd));
      }
      return rc;
    }
  }

  /**
   * The {@code create_thread} of the 2.31 release (sysdeps/unix/sysv/linux/createthread.c, the file
   * releases before 2.34 keep it in): the same flags through the legacy {@code clone}, whose child
   * stack is the stack top allocate_stack returned minus the 16 bytes the clone wrapper pushes, and
   * the same {@code sched_setscheduler} after it. The name carries a release, not a symbol version.
   *
   * <p>DEVIATION: when that call fails, 2.31 sends the new thread SIGCANCEL (which ends it inside
   * its wait for {@code pd->lock}) and leaks its stack (BZ #19511); the model refuses that path
   * with an {@link IllegalStateException} instead.
   */
  @Source(
      file = "sysdeps/unix/sysv/linux/createthread.c",
      line = 49,
      function = "create_thread",
      version = "glibc 2.31")
  private Created createThreadRelease2_31(
      UserContext ctx, Tcb pd, PthreadAttr attr, long stacktop) {
    try (Frame f = ctx.tracer().enter()) {
      stoppedStart(ctx, f, pd, attr);
      long rc =
          ctx.clone(
              Layout.CLONE_THREAD_FLAGS,
              stacktop - 16,
              pd.tidAddr(),
              pd.tidAddr(),
              pd.pd,
              (c, r) -> startThread.startThread(c, pd));
      int err = cloneResult(f, rc);
      if (err != 0) {
        return new Created(err, false);
      }
      if (setScheduler(ctx, f, pd, attr) != 0) {
        throw new IllegalStateException(
            "glibc 2.31: a failed sched_setscheduler after the clone (SIGCANCEL to the new thread)"
                + " is not modeled; use glibc 2.36 or a policy the process may set");
      }
      return new Created(0, true);
    }
  }

  /**
   * create_thread's stopped-start decision: explicit scheduling (or, in glibc, an affinity mask)
   * makes the creator take {@code pd->lock} ({@code lll_lock}) before the clone. The answer is kept
   * in {@code pd->stopped_start}, where the creator and the child both read it.
   */
  private static void stoppedStart(UserContext ctx, Frame f, Tcb pd, PthreadAttr attr) {
    pd.stoppedStart = (attr.flags() & PthreadAttr.ATTR_FLAG_NOTINHERITSCHED) != 0;
    if (pd.stoppedStart) {
      LowLevelLock.lllLock(ctx, pd.lockAddr());
      f.note("create_thread: stopped start, pd->lock taken before the clone");
    }
  }

  /** create_thread's answer to a clone: 0, or the clone's error number. */
  private static int cloneResult(Frame f, long rc) {
    if (Errno.isError(rc)) {
      if (f.recording()) {
        f.note("create_thread: clone failed with %s", Errno.ofResult(rc));
      }
      return (int) -rc;
    }
    if (f.recording()) {
      f.note("create_thread: new thread %d", rc);
    }
    return 0;
  }
}
