package io.github.clonepath.kernel.syscall;

/**
 * A run stopped because it reached its {@link Budget}: the program did not end within the steps or
 * the virtual time it was given. Not a modeled event (a real machine would simply go on): the
 * model's answer to a program that never ends.
 */
public final class BudgetExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Which budget was reached. */
  public enum Kind {
    /** The number of dispatches. */
    STEPS,
    /** Virtual time. */
    TIME
  }

  private final Kind kind;
  private final long limit;

  /**
   * A stopped run.
   *
   * @param kind which budget
   * @param limit its value (dispatches, or nanoseconds)
   * @param running the task that ran last, such as {@code threads[1000]}
   */
  public BudgetExceeded(Kind kind, long limit, String running) {
    super(
        (kind == Kind.STEPS
                ? "the run reached its step budget of " + limit + " steps"
                : "the run reached its virtual-time budget of " + seconds(limit))
            + " (last running: "
            + running
            + ")");
    this.kind = kind;
    this.limit = limit;
  }

  private static String seconds(long nanos) {
    return nanos % 1_000_000_000L == 0 ? nanos / 1_000_000_000L + "s" : nanos + "ns";
  }

  /**
   * Which budget was reached.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The budget's value.
   *
   * @return dispatches, or virtual nanoseconds
   */
  public long limit() {
    return limit;
  }
}
