package io.github.clonepath.kernel.task;

import org.jspecify.annotations.Nullable;

/**
 * {@code struct pid}: one number per pid-namespace level, from the root (index 0) down to the
 * namespace the task was created in, and the task that uses it as its thread pid.
 */
public final class Pid {
  public final int level;
  public final int[] numbers;
  public final PidNamespace[] namespaces;

  /**
   * {@code tasks[PIDTYPE_PID]}: the task whose thread pid this is; null before attach, after
   * detach.
   */
  private @Nullable Task task;

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

  /**
   * {@code attach_pid(task, PIDTYPE_PID)}: links the task, late in copy_process once it can no
   * longer fail, so that {@link #task()} (and with it find_task_by_pid_ns) finds it.
   *
   * @param t the task whose thread pid this is
   * @throws IllegalStateException if a task is attached already
   */
  public void attach(Task t) {
    if (task != null) {
      throw new IllegalStateException("pid " + global() + " already has task " + task);
    }
    task = t;
  }

  /**
   * {@code detach_pid(task, PIDTYPE_PID)}: unlinks the task when __exit_signal unhashes it; lookups
   * by number stop finding it.
   */
  public void detach() {
    task = null;
  }

  /**
   * {@code pid_task(pid, PIDTYPE_PID)}: the attached task.
   *
   * @return the task, or null before attach_pid and after detach_pid
   */
  public @Nullable Task task() {
    return task;
  }
}
