package io.github.clonepath.kernel.syscall;

/**
 * How far one run may go before the machine stops it: a number of dispatches (a task running from
 * one block to the next) and a point in virtual time. A program that never ends, such as a spin
 * waiting for a flag nobody sets or a runtime whose monitor thread polls forever, would otherwise
 * run without end; with a budget it stops with a {@link BudgetExceeded} that names what was
 * running. Both checks are one comparison per dispatch or timer.
 *
 * @param maxSteps dispatches allowed
 * @param maxNanos virtual time allowed, in nanoseconds since boot
 */
public record Budget(long maxSteps, long maxNanos) {
  /**
   * 100 million dispatches and one hour of virtual time: far more than any built-in scenario or
   * benchmark uses, and reached within a minute or so by a program that never ends.
   */
  public static final Budget DEFAULT = new Budget(100_000_000L, 3_600_000_000_000L);

  /** Checks the values. */
  public Budget {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("the step budget must be at least 1: " + maxSteps);
    }
    if (maxNanos < 1) {
      throw new IllegalArgumentException("the time budget must be at least 1 ns: " + maxNanos);
    }
  }

  /**
   * With another step budget.
   *
   * @param steps dispatches allowed
   * @return a changed copy
   */
  public Budget withMaxSteps(long steps) {
    return new Budget(steps, maxNanos);
  }

  /**
   * With another virtual-time budget.
   *
   * @param nanos virtual nanoseconds allowed
   * @return a changed copy
   */
  public Budget withMaxNanos(long nanos) {
    return new Budget(maxSteps, nanos);
  }
}
