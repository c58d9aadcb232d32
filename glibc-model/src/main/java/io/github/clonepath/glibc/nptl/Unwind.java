package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * nptl/unwind.c and the inline {@code __do_cancel} of nptl/pthreadP.h: how a thread that exits
 * through pthread_exit or is cancelled leaves its start routine. The thread marks itself exiting,
 * then unwinds its stack with the unwinder's forced unwind; the unwind stops at start_thread's
 * frame and jumps back into it, which then ends the thread as a return from the routine would.
 *
 * <p>The first forced unwind of a process shows one system call of the unwinder's own: libgcc's
 * {@code uw_init_context_1} sizes the DWARF registers once per process through {@code
 * __gthread_once}, i.e. pthread_once, whose first completion wakes any waiters ({@code
 * FUTEX_WAKE_PRIVATE}, all of them) on the once word in libgcc's bss.
 *
 * <p>DEVIATION: the frames walked and the cleanup handlers run on the way ({@code
 * pthread_cleanup_push}, C++ destructors) are not modeled: the model's programs have none; the main
 * thread's unwind lands in {@code __libc_start_call_main} as the real one does.
 */
final class Unwind {
  /**
   * Where libgcc's {@code once_regsizes} lies in the unwinder: its offset from the load address, in
   * the .bss of Debian 12's libgcc_s.so.1 (libgcc-s1 12.2.0-14+deb12u1), as the real captures show
   * the wake's address (the object's first mapping plus 0x1f1f0).
   */
  static final long ONCE_REGSIZES = 0x1f1f0;

  /** pthread_once's wake of every waiter: {@code INT_MAX}. */
  private static final int WAKE_ALL = Integer.MAX_VALUE;

  private final UnwindLink link;
  private final StartThread startThread;

  /** libgcc's {@code once_regsizes} has run (its pthread_once is done). */
  boolean regsizesDone;

  Unwind(UnwindLink link, StartThread startThread) {
    this.link = link;
    this.startThread = startThread;
  }

  /**
   * {@code __do_cancel}: no more cancellation of this thread (the EXITING bit), then unwind. It
   * does not return: the thread ends.
   */
  @Source(file = "nptl/pthreadP.h", function = "__do_cancel", version = "glibc 2.36")
  void doCancel(UserContext ctx, Tcb self) {
    self.cancelhandling |= 1 << Layout.EXITING_BIT;
    pthreadUnwind(ctx, self);
  }

  /**
   * {@code __pthread_unwind}: the unwinder's {@code _Unwind_ForcedUnwind} up to start_thread (or
   * the main thread's {@code __libc_start_call_main}), which continues with the thread's end.
   */
  @Source(file = "nptl/unwind.c", function = "__pthread_unwind", version = "glibc 2.36")
  void pthreadUnwind(UserContext ctx, Tcb self) {
    try (Frame f = ctx.tracer().enter()) {
      long libgcc = link.libcUnwindLinkGet(ctx, self);
      forcedUnwindInit(ctx, libgcc);
      f.note("unwound to the thread's first frame");
    }
    if (self.isMain) {
      startThread.mainThreadExit(ctx, self);
    } else {
      startThread.startThreadExit(ctx, self, self.result);
    }
  }

  /**
   * libgcc's {@code uw_init_context_1} (unwind-dw2.c, GCC 12.2), the first step of {@code
   * _Unwind_ForcedUnwind}: the once-per-process register-size table, through pthread_once, whose
   * completion ({@code __pthread_once_slow}, nptl/pthread_once.c) stores DONE and wakes all waiters
   * on the once word.
   */
  @Source(file = "nptl/pthread_once.c", function = "__pthread_once_slow", version = "glibc 2.36")
  private void forcedUnwindInit(UserContext ctx, long libgcc) {
    if (regsizesDone) {
      return;
    }
    regsizesDone = true;
    ctx.futexWake(
        libgcc + ONCE_REGSIZES, Futex.FUTEX_WAKE | Futex.FUTEX_PRIVATE_FLAG, WAKE_ALL, 0, 0);
  }
}
