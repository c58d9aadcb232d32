package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.glibc.pthread.PthreadCreateResult;
import io.github.clonepath.glibc.pthread.StartRoutine;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * The two ways an M's thread comes from the C library instead of a raw clone: cgo's C side ({@code
 * runtime/cgo}: gcc_libinit.c, gcc_linux_amd64.c, gcc_amd64.S), used by every binary that links
 * cgo, and the libc-thread {@code newosproc} of go1.14 (written for darwin, where the runtime may
 * only reach the kernel through libc), selectable on Linux as the seed documents describe it. Both
 * reach glibc only through its pthread door; the thread's g0 is the pthread stack.
 */
final class Cgo {
  /** EAGAIN as pthread_create returns it (a positive error number). */
  static final int EAGAIN = 11;

  /** {@code sizeof (ThreadStart)}: g, tls and fn, three pointers (libcgo.h). */
  static final long THREAD_START_BYTES = 3 * 8;

  /** The clock glibc's nanosleep sleeps on. */
  static final int CLOCK_REALTIME = 0;

  private final Runtime rt;

  Cgo(Runtime rt) {
    this.rt = rt;
  }

  // ---------------------------------------------------------------- cgo (gcc_*.c)

  /**
   * {@code x_cgo_thread_start}: the C side of newm1's {@code asmcgocall(_cgo_thread_start, &ts)}.
   * It copies the Go-built {@code ThreadStart} (g0, the address of m.tls, mstart) into malloc'd
   * memory because the Go caller's frame is gone once the new thread reads it, then starts the
   * thread. The malloc is the calling thread's: on m0 it comes from glibc's main arena (its brk
   * heap, no call in the captures' filter); any other cgo M made its own arena at its threadentry's
   * free(), so no call either. DEVIATION: glibc's malloc gives the model no block, so the thread's
   * argument is the M's address rather than the copy's.
   */
  @Source(
      file = "runtime/cgo/gcc_libinit.c",
      line = 0,
      function = "x_cgo_thread_start",
      version = "go1.19")
  void cgoThreadStart(UserContext ctx, M self, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      rt.libc.malloc(ctx, self.pthread, THREAD_START_BYTES);
      if (f.recording()) {
        f.note("_cgo_thread_start: ThreadStart{g0 of %s, &m.tls, mstart}", mp);
      }
      cgoSysThreadStart(ctx, self, mp);
    }
  }

  /**
   * {@code _cgo_sys_thread_start}: block every signal (through pthread_sigmask, so glibc keeps its
   * SIGCANCEL and SIGSETXID: the trace's {@code ~[RTMIN RT_1]}), take the default pthread stack
   * size and tell Go about it through {@code g0.stack.hi = size} (lo stays 0, mstart0 finishes the
   * bounds), create the thread, restore the mask. A failure is fatal: {@code runtime/cgo:
   * pthread_create failed: <strerror>} and abort.
   */
  @Source(
      file = "runtime/cgo/gcc_linux_amd64.c",
      line = 0,
      function = "_cgo_sys_thread_start",
      version = "go1.19")
  void cgoSysThreadStart(UserContext ctx, M self, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long ign = self.scratch(0);
      long oset = self.scratch(1);
      ctx.store64(ign, -1L);
      rt.libc.pthreadSigmask(ctx, self.pthread, OsLinux.SIG_SETMASK, ign, oset);
      PthreadAttr attr = new PthreadAttr();
      long size = rt.libc.pthreadAttrGetstacksize(attr);
      mp.g0.setStack(new Stack(0, size));
      int err = cgoTryPthreadCreate(ctx, self, mp, attr);
      rt.libc.pthreadSigmask(ctx, self.pthread, OsLinux.SIG_SETMASK, oset, 0);
      if (err != 0) {
        fatalf(ctx, self, "pthread_create failed: " + strerror(err));
      }
      mp.createdByTid = rt.tracer.currentTid();
      if (f.recording()) {
        f.note("_cgo_sys_thread_start: %s, pthread stack %d bytes", mp, size);
      }
    }
  }

  /**
   * {@code fatalf}: the C side's fatal error. The prefix, the formatted message and the newline are
   * three fprintf calls on glibc's unbuffered stderr, so three writes, as the capture shows; then
   * glibc's abort. DEVIATION: the runtime's initsig (its rt_sigaction calls) is not modeled, so no
   * Go handler catches the SIGABRT: the real process prints {@code SIGABRT: abort} and a traceback
   * and exits with status 2, the model's is killed by SIGABRT (what the real one does with
   * GOTRACEBACK=crash, after the traceback).
   */
  @Source(file = "runtime/cgo/gcc_fatalf.c", line = 0, function = "fatalf", version = "go1.19")
  void fatalf(UserContext ctx, M self, String message) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      rt.printErr(ctx, "runtime/cgo: ");
      rt.printErr(ctx, message);
      rt.printErr(ctx, "\n");
      rt.libc.abort(ctx, self.pthread);
      throw new Ended();
    }
  }

  /**
   * {@code _cgo_try_pthread_create}: pthread_create, up to 20 tries while it says EAGAIN, sleeping
   * (tries+1) ms with nanosleep after each EAGAIN, then pthread_detach (the runtime never joins its
   * threads). The sleep is waited for in place while the other threads run. DEVIATION: nanosleep is
   * glibc's and not in its pthread door; the model issues the one system call glibc makes for it,
   * {@code clock_nanosleep(CLOCK_REALTIME, 0, ...)}.
   */
  @Source(
      file = "runtime/cgo/gcc_libinit.c",
      line = 0,
      function = "_cgo_try_pthread_create",
      version = "go1.19")
  int cgoTryPthreadCreate(UserContext ctx, M self, M mp, PthreadAttr attr) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      int err = EAGAIN;
      for (int tries = 0; tries < Consts.EAGAIN_TRIES; tries++) {
        PthreadCreateResult created =
            rt.libc.pthreadCreate(ctx, self.pthread, attr, threadentryRoutine(mp), mp.addr);
        err = created.error();
        if (err == 0) {
          rt.libc.pthreadDetach(ctx, self.pthread, created.thread());
          if (f.recording()) {
            f.note("pthread_create: 0x%x (try %d), detached", created.thread(), tries + 1);
          }
          return 0;
        }
        if (err != EAGAIN) {
          return err;
        }
        if (f.recording()) {
          f.note("pthread_create: EAGAIN (try %d), sleeping %d ms", tries + 1, tries + 1);
        }
        long ts = self.scratch(8);
        ctx.store64(ts, 0);
        ctx.store64(ts + 8, (tries + 1) * 1_000_000L);
        ctx.await(k -> ctx.clockNanosleep(CLOCK_REALTIME, 0, ts, 0, k));
      }
      return err;
    }
  }

  /**
   * {@code threadentry}: the new thread's C start routine. It copies the ThreadStart and frees the
   * malloc'd one, then {@code crosscall_amd64} sets g (setg_gcc) and calls mstart; when mstart
   * returns (an M whose locked goroutine exited) the routine returns and glibc's start_thread ends
   * the thread. The free() is the thread's first malloc call: glibc's {@code MAYBE_INIT_TCACHE}
   * makes the thread's tcache, which takes it an arena (arena_get2: a free one, a new one while the
   * limit allows, else a shared one). A new arena's heap is what the captures show between
   * start_thread's mask restore and minit: a 128 MiB {@code PROT_NONE|MAP_NORESERVE} reservation
   * trimmed to its 64 MiB-aligned heap (or the 64 MiB half an earlier aligned reservation left,
   * tried first), and 132 KiB made read-write.
   */
  @Source(
      file = "runtime/cgo/gcc_linux_amd64.c",
      line = 0,
      function = "threadentry",
      version = "go1.19")
  void threadentry(UserContext ctx, long self, StartRoutine.ThreadReturn done, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      mp.pthread = self;
      mp.pthreadDone = done;
      if (f.recording()) {
        f.note("threadentry: %s on pthread 0x%x", mp, self);
      }
      rt.libc.free(ctx, self);
      crosscallAmd64(ctx, mp);
    }
  }

  /** threadentry as the start routine handed to pthread_create, for the M it starts. */
  private StartRoutine threadentryRoutine(M mp) {
    return (ctx, self, arg, done) -> threadentry(ctx, self, done, mp);
  }

  /** {@code crosscall_amd64}: saves C's callee-saved registers, sets g = g0, calls mstart. */
  @Source(
      file = "runtime/cgo/gcc_amd64.S",
      line = 0,
      function = "crosscall_amd64",
      version = "go1.19")
  void crosscallAmd64(UserContext ctx, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      startOnPthread(ctx, mp);
    }
  }

  /**
   * What both pthread entries do before mstart in the model: the thread's stack top (for mstart0's
   * bounds) and its tid in the runtime's table. DEVIATION: mstart0 takes hi from the address of a
   * local a few hundred bytes below the thread's initial stack pointer; the model uses the top of
   * the stack glibc reports for the thread.
   */
  void startOnPthread(UserContext ctx, M mp) {
    PthreadAttr got = new PthreadAttr();
    rt.libc.pthreadGetattrNp(ctx, mp.pthread, got);
    mp.childStack = got.stackTop();
    mp.procid = rt.tracer.currentTid();
    rt.byTid.put(mp.procid, mp);
    rt.start.mstart(ctx, mp);
  }

  static String strerror(int err) {
    return switch (err) {
      case EAGAIN -> "Resource temporarily unavailable";
      case 22 -> "Invalid argument";
      case 1 -> "Operation not permitted";
      default -> "Unknown error " + err;
    };
  }
}
