package io.github.clonepath.kernel.syscall;

/**
 * What a task does next, once a call that may block has returned.
 *
 * <p>The model runs no Java thread per task: user-space code that can block (a futex wait, a wait4,
 * a sleep, a vfork) hands the kernel a continuation and returns; the machine calls it when the task
 * is dispatched again, with the call's result. A new task's entry point (glibc's {@code
 * start_thread}, Go's {@code mstart}) is a continuation too, called with 0, the value clone returns
 * in the child.
 */
@FunctionalInterface
public interface Continuation {
  /**
   * Runs the task's user-space code until it blocks again or exits.
   *
   * @param ctx the running task's view of the kernel
   * @param result the return value of the call that blocked, or 0 for a new task
   */
  void resume(UserContext ctx, long result);
}
