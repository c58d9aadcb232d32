package io.github.clonepath.kernel.task;

/**
 * {@code struct cred}: immutable, as the kernel treats a committed cred; {@code setresuid} makes a
 * new one.
 *
 * @param uid real uid (RLIMIT_NPROC is counted per real uid)
 * @param euid effective uid
 * @param suid saved uid
 * @param capEffective effective capabilities, bit {@code n} for capability {@code n}
 * @param userNs the user namespace the capabilities are held in
 */
public record Cred(int uid, int euid, int suid, long capEffective, UserNamespace userNs) {
  /** CAP_SYS_RAWIO. */
  public static final int CAP_SYS_RAWIO = 17;

  /** CAP_SYS_ADMIN. */
  public static final int CAP_SYS_ADMIN = 21;

  /** CAP_SYS_NICE. */
  public static final int CAP_SYS_NICE = 23;

  /** CAP_SYS_RESOURCE. */
  public static final int CAP_SYS_RESOURCE = 24;

  /** CAP_SETUID. */
  public static final int CAP_SETUID = 7;

  /** CAP_CHECKPOINT_RESTORE (5.9). */
  public static final int CAP_CHECKPOINT_RESTORE = 40;

  /** Every capability up to CAP_CHECKPOINT_RESTORE (41 capabilities, 0..40). */
  public static final long CAP_FULL_SET = (1L << 41) - 1;

  /**
   * {@code ns_capable} ({@code cap_capable}): walking up from {@code ns}, the capability is held if
   * the cred's own user namespace is reached and the bit is set, or if the cred's namespace is the
   * parent of one on the way and the cred's euid owns that one.
   *
   * @param ns the namespace the operation concerns
   * @param cap the capability
   * @return whether the caller holds it there
   */
  public boolean capable(UserNamespace ns, int cap) {
    for (UserNamespace n = ns; n != null; n = n.parent()) {
      if (n == userNs) {
        return (capEffective & (1L << cap)) != 0;
      }
      if (n.parent() == userNs && n.owner() == euid) {
        return true;
      }
    }
    return false;
  }
}
