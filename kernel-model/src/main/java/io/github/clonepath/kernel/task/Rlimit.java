package io.github.clonepath.kernel.task;

/**
 * One {@code struct rlimit}: soft and hard limit, {@code -1} meaning RLIM_INFINITY (compared
 * unsigned, as the kernel does).
 *
 * @param cur the soft limit
 * @param max the hard limit
 */
public record Rlimit(long cur, long max) {
  /** RLIM_INFINITY. */
  public static final long INFINITY = -1L;

  /**
   * Whether {@code n} exceeds the soft limit.
   *
   * @param n a count
   * @return true when n is above cur
   */
  public boolean exceeded(long n) {
    return Long.compareUnsigned(n, cur) > 0;
  }
}
