package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * nptl/cancellation.c and a cancellation point that uses it: a blocking call that POSIX makes a
 * cancellation point runs its system call with the thread's cancel type switched to asynchronous
 * ({@code SYSCALL_CANCEL}), so SIGCANCEL arriving during the call unwinds the thread at once, and a
 * cancellation already pending when the call starts acts before the call.
 *
 * <p>DEVIATION: the model's sleep is the {@code nanosleep} system call where glibc 2.36's {@code
 * nanosleep} and {@code sleep} make {@code clock_nanosleep}; the single-threaded shortcut ({@code
 * SINGLE_THREAD_P}) is not modeled (it makes no system call of its own).
 */
final class Cancellation {
  private final Unwind unwind;

  Cancellation(Unwind unwind) {
    this.unwind = unwind;
  }

  /**
   * {@code __pthread_enable_asynccancel}: the cancel type becomes asynchronous; a pending
   * cancellation acts now.
   *
   * @return whether the thread was asynchronous before (to restore)
   */
  @Source(
      file = "nptl/cancellation.c",
      function = "__pthread_enable_asynccancel",
      version = "glibc 2.36")
  boolean enableAsynccancel(UserContext ctx, Tcb self) {
    boolean old = self.asyncCancel;
    self.asyncCancel = true;
    if ((self.cancelhandling & (1 << Layout.CANCELED_BIT)) != 0
        && (self.cancelhandling & (1 << Layout.EXITING_BIT)) == 0) {
      self.result = Layout.PTHREAD_CANCELED;
      unwind.doCancel(ctx, self);
    }
    return old;
  }

  /** {@code __pthread_disable_asynccancel}: the cancel type the thread had before. */
  @Source(
      file = "nptl/cancellation.c",
      function = "__pthread_disable_asynccancel",
      version = "glibc 2.36")
  static void disableAsynccancel(Tcb self, boolean old) {
    self.asyncCancel = old;
  }

  /**
   * {@code nanosleep}, a cancellation point: the sleep inside {@code SYSCALL_CANCEL}.
   *
   * @param next continued with the system call's result
   */
  @Source(
      file = "sysdeps/unix/sysv/linux/clock_nanosleep.c",
      function = "__clock_nanosleep_time64",
      version = "glibc 2.36")
  void nanosleep(UserContext ctx, Tcb self, long req, long rem, Continuation next) {
    boolean old = enableAsynccancel(ctx, self);
    if ((self.cancelhandling & (1 << Layout.EXITING_BIT)) != 0) {
      return;
    }
    ctx.nanosleep(
        req,
        rem,
        (c, r) -> {
          disableAsynccancel(self, old);
          next.resume(c, r);
        });
  }
}
