package io.github.clonepath.kernel.task;

/**
 * {@code struct pid}: one number per pid-namespace level, from the root (index 0) down to the
 * namespace the task was created in.
 */
public final class Pid {
  public final int level;
  public final int[] numbers;
  public final PidNamespace[] namespaces;

  /**
   * A pid of a given level, numbers still to be filled in.
   *
   * @param level the deepest namespace's level
   */
  public Pid(int level) {
    this.level = level;
    this.numbers = new int[level + 1];
    this.namespaces = new PidNamespace[level + 1];
  }

  /**
   * The global number.
   *
   * @return the number in the root namespace
   */
  public int global() {
    return numbers[0];
  }

  /**
   * {@code pid_nr_ns}: the number as seen from a namespace, 0 if not visible there.
   *
   * @param ns the observer's namespace
   * @return the number or 0
   */
  public int nrIn(PidNamespace ns) {
    if (ns.level <= level && namespaces[ns.level] == ns) {
      return numbers[ns.level];
    }
    return 0;
  }

  /**
   * The deepest namespace.
   *
   * @return the namespace the pid was allocated for
   */
  public PidNamespace ns() {
    return namespaces[level];
  }
}
