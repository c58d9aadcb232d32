package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.ForkChild;
import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.glibc.pthread.JoinNext;
import io.github.clonepath.glibc.pthread.Libc;
import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.glibc.pthread.SpawnNext;
import io.github.clonepath.glibc.pthread.StartRoutine;
import io.github.clonepath.glibc.pthread.ThreadStack;
import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.HashMap;
import java.util.Map;

/**
 * One process's NPTL: the start-up state, thread creation, start and exit, join and detach, fork
 * and posix_spawn, on the kernel's system-call door.
 *
 * <p>Stack allocation and the cache are in {@link AllocateStack} and {@link StackCache}.
 */
public final class Nptl implements Libc {
  private final LibcConfig config;
  private final StackCache stacks;
  private final AllocateStack allocator;
  private final Map<Long, Tcb> descriptors;
  private final PthreadAttr defaultAttr;
  private Tcb main;
  private int nthreads;
  private boolean singleThreaded;

  /** 2.41's {@code clone3_supported}: cleared by the first ENOSYS of clone3. */
  private boolean clone3Supported = true;

  private Nptl(LibcConfig config) {
    this.config = config;
    this.stacks = new StackCache(config.stackCacheSize());
    this.descriptors = new HashMap<>();
    this.allocator = new AllocateStack(config, stacks, descriptors);
    this.defaultAttr = new PthreadAttr();
    this.nthreads = 1;
    this.singleThreaded = true;
    stacks.onUnmap(t -> descriptors.remove(t.pd));
  }

  /** The forked child's copy of the parent's state (its memory, and so its descriptors, copied). */
  private Nptl(Nptl parent) {
    this.config = parent.config;
    Map<Tcb, Tcb> copies = new java.util.IdentityHashMap<>();
    this.descriptors = new HashMap<>();
    for (Tcb t : parent.descriptors.values()) {
      Tcb c = t.copy();
      copies.put(t, c);
      descriptors.put(c.pd, c);
    }
    this.stacks = new StackCache(parent.stacks, copies);
    this.allocator = new AllocateStack(config, stacks, descriptors);
    this.defaultAttr = new PthreadAttr(parent.defaultAttr);
    this.main = copies.get(parent.main);
    this.nthreads = parent.nthreads;
    this.singleThreaded = parent.singleThreaded;
    this.clone3Supported = parent.clone3Supported;
    stacks.onUnmap(t -> descriptors.remove(t.pd));
  }

  /**
   * Runs the process start-up and returns the state.
   *
   * @param ctx the main thread
   * @param config the configuration
   * @return the process's NPTL
   */
  public static Nptl start(UserContext ctx, LibcConfig config) {
    Nptl n = new Nptl(config);
    n.initTls(ctx);
    if (config.version() == GlibcVersion.GLIBC_2_31) {
      n.pthreadInitializeMinimal(ctx);
    } else {
      n.pthreadEarlyInit(ctx);
    }
    return n;
  }

  // ------------------------------------------------------------------ start-up

  /**
   * What ld.so and {@code __libc_setup_tls} do for the main thread before {@code main}: the static
   * TLS block with the TCB at its end in a fresh read-write mapping ({@code
   * _dl_allocate_tls_storage} through ld.so's minimal malloc: the TLS size rounded up to pages plus
   * one page, 12 KiB for the reference program), the FS base set to the TCB, the tid address, the
   * robust list, and (2.35+) the rseq registration.
   *
   * <p>DEVIATION: the loader's other work (mapping libc, relocation, RELRO mprotects) is not
   * modeled; traces are compared from the program's first output on.
   */
  @Source(file = "elf/rtld.c", line = 736, function = "init_tls", version = "glibc 2.36")
  private void initTls(UserContext ctx) {
    try (Frame f = ctx.tracer().enter()) {
      long tls = config.staticTlsSize();
      long len = Layout.roundUp(tls, Layout.PAGE) + Layout.PAGE;
      long base =
          ctx.mmap(
              0,
              len,
              Layout.PROT_READ | Layout.PROT_WRITE,
              Layout.MAP_PRIVATE | Layout.MAP_ANONYMOUS,
              -1,
              0);
      if (Errno.isError(base)) {
        throw new IllegalStateException(
            "the start-up TLS mapping failed (" + Errno.ofResult(base) + "): ld.so aborts");
      }
      long tp = base + tls - Layout.TLS_TCB_SIZE;
      Tcb t = new Tcb(tp, true);
      t.scratch = Layout.roundDown(base + len - Layout.SCRATCH_BELOW_SP, 64);
      t.flags = 0;
      main = t;
      descriptors.put(tp, t);
      ctx.store64(tp, tp);
      ctx.store64(tp + Layout.HEADER_SELF, tp);
      ctx.archPrctl(Layout.ARCH_SET_FS, tp);
      ctx.setTidAddress(t.tidAddr());
      initRobustHead(ctx, t);
      ctx.setRobustList(t.pd + Layout.ROBUST_HEAD, Layout.ROBUST_HEAD_LEN);
      if (config.version().isAtLeast(GlibcVersion.GLIBC_2_36) && config.rseq()) {
        long rc = ctx.rseq(rseqArea(tp), Layout.RSEQ_LEN, 0, Layout.RSEQ_SIG);
        if (rc == 0) {
          t.flags |= PthreadAttr.ATTR_FLAG_DO_RSEQ;
        }
      }
      f.note("init_tls: %d-byte TLS mapping at 0x%x, main TCB at 0x%x", len, base, tp);
    }
  }

  /**
   * Where a thread's rseq area lies, from its thread pointer ({@code RSEQ_SELF}, tp plus {@code
   * __rseq_offset}). Up to 2.40 the area is a member of struct pthread (nptl/descr.h), 0x920 above
   * tp. From 2.41 it is the "extra TLS" block that {@code _dl_determine_tlsoffset} appends after
   * the initial modules' TLS blocks (elf/dl-tls.c:322-353 at glibc-2.41): with the TCB at the
   * thread pointer the blocks grow downwards, so the area is the lowest part of the used static TLS
   * and {@code __rseq_offset} is minus the used size. The model knows the static TLS size only as a
   * whole (its {@code dl_tls_static_size}: used part, the 1664-byte surplus, rounded to 64, then
   * the TCB), so it takes the used part as that size less the TCB and the surplus: exact when the
   * used part is a multiple of 64, as in both captured programs (-0xc0 for threads.c, -0x1000c0 for
   * tlsbig.c's 1 MiB of TLS).
   */
  private long rseqArea(long tp) {
    if (!config.version().isAtLeast(GlibcVersion.GLIBC_2_41)) {
      return tp + Layout.RSEQ_AREA;
    }
    return tp - (config.staticTlsSize() - Layout.TLS_TCB_SIZE - Layout.TLS_STATIC_SURPLUS);
  }

  private static void initRobustHead(UserContext ctx, Tcb t) {
    long head = t.pd + Layout.ROBUST_HEAD;
    ctx.store64(head, head);
    ctx.store64(head + 8, Layout.ROBUST_FUTEX_OFFSET);
    ctx.store64(head + 16, 0);
  }

  /**
   * {@code __pthread_initialize_minimal} / {@code __pthread_early_init}: the default thread
   * attributes from RLIMIT_STACK (unlimited gives ARCH_STACK_DEFAULT_SIZE, 2 MiB; a smaller limit
   * than PTHREAD_STACK_MIN is raised to it, then to one page + the static TLS + MINIMAL_REST_STACK,
   * and the result is page-rounded), a one-page guard.
   *
   * <p>DEVIATION: the limit comes from the configuration rather than a {@code prlimit64} call,
   * which the syscall door does not offer.
   */
  @Source(
      file = "sysdeps/nptl/pthread_early_init.h",
      line = 28,
      function = "__pthread_early_init",
      version = "glibc 2.36")
  private void pthreadEarlyInit(UserContext ctx) {
    try (Frame f = ctx.tracer().enter()) {
      long limit = config.rlimitStack();
      long size = limit == -1 ? Layout.ARCH_STACK_DEFAULT_SIZE : limit;
      if (limit != -1 && size < Layout.PTHREAD_STACK_MIN) {
        size = Layout.PTHREAD_STACK_MIN;
      }
      // what allocate_stack will demand of a default-sized stack
      long minstack = Layout.PAGE + config.staticTlsSize() + Layout.MINIMAL_REST_STACK;
      if (size < minstack) {
        size = minstack;
      }
      size = Layout.roundUp(size, Layout.PAGE);
      defaultAttr.setstacksize(size);
      defaultAttr.setguardsize(Layout.PAGE);
      f.note("default stacksize %d, guardsize %d", size, Layout.PAGE);
    }
  }

  /**
   * glibc 2.31's libpthread initialiser: the same defaults as 2.36, and already at start-up what
   * 2.34+ defers to the first pthread_create: the SIGCANCEL and SIGSETXID handlers and the
   * unblocking of both.
   */
  @Source(
      file = "nptl/nptl-init.c",
      line = 243,
      function = "__pthread_initialize_minimal_internal",
      version = "glibc 2.31")
  private void pthreadInitializeMinimal(UserContext ctx) {
    try (Frame f = ctx.tracer().enter()) {
      pthreadEarlyInit(ctx);
      installHandler(ctx, main, Layout.SIGCANCEL);
      installHandler(ctx, main, Layout.SIGSETXID);
      ctx.store64(main.scratch, Layout.sigbit(Layout.SIGCANCEL) | Layout.sigbit(Layout.SIGSETXID));
      ctx.rtSigprocmask(Layout.SIG_UNBLOCK, main.scratch, 0, 8);
      singleThreaded = false;
      f.note("2.31: SIGCANCEL and SIGSETXID handlers installed at start-up");
    }
  }

  private static void installHandler(UserContext ctx, Tcb self, int sig) {
    sigaction(
        ctx,
        self,
        sig,
        Layout.SETXID_HANDLER_ADDR,
        Layout.SA_ONSTACK | Layout.SA_RESTART | Layout.SA_SIGINFO,
        0);
  }

  /**
   * {@code __libc_sigaction}: the kernel's struct (handler, flags with SA_RESTORER and glibc's
   * restorer added, restorer, mask) built in the caller's scratch, then rt_sigaction.
   */
  private static void sigaction(
      UserContext ctx, Tcb self, int sig, long handler, long flags, long mask) {
    long act = self.scratch + 0x80;
    ctx.store64(act, handler);
    ctx.store64(act + 8, Layout.SA_RESTORER | flags);
    ctx.store64(act + 16, Layout.SIGRETURN_RESTORER_ADDR);
    ctx.store64(act + 24, mask);
    ctx.rtSigaction(sig, act, 0, 8);
  }

  /**
   * {@code late_init}, run by the first pthread_create of a process (2.34+): installs the SIGSETXID
   * handler that setuid and friends need once there are several threads, and unblocks SIGCANCEL and
   * SIGSETXID in case the parent left them blocked.
   */
  @Source(file = "nptl/pthread_create.c", line = 70, function = "late_init", version = "glibc 2.36")
  private void lateInit(UserContext ctx, Tcb self) {
    try (Frame f = ctx.tracer().enter()) {
      installHandler(ctx, self, Layout.SIGSETXID);
      ctx.store64(self.scratch, Layout.sigbit(Layout.SIGCANCEL) | Layout.sigbit(Layout.SIGSETXID));
      ctx.rtSigprocmask(Layout.SIG_UNBLOCK, self.scratch, 0, 8);
      f.note("late_init: SIGSETXID handler installed, RTMIN and RT_1 unblocked");
    }
  }

  // ------------------------------------------------------------------ accessors

  @Override
  public LibcConfig config() {
    return config;
  }

  @Override
  public long mainThread() {
    return main.pd;
  }

  @Override
  public PthreadAttr pthreadGetattrDefaultNp() {
    return new PthreadAttr(defaultAttr);
  }

  @Override
  public long pthreadAttrGetstacksize(PthreadAttr attr) {
    return attr.stacksize() != 0 ? attr.stacksize() : defaultAttr.stacksize();
  }

  /** The stack lists, for tests and views. */
  StackCache stacks() {
    return stacks;
  }

  /** The number of threads glibc counts ({@code __nptl_nthreads}). */
  int nthreads() {
    return nthreads;
  }

  /** Descriptors by address, for tests. */
  Map<Long, Tcb> descriptors() {
    return descriptors;
  }

  private Tcb self(long self) {
    Tcb t = descriptors.get(self);
    if (t == null) {
      throw new IllegalArgumentException(
          String.format("0x%x is not a thread of this process: pass the caller's pthread_t", self));
    }
    return t;
  }

  // ------------------------------------------------------------------ pthread_create

  @Override
  public int pthreadCreate(
      UserContext ctx, long self, long[] newthread, PthreadAttr attr, StartRoutine fn, long arg) {
    return pthreadCreate21(ctx, self(self), newthread, attr, fn, arg);
  }

  /**
   * {@code __pthread_create_2_1}: the real order. The first thread of a process runs {@code
   * late_init}; a null attribute means a copy of the defaults; {@code allocate_stack} (its ENOMEM
   * becomes EAGAIN, EINVAL passes through); the descriptor is filled (the attribute's flags without
   * the scheduling bits, which come from the caller; rseq if the caller registered; the detached
   * self-reference) and handed to the caller; {@code __nptl_nthreads} is raised before the clone so
   * an early exit never sees "last thread"; all signals are blocked around {@code create_thread}
   * (2.32+) and the old mask is what the child restores; a failed clone puts the stack back in the
   * cache and its ENOMEM becomes EAGAIN; after a stopped start {@code pd->lock} is released only
   * once the mask is restored.
   *
   * <p>DEVIATION: with explicit scheduling and only one of policy and parameters set, glibc fills
   * the other in with {@code sched_getscheduler}/{@code sched_getparam} ({@code
   * collect_default_sched}); the door has neither, and the model keeps no scheduling parameters.
   * The "thread ran, setup failed" path ({@code setup_failed}, the creator's shared futex wait on
   * the tid, the child's early exit) cannot occur, since nothing after the clone can fail.
   */
  @Source(
      file = "nptl/pthread_create.c",
      line = 619,
      function = "__pthread_create_2_1",
      version = "glibc 2.36")
  int pthreadCreate21(
      UserContext ctx, Tcb self, long[] newthread, PthreadAttr attr, StartRoutine fn, long arg) {
    try (Frame f = ctx.tracer().enter()) {
      boolean v236 = config.version().isAtLeast(GlibcVersion.GLIBC_2_36);
      if (singleThreaded) {
        lateInit(ctx, self);
        singleThreaded = false;
      }
      PthreadAttr iattr = attr == null ? pthreadGetattrDefaultNp() : attr;
      AllocateStack.Result a = allocator.allocateStack(ctx, iattr, defaultAttr.stacksize());
      if (a.error() != 0) {
        int rv = a.error() == Layout.ENOMEM ? Layout.EAGAIN : a.error();
        f.note("pthread_create: allocate_stack failed with %d, returns %d", a.error(), rv);
        return rv;
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
      newthread[0] = pd.pd;
      nthreads++;
      boolean[] stoppedStart = {false};
      int retval;
      if (v236) {
        long original = internalSignalBlockAll(ctx, self);
        pd.sigmask = original & ~Layout.sigbit(Layout.SIGCANCEL);
        retval = createThread(ctx, pd, iattr, stoppedStart, a.stackaddr(), a.stacksize());
        internalSignalRestoreSet(ctx, self, original);
      } else {
        pd.sigmask = 0;
        retval = createThread231(ctx, pd, iattr, stoppedStart, a.stackaddr());
      }
      if (retval != 0) {
        nthreads--;
        stacks.deallocateStack(ctx, pd);
        if (retval == Layout.ENOMEM) {
          retval = Layout.EAGAIN;
        }
        f.note("pthread_create: clone failed, stack back in the cache, returns %d", retval);
        return retval;
      }
      if (stoppedStart[0]) {
        pd.lockHeld = false;
        f.note("pthread_create: stopped start, pd->lock released after the mask restore");
      }
      f.note("pthread_create: thread 0x%x created, __nptl_nthreads %d", pd.pd, nthreads);
      return 0;
    }
  }

  /** {@code internal_signal_block_all}: blocks every signal, returns the old mask. */
  private static long internalSignalBlockAll(UserContext ctx, Tcb self) {
    ctx.store64(self.scratch, Layout.SIGSET_FULL);
    ctx.rtSigprocmask(Layout.SIG_BLOCK, self.scratch, self.scratch + 8, 8);
    return ctx.load64(self.scratch + 8);
  }

  /** {@code internal_signal_restore_set}: SIG_SETMASK back to a saved mask. */
  private static void internalSignalRestoreSet(UserContext ctx, Tcb self, long mask) {
    ctx.store64(self.scratch + 16, mask);
    ctx.rtSigprocmask(Layout.SIG_SETMASK, self.scratch + 16, 0, 8);
  }

  /**
   * {@code create_thread} (2.34+): decides on the stopped start (explicit scheduling or an affinity
   * mask: the creator holds {@code pd->lock} across the clone so the child cannot run user code
   * before its scheduling is applied), fills {@code struct clone_args} with the 9 thread flags,
   * {@code parent_tid = child_tid = &pd->tid}, the block base as {@code stack}, and {@code tls =
   * pd}, and calls {@code __clone_internal}.
   *
   * <p>DEVIATION: the syscall door has no {@code sched_setscheduler}. With explicit scheduling
   * glibc calls {@code sched_setscheduler(tid, pd->schedpolicy, &pd->schedparam)} right after the
   * clone (the real trace of a default explicit-scheduling attribute shows {@code
   * sched_setscheduler(TID, SCHED_OTHER, [0]) = 0} between clone3 and the creator's SIG_SETMASK);
   * the model makes the handshake but no such call, applies no policy, and the call's failure
   * (EINVAL for SCHED_FIFO with priority 0, EPERM for a real-time policy without CAP_SYS_NICE)
   * cannot happen. CPU affinity ({@code sched_setaffinity}, the other reason for a stopped start)
   * is not modeled.
   */
  @Source(
      file = "nptl/pthread_create.c",
      line = 231,
      function = "create_thread",
      version = "glibc 2.36")
  private int createThread(
      UserContext ctx,
      Tcb pd,
      PthreadAttr attr,
      boolean[] stoppedStart,
      long stackaddr,
      long stacksize) {
    try (Frame f = ctx.tracer().enter()) {
      stoppedStart(f, pd, attr, stoppedStart);
      return cloneResult(f, cloneInternal(ctx, pd, stackaddr, stacksize));
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
          clone3Supported
              ? ctx.clone3(args, Layout.CLONE_ARGS_SIZE, (c, r) -> startThread(c, pd))
              : Errno.ENOSYS.result();
      if (rc == Errno.ENOSYS.result()) {
        clone3Supported = !config.version().isAtLeast(GlibcVersion.GLIBC_2_41);
        f.note("__clone_internal: clone3 is ENOSYS, falling back to clone");
        rc =
            ctx.clone(
                Layout.CLONE_THREAD_FLAGS,
                stack + stackSize - 16,
                pd.tidAddr(),
                pd.tidAddr(),
                pd.pd,
                (c, r) -> startThread(c, pd));
      }
      return rc;
    }
  }

  /**
   * glibc 2.31's {@code create_thread} (sysdeps/unix/sysv/linux/createthread.c): the same flags
   * through the legacy {@code clone}, whose child stack is the stack top allocate_stack returned
   * minus the 16 bytes the clone wrapper pushes.
   */
  @Source(
      file = "sysdeps/unix/sysv/linux/createthread.c",
      line = 49,
      function = "create_thread",
      version = "glibc 2.31")
  private int createThread231(
      UserContext ctx, Tcb pd, PthreadAttr attr, boolean[] stoppedStart, long stacktop) {
    try (Frame f = ctx.tracer().enter()) {
      stoppedStart(f, pd, attr, stoppedStart);
      long rc =
          ctx.clone(
              Layout.CLONE_THREAD_FLAGS,
              stacktop - 16,
              pd.tidAddr(),
              pd.tidAddr(),
              pd.pd,
              (c, r) -> startThread(c, pd));
      return cloneResult(f, rc);
    }
  }

  /**
   * create_thread's stopped-start decision: explicit scheduling (or, in glibc, an affinity mask)
   * makes the creator take {@code pd->lock} before the clone.
   */
  private static void stoppedStart(Frame f, Tcb pd, PthreadAttr attr, boolean[] stoppedStart) {
    if ((attr.flags() & PthreadAttr.ATTR_FLAG_NOTINHERITSCHED) != 0) {
      stoppedStart[0] = true;
    }
    pd.stoppedStart = stoppedStart[0];
    if (stoppedStart[0]) {
      pd.lockHeld = true;
      f.note("create_thread: stopped start, pd->lock taken before the clone");
    }
  }

  /** create_thread's answer: 0, or the clone's error number. */
  private static int cloneResult(Frame f, long rc) {
    if (Errno.isError(rc)) {
      f.note("create_thread: clone failed with %s", Errno.ofResult(rc));
      return (int) -rc;
    }
    f.note("create_thread: new thread %d", rc);
    return 0;
  }

  // ------------------------------------------------------------------ start_thread and exit

  /**
   * {@code start_thread}, the new thread's first code: the stopped-start handshake on {@code
   * pd->lock} (2.34+: before anything else), the rseq registration when the creator had one and the
   * tunable allows (2.35+), {@code set_robust_list}, the creator's signal mask restored (2.32+),
   * then the start routine; its return continues in {@link #startThreadExit}.
   *
   * <p>DEVIATION: the model dispatches another task only when the running one blocks, so the
   * creator always releases {@code pd->lock} before the child runs and the child never waits on it
   * (the real child, when it runs first, shows {@code futex(&pd->lock, FUTEX_WAIT_PRIVATE, 2)} and
   * a {@code FUTEX_WAKE_PRIVATE} of its own on release; the creator wakes it after its restore).
   */
  @Source(
      file = "nptl/pthread_create.c",
      line = 335,
      function = "start_thread",
      version = "glibc 2.36")
  void startThread(UserContext ctx, Tcb pd) {
    try (Frame f = ctx.tracer().enter()) {
      boolean v236 = config.version().isAtLeast(GlibcVersion.GLIBC_2_36);
      if (pd.stoppedStart && pd.lockHeld) {
        throw new IllegalStateException("pd->lock still held when the child starts");
      }
      if (v236 && (pd.flags & PthreadAttr.ATTR_FLAG_DO_RSEQ) != 0) {
        long rc = ctx.rseq(rseqArea(pd.pd), Layout.RSEQ_LEN, 0, Layout.RSEQ_SIG);
        if (rc != 0) {
          throw new IllegalStateException("Fatal glibc error: rseq registration failed");
        }
      }
      ctx.setRobustList(pd.pd + Layout.ROBUST_HEAD, Layout.ROBUST_HEAD_LEN);
      if (v236) {
        internalSignalRestoreSet(ctx, pd, pd.sigmask);
      }
      f.note("start_thread: running the start routine of 0x%x", pd.pd);
    }
    pd.startRoutine.run(ctx, pd.pd, pd.arg, (c, value) -> startThreadExit(c, pd, value));
  }

  @Override
  public void pthreadExit(UserContext ctx, long self, long value) {
    Tcb t = self(self);
    if (t.isMain) {
      mainThreadExit(ctx, t);
    } else {
      startThreadExit(ctx, t, value);
    }
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
      boolean v236 = config.version().isAtLeast(GlibcVersion.GLIBC_2_36);
      pd.result = value;
      pd.cancelhandling |= 1 << Layout.EXITING_BIT;
      nthreads--;
      if (nthreads == 0) {
        f.note("start_thread: last thread, exit(0) of the process");
        exit(ctx, 0);
        return;
      }
      if (v236) {
        ctx.store64(pd.scratch, Layout.SIGSET_FULL & ~Layout.sigbit(Layout.SIGSETXID));
        ctx.rtSigprocmask(Layout.SIG_BLOCK, pd.scratch, 0, 8);
      }
      if (!pd.userStack || !v236) {
        allocator.adviseStackRange(ctx, pd);
      }
      if (pd.isDetached()) {
        freeTcb(ctx, pd);
      }
      f.note("start_thread: exit(0) of 0x%x", pd.pd);
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
  private void mainThreadExit(UserContext ctx, Tcb t) {
    try (Frame f = ctx.tracer().enter()) {
      t.cancelhandling |= 1 << Layout.EXITING_BIT;
      nthreads--;
      if (nthreads == 0) {
        exit(ctx, 0);
        return;
      }
      f.note("main thread exits alone, %d threads remain", nthreads);
    }
    ctx.exit(0);
  }

  /**
   * {@code exit}: the process ends with {@code exit_group}. DEVIATION: atexit handlers and stdio
   * flushing are not modeled (the model's programs have none).
   *
   * @param ctx the calling thread
   * @param status the exit status
   */
  @Override
  @Source(file = "stdlib/exit.c", line = 141, function = "exit", version = "glibc 2.36")
  public void exit(UserContext ctx, int status) {
    try (Frame f = ctx.tracer().enter()) {
      f.note("exit(%d)", status);
    }
    ctx.exitGroup(status);
  }

  /**
   * {@code __nptl_free_tcb}: exactly once per descriptor (the TERMINATED bit), the stack is handed
   * to {@code __nptl_deallocate_stack}.
   */
  @Source(
      file = "nptl/nptl_free_tcb.c",
      line = 24,
      function = "__nptl_free_tcb",
      version = "glibc 2.36")
  void freeTcb(UserContext ctx, Tcb pd) {
    try (Frame f = ctx.tracer().enter()) {
      int bit = 1 << Layout.TERMINATED_BIT;
      if ((pd.cancelhandling & bit) == 0) {
        pd.cancelhandling |= bit;
        stacks.deallocateStack(ctx, pd);
      } else {
        f.note("free_tcb: 0x%x already freed", pd.pd);
      }
    }
  }

  // ------------------------------------------------------------------ join, detach, getattr

  @Override
  public void pthreadJoin(UserContext ctx, long self, long thread, JoinNext next) {
    clockjoinEx(ctx, self(self), thread, next);
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
      pd = descriptors.get(thread);
      if (pd == null || pd.isMain && pd != main || ctx.load32(pd.tidAddr()) < 0) {
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
      int op =
          config.version().isAtLeast(GlibcVersion.GLIBC_2_36)
              ? Layout.FUTEX_WAIT_BITSET | Layout.FUTEX_CLOCK_REALTIME
              : Layout.FUTEX_WAIT;
      int val3 =
          config.version().isAtLeast(GlibcVersion.GLIBC_2_36) ? Layout.FUTEX_BITSET_MATCH_ANY : 0;
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
      freeTcb(ctx, pd);
      f.note("pthread_join: 0x%x joined", pd.pd);
    }
    next.resume(ctx, 0, result);
  }

  @Override
  public int pthreadSigmask(UserContext ctx, long self, int how, long set, long oldset) {
    return pthreadSigmaskImpl(ctx, self(self), how, set, oldset);
  }

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
  private int pthreadSigmaskImpl(UserContext ctx, Tcb self, int how, long set, long oldset) {
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

  @Override
  public void abort(UserContext ctx, long self) {
    abortImpl(ctx, self(self));
  }

  /**
   * {@code abort}: SIGABRT must end the process even from a thread that blocks it, so stage 0
   * unblocks it (through the sigprocmask wrapper); stage 1 raises it, which kills the process
   * unless a handler catches it and returns; then the stdio flush (no system call here), stage 3
   * resets the action to SIG_DFL (every signal blocked while it would run) and raises again, and
   * the last stage exits with 127.
   */
  @Source(file = "stdlib/abort.c", line = 49, function = "abort", version = "glibc 2.36")
  private void abortImpl(UserContext ctx, Tcb self) {
    try (Frame f = ctx.tracer().enter()) {
      long set = self.scratch + 0x1c0;
      ctx.store64(set, Layout.sigbit(Signals.SIGABRT));
      pthreadSigmaskImpl(ctx, self, Layout.SIG_UNBLOCK, set, 0);
      raise(ctx, Signals.SIGABRT);
      f.note("abort: the SIGABRT handler returned; back to SIG_DFL");
      sigaction(ctx, self, Signals.SIGABRT, Signals.SIG_DFL, 0, -1L);
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

  @Override
  public int pthreadDetach(UserContext ctx, long self, long thread) {
    return pthreadDetachImpl(ctx, thread);
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
  private int pthreadDetachImpl(UserContext ctx, long thread) {
    try (Frame f = ctx.tracer().enter()) {
      Tcb pd = descriptors.get(thread);
      if (pd == null || ctx.load32(pd.tidAddr()) < 0) {
        return Layout.ESRCH;
      }
      if (pd.joinid != 0) {
        return pd.isDetached() ? Layout.EINVAL : 0;
      }
      pd.joinid = pd.pd;
      if (pd.exiting()) {
        f.note("pthread_detach: 0x%x already exiting, freed now", pd.pd);
        freeTcb(ctx, pd);
      }
      return 0;
    }
  }

  @Override
  public int pthreadGetattrNp(UserContext ctx, long thread, PthreadAttr attr) {
    return pthreadGetattrNpImpl(ctx, thread, attr);
  }

  /**
   * {@code pthread_getattr_np}: the stack top and the size without the guard, the guard as
   * allocate_stack recorded it ({@code reported_guardsize}: rounded up to a page, as the reference
   * program's output shows for a one-byte guard), and the flags (detached if it is by now).
   *
   * <p>DEVIATION: for the main thread glibc reads /proc/self/maps and RLIMIT_STACK; the model
   * reports the default stack size with a 0 guard and no address.
   */
  @Source(
      file = "nptl/pthread_getattr_np.c",
      line = 32,
      function = "__pthread_getattr_np",
      version = "glibc 2.36")
  private int pthreadGetattrNpImpl(UserContext ctx, long thread, PthreadAttr attr) {
    try (Frame f = ctx.tracer().enter()) {
      Tcb t = descriptors.get(thread);
      if (t == null) {
        return Layout.ESRCH;
      }
      attr.init();
      int fl = t.flags | (t.isDetached() ? PthreadAttr.ATTR_FLAG_DETACHSTATE : 0);
      if (t.isMain) {
        attr.fillFromThread(fl, defaultAttr.stacksize(), 0, 0);
      } else {
        attr.fillFromThread(fl, t.stackblockSize - t.guardsize, t.blockEnd(), t.reportedGuardsize);
      }
      f.note("pthread_getattr_np: size %d guard %d", attr.stacksize(), attr.getguardsize());
      return 0;
    }
  }

  @Override
  public io.github.clonepath.glibc.pthread.StackCacheInfo stackCache() {
    return new io.github.clonepath.glibc.pthread.StackCacheInfo(
        stacks.actsize(),
        stacks.maxsize(),
        stacks.cached().stream().map(this::layout).toList(),
        stacks.usedList().stream().map(this::layout).toList());
  }

  private ThreadStack layout(Tcb t) {
    return new ThreadStack(
        t.stackblock,
        t.stackblockSize,
        t.guardsize,
        t.pd + Layout.TLS_TCB_SIZE - config.staticTlsSize(),
        t.pd,
        Layout.TLS_TCB_SIZE);
  }

  @Override
  public ThreadStack threadStack(long thread) {
    Tcb t = descriptors.get(thread);
    if (t == null || t.isMain || (t.flags & PthreadAttr.ATTR_FLAG_STACKADDR) != 0) {
      throw new IllegalArgumentException(
          "no thread on a stack glibc mapped at 0x" + Long.toHexString(thread));
    }
    return new ThreadStack(
        t.stackblock,
        t.stackblockSize,
        t.guardsize,
        t.pd + Layout.TLS_TCB_SIZE - config.staticTlsSize(),
        t.pd,
        Layout.TLS_TCB_SIZE);
  }

  // ------------------------------------------------------------------ fork and posix_spawn

  @Override
  public long fork(UserContext ctx, long self, ForkChild child) {
    return libcFork(ctx, self(self), child);
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
  private long libcFork(UserContext ctx, Tcb self, ForkChild child) {
    try (Frame f = ctx.tracer().enter()) {
      Nptl parent = this;
      boolean abortLock = config.version().isAtLeast(GlibcVersion.GLIBC_2_41);
      long original = abortLock ? internalSignalBlockAll(ctx, self) : 0;
      long pid =
          ctx.clone(
              CloneFlags.CLONE_CHILD_CLEARTID | CloneFlags.CLONE_CHILD_SETTID | Layout.SIGCHLD,
              0,
              0,
              self.tidAddr(),
              0,
              (c, r) -> parent.forkChild(c, self, child, abortLock, original));
      if (abortLock) {
        internalSignalRestoreSet(ctx, self, original);
      }
      f.note("fork: child %d", pid);
      return pid;
    }
  }

  /** The child side of fork: a copy of the parent's state, then reclaim_stacks. */
  @Source(file = "posix/fork.c", line = 40, function = "__libc_fork", version = "glibc 2.36")
  private void forkChild(
      UserContext ctx, Tcb self, ForkChild child, boolean abortLock, long original) {
    Nptl copy;
    try (Frame f = ctx.tracer().enter()) {
      copy = new Nptl(this);
      Tcb me = copy.descriptors.get(self.pd);
      initRobustHead(ctx, me);
      ctx.setRobustList(me.pd + Layout.ROBUST_HEAD, Layout.ROBUST_HEAD_LEN);
      if (abortLock) {
        internalSignalRestoreSet(ctx, me, original);
      }
      copy.stacks.reclaimStacks(ctx, me);
      copy.nthreads = 1;
      f.note("fork child: one thread, stack_cache_actsize %d", copy.stacks.actsize());
    }
    child.run(ctx, copy, self.pd);
  }

  @Override
  public void posixSpawn(UserContext ctx, long self, int exitStatus, SpawnNext next) {
    spawnix(ctx, self(self), exitStatus, next);
  }

  /**
   * {@code __spawnix}: a 36 KiB read-write stack with no guard, all signals blocked, {@code
   * clone3(CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD)} (the caller sleeps until the child execs),
   * the stack unmapped and the mask restored. The child, in {@code __spawni_child}, reads its mask,
   * sets the caller's back and execs. 2.41 adds {@code CLONE_CLEAR_SIGHAND} to the clone3 flags
   * (sysdeps/unix/sysv/linux/spawni.c:403-421 at glibc-2.41), so the kernel resets the child's
   * handlers to SIG_DFL; the legacy-clone fallback without it is not modeled.
   *
   * <p>DEVIATION: the syscall door has no execve; the child's program image is not modeled, and the
   * child ends with {@code exit_group(exitStatus)} where the real one would exec.
   */
  @Source(
      file = "sysdeps/unix/sysv/linux/spawni.c",
      line = 312,
      function = "__spawnix",
      version = "glibc 2.36")
  private void spawnix(UserContext ctx, Tcb self, int exitStatus, SpawnNext next) {
    long stack;
    long original;
    try (Frame f = ctx.tracer().enter()) {
      stack =
          ctx.mmap(
              0,
              Layout.SPAWN_STACK,
              Layout.PROT_READ | Layout.PROT_WRITE,
              Layout.MAP_PRIVATE | Layout.MAP_ANONYMOUS | Layout.MAP_STACK,
              -1,
              0);
      if (Errno.isError(stack)) {
        next.resume(ctx, (int) -stack, 0);
        return;
      }
      original = internalSignalBlockAll(ctx, self);
      long args = self.scratch + 0x100;
      long[] fields = {
        CloneFlags.CLONE_VM
            | CloneFlags.CLONE_VFORK
            | (config.version().isAtLeast(GlibcVersion.GLIBC_2_41)
                ? CloneFlags.CLONE_CLEAR_SIGHAND
                : 0),
        0,
        0,
        0,
        Layout.SIGCHLD,
        stack,
        Layout.SPAWN_STACK,
        0,
        0,
        0,
        0
      };
      for (int i = 0; i < fields.length; i++) {
        ctx.store64(args + 8L * i, fields[i]);
      }
      long childScratch = stack + Layout.SPAWN_STACK - Layout.SCRATCH_BELOW_SP;
      f.note("posix_spawn: 36 KiB stack at 0x%x", stack);
      ctx.clone3(
          args,
          Layout.CLONE_ARGS_SIZE,
          (c, r) -> spawniChild(c, childScratch, original, exitStatus),
          (c, pid) -> spawnixReturn(c, self, stack, original, pid, next));
    }
  }

  private void spawnixReturn(
      UserContext ctx, Tcb self, long stack, long original, long pid, SpawnNext next) {
    ctx.munmap(stack, Layout.SPAWN_STACK);
    internalSignalRestoreSet(ctx, self, original);
    if (Errno.isError(pid)) {
      next.resume(ctx, (int) -pid, 0);
    } else {
      next.resume(ctx, 0, pid);
    }
  }

  /**
   * {@code __spawni_child}: the child reads the (all-blocked) mask, restores the caller's, and
   * would exec.
   */
  @Source(
      file = "sysdeps/unix/sysv/linux/spawni.c",
      line = 101,
      function = "__spawni_child",
      version = "glibc 2.36")
  private void spawniChild(UserContext ctx, long scratch, long original, int exitStatus) {
    try (Frame f = ctx.tracer().enter()) {
      ctx.rtSigprocmask(Layout.SIG_BLOCK, 0, scratch, 8);
      ctx.store64(scratch + 8, original);
      ctx.rtSigprocmask(Layout.SIG_SETMASK, scratch + 8, 0, 8);
      f.note("spawn child: exec is not modeled, exit_group(%d)", exitStatus);
    }
    ctx.exitGroup(exitStatus);
  }
}
