package io.github.clonepath.kernel.task;

/**
 * {@code struct k_sigaction} (x86-64 {@code struct sigaction} layout in user memory: handler at 0,
 * flags at 8, restorer at 16, mask at 24).
 *
 * @param handler SIG_DFL (0), SIG_IGN (1) or a handler address
 * @param flags {@code SA_*}
 * @param restorer the restorer address
 * @param mask signals blocked while the handler runs
 */
public record KSigaction(long handler, long flags, long restorer, long mask) {
  /** The default action. */
  public static final KSigaction DEFAULT = new KSigaction(0, 0, 0, 0);
}
