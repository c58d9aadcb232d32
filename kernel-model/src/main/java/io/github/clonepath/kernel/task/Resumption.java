package io.github.clonepath.kernel.task;

/**
 * What a task does when it is next dispatched: return to user space with a system call's result
 * (the entry layer builds this around the user's continuation).
 */
@FunctionalInterface
public interface Resumption {
  /**
   * Runs the task.
   *
   * @param result the result of the call it was blocked in
   */
  void run(long result);
}
