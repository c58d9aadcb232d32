package io.github.clonepath.glibc.nptl;

import io.github.clonepath.kernel.syscall.UserContext;

/**
 * The signal helpers NPTL shares: {@code internal_signal_block_all} and {@code
 * internal_signal_restore_set} (sysdeps/unix/sysv/linux/internal-signals.h in glibc 2.36), which
 * keep a creation, fork or spawn from being interrupted half-way, and {@code __libc_sigaction}
 * (sysdeps/unix/sysv/linux/libc_sigaction.c), through which NPTL installs its own handlers. None
 * records a call of its own: the trace shows them as their system calls.
 *
 * <p>Each works in the calling thread's scratch, where the real code has a local variable.
 */
final class InternalSignals {
  private InternalSignals() {}

  /** {@code internal_signal_block_all}: blocks every signal, returns the old mask. */
  static long internalSignalBlockAll(UserContext ctx, Tcb self) {
    ctx.store64(self.scratch, Layout.SIGSET_FULL);
    ctx.rtSigprocmask(Layout.SIG_BLOCK, self.scratch, self.scratch + 8, 8);
    return ctx.load64(self.scratch + 8);
  }

  /** {@code internal_signal_restore_set}: SIG_SETMASK back to a saved mask. */
  static void internalSignalRestoreSet(UserContext ctx, Tcb self, long mask) {
    ctx.store64(self.scratch + 16, mask);
    ctx.rtSigprocmask(Layout.SIG_SETMASK, self.scratch + 16, 0, 8);
  }

  /**
   * NPTL's handler for SIGCANCEL or SIGSETXID: on the alternate stack if there is one, restarting
   * interrupted calls, with siginfo, as nptl-init (2.31) and late_init (2.34+) install it.
   */
  static void installHandler(UserContext ctx, Tcb self, int sig) {
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
  static void sigaction(UserContext ctx, Tcb self, int sig, long handler, long flags, long mask) {
    long act = self.scratch + 0x80;
    ctx.store64(act, handler);
    ctx.store64(act + 8, Layout.SA_RESTORER | flags);
    ctx.store64(act + 16, Layout.SIGRETURN_RESTORER_ADDR);
    ctx.store64(act + 24, mask);
    ctx.rtSigaction(sig, act, 0, 8);
  }
}
