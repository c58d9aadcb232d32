package io.github.clonepath.kernel.task;

/**
 * The part of a queued signal's {@code struct kernel_siginfo} that strace prints at its delivery:
 * who sent it and how. A standard signal is queued once ({@code legacy_queue}), so one value per
 * pending signal is enough.
 *
 * @param signo the signal
 * @param code {@code si_code}: {@link #SI_USER} for kill(2), {@link #SI_TKILL} for tgkill(2),
 *     {@code CLD_*} for a child's SIGCHLD, {@link #SI_KERNEL} for one the kernel raised itself
 * @param pid {@code si_pid}: the sender's thread-group id, in the receiver's pid namespace
 * @param uid {@code si_uid}: the sender's real uid
 * @param status {@code si_status} of a SIGCHLD: the exit code, or the signal that killed the child
 */
public record SigInfo(int signo, int code, int pid, int uid, int status) {
  /** {@code SI_USER}: sent by kill(2), or raised for the task by the kernel with no details. */
  public static final int SI_USER = 0;

  /** {@code SI_KERNEL}: sent by the kernel. */
  public static final int SI_KERNEL = 0x80;

  /** {@code SI_TKILL}: sent by tkill(2) or tgkill(2). */
  public static final int SI_TKILL = -6;

  /** {@code CLD_EXITED}: the child called exit. */
  public static final int CLD_EXITED = 1;

  /** {@code CLD_KILLED}: a signal killed the child. */
  public static final int CLD_KILLED = 2;

  /** {@code CLD_DUMPED}: a signal killed the child and it dumped core. */
  public static final int CLD_DUMPED = 3;

  /**
   * A signal the kernel raised with no sender ({@code SEND_SIG_PRIV}).
   *
   * @param sig the signal
   * @return its information
   */
  public static SigInfo kernel(int sig) {
    return new SigInfo(sig, SI_KERNEL, 0, 0, 0);
  }
}
