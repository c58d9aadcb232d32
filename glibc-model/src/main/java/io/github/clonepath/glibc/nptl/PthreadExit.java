package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * nptl/pthread_exit.c: a thread ends by unwinding, so pthread_exit first makes sure the unwinder is
 * loaded (on the process's first unwind: the dlopen of libgcc_s.so.1), stores the result, and
 * unwinds ({@link Unwind#doCancel}).
 */
final class PthreadExit {
  private final UnwindLink link;
  private final Unwind unwind;
  private final StartThread startThread;

  PthreadExit(UnwindLink link, Unwind unwind, StartThread startThread) {
    this.link = link;
    this.unwind = unwind;
    this.startThread = startThread;
  }

  /**
   * {@code __pthread_exit}.
   *
   * <p>DEVIATION: the main thread's pthread_exit goes straight to its end ({@code
   * __libc_start_call_main}) without loading the unwinder or unwinding; the real one unwinds as
   * every thread does. (The model's own test driver ends each program with the main thread's
   * pthread_exit; modeling its unwinder load is left for a change that moves those tests.) When the
   * unwinder cannot be loaded the real function ends the process with {@code __libc_fatal}'s
   * message; the model's machine always has the file, so the model refuses with an exception.
   */
  @Source(file = "nptl/pthread_exit.c", function = "__pthread_exit", version = "glibc 2.36")
  void pthreadExit(UserContext ctx, Tcb self, long value) {
    if (self.isMain) {
      startThread.mainThreadExit(ctx, self);
      return;
    }
    try (Frame f = ctx.tracer().enter()) {
      if (link.libcUnwindLinkGet(ctx, self) == 0) {
        throw new IllegalStateException(
            UnwindLink.LIBGCC_S_SO + " must be installed for pthread_exit to work");
      }
      self.result = value;
      if (f.recording()) {
        f.note("pthread_exit(0x%x)", value);
      }
    }
    unwind.doCancel(ctx, self);
  }
}
