package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * What runs before {@code main}: ld.so's {@code init_tls} for the main thread (elf/rtld.c), and the
 * thread defaults of {@code __pthread_early_init} (sysdeps/nptl/pthread_early_init.h, 2.34+) or of
 * 2.31's libpthread initialiser (nptl/nptl-init.c, which also set up the internal signals).
 */
final class NptlInit {
  private final Nptl n;

  NptlInit(Nptl n) {
    this.n = n;
  }

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
  void initTls(UserContext ctx) {
    try (Frame f = ctx.tracer().enter()) {
      LibcConfig config = n.config;
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
      n.main = t;
      n.descriptors.put(tp, t);
      ctx.store64(tp, tp);
      ctx.store64(tp + Layout.HEADER_SELF, tp);
      ctx.archPrctl(Layout.ARCH_SET_FS, tp);
      ctx.setTidAddress(t.tidAddr());
      initRobustHead(ctx, t);
      ctx.setRobustList(t.pd + Layout.ROBUST_HEAD, Layout.ROBUST_HEAD_LEN);
      if (config.version().isAtLeast(GlibcVersion.GLIBC_2_36) && config.rseq()) {
        long rc = ctx.rseq(rseqArea(config, tp), Layout.RSEQ_LEN, 0, Layout.RSEQ_SIG);
        if (rc == 0) {
          t.flags |= PthreadAttr.ATTR_FLAG_DO_RSEQ;
        }
      }
      if (f.recording()) {
        f.note("init_tls: %d-byte TLS mapping at 0x%x, main TCB at 0x%x", len, base, tp);
      }
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
  static long rseqArea(LibcConfig config, long tp) {
    if (!config.version().isAtLeast(GlibcVersion.GLIBC_2_41)) {
      return tp + Layout.RSEQ_AREA;
    }
    return tp - (config.staticTlsSize() - Layout.TLS_TCB_SIZE - Layout.TLS_STATIC_SURPLUS);
  }

  /** The robust list's head: an empty list pointing at itself, and the futex offset. */
  static void initRobustHead(UserContext ctx, Tcb t) {
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
  void pthreadEarlyInit(UserContext ctx) {
    try (Frame f = ctx.tracer().enter()) {
      LibcConfig config = n.config;
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
      n.defaultAttr.setstacksize(size);
      n.defaultAttr.setguardsize(Layout.PAGE);
      if (f.recording()) {
        f.note("default stacksize %d, guardsize %d", size, Layout.PAGE);
      }
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
  void pthreadInitializeMinimal(UserContext ctx) {
    try (Frame f = ctx.tracer().enter()) {
      pthreadEarlyInit(ctx);
      Tcb main = n.main;
      InternalSignals.installHandler(ctx, main, Layout.SIGCANCEL);
      InternalSignals.installHandler(ctx, main, Layout.SIGSETXID);
      ctx.store64(main.scratch, Layout.sigbit(Layout.SIGCANCEL) | Layout.sigbit(Layout.SIGSETXID));
      ctx.rtSigprocmask(Layout.SIG_UNBLOCK, main.scratch, 0, 8);
      n.singleThreaded = false;
      f.note("2.31: SIGCANCEL and SIGSETXID handlers installed at start-up");
    }
  }
}
