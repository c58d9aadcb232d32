package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.kernel.syscall.UserContext;

/** nptl/pthread_getattr_np.c: the attributes a live thread actually runs with. */
final class PthreadGetattrNp {
  private final Nptl n;

  PthreadGetattrNp(Nptl n) {
    this.n = n;
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
  int pthreadGetattrNpImpl(UserContext ctx, long thread, PthreadAttr attr) {
    try (Frame f = ctx.tracer().enter()) {
      Tcb t = n.descriptors.get(thread);
      if (t == null) {
        return Layout.ESRCH;
      }
      attr.init();
      int fl = t.flags | (t.isDetached() ? PthreadAttr.ATTR_FLAG_DETACHSTATE : 0);
      if (t.isMain) {
        attr.fillFromThread(fl, n.defaultAttr.stacksize(), 0, 0);
      } else {
        attr.fillFromThread(fl, t.stackblockSize - t.guardsize, t.blockEnd(), t.reportedGuardsize);
      }
      if (f.recording()) {
        f.note("pthread_getattr_np: size %d guard %d", attr.stacksize(), attr.getguardsize());
      }
      return 0;
    }
  }
}
