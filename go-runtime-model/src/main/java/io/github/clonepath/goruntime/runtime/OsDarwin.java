package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.glibc.pthread.PthreadConstants;
import io.github.clonepath.glibc.pthread.StartRoutine;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * The libc-thread {@code newosproc} of go1.14 (os_darwin.go and sys_darwin_amd64.s's mstart_stub,
 * written for darwin, where the runtime may only reach the kernel through libc), selectable on
 * Linux as the seed documents describe it. It reaches glibc only through its pthread door and
 * shares cgo's start on a pthread stack ({@link Cgo}).
 */
final class OsDarwin {
  /** go1.14's darwin failure text (failthreadcreate). */
  static final String FAIL_THREAD_CREATE = "runtime: failed to create new OS thread\n";

  private final Runtime rt;

  OsDarwin(Runtime rt) {
    this.rt = rt;
  }

  /**
   * The libc-thread newosproc (go1.14's os_darwin.go, the seed documents' path): attribute init,
   * the default stack size handed to mstart through {@code g0.stack.hi}, detached, then
   * pthread_create(mstart_stub, mp) between a block-all mask and its restore. Any failure writes
   * {@code runtime: failed to create new OS thread} and exits with status 1. go1.14's code does not
   * call pthread_attr_destroy (a no-op in glibc anyway).
   */
  @Source(file = "runtime/os_darwin.go", line = 0, function = "newosproc", version = "go1.14")
  void newosprocLibc(UserContext ctx, M self, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      PthreadAttr attr = new PthreadAttr();
      int err = attr.init();
      if (err == 0) {
        long stacksize = rt.libc.pthreadAttrGetstacksize(attr);
        mp.g0.setStack(new Stack(0, stacksize));
        err = attr.setdetachstate(PthreadConstants.PTHREAD_CREATE_DETACHED);
      }
      if (err == 0) {
        long set = self.scratch(0);
        long oset = self.scratch(1);
        ctx.store64(set, -1L);
        rt.libc.pthreadSigmask(ctx, self.pthread, OsLinux.SIG_SETMASK, set, oset);
        err =
            rt.libc.pthreadCreate(ctx, self.pthread, attr, mstartStubRoutine(mp), mp.addr).error();
        rt.libc.pthreadSigmask(ctx, self.pthread, OsLinux.SIG_SETMASK, oset, 0);
      }
      if (err != 0) {
        rt.printErr(ctx, FAIL_THREAD_CREATE);
        rt.exit(ctx, 1);
        throw new Ended();
      }
      mp.createdByTid = rt.tracer.currentTid();
      if (f.recording()) {
        f.note("newosproc (libc): %s, detached pthread, stack %d", mp, mp.g0.stack().hi());
      }
    }
  }

  /**
   * {@code mstart_stub}: the assembly glue pthread_create starts: saves the C registers, sets g =
   * m.g0 from its argument, calls mstart, and returns 0 to libc when mstart comes back.
   */
  @Source(
      file = "runtime/sys_darwin_amd64.s",
      line = 0,
      function = "mstart_stub",
      version = "go1.14")
  void mstartStub(UserContext ctx, long self, StartRoutine.ThreadReturn done, M mp) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      mp.pthread = self;
      mp.pthreadDone = done;
      if (f.recording()) {
        f.note("mstart_stub: %s on pthread 0x%x", mp, self);
      }
      rt.cgo.startOnPthread(ctx, mp);
    }
  }

  /** mstart_stub as the start routine handed to pthread_create, for the M it starts. */
  private StartRoutine mstartStubRoutine(M mp) {
    return (ctx, self, arg, done) -> mstartStub(ctx, self, done, mp);
  }
}
