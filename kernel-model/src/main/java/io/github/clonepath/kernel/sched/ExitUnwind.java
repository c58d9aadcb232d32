package io.github.clonepath.kernel.sched;

/**
 * Thrown through the running task's user code once the kernel has finished that task (exit,
 * exit_group, a fatal signal): the task never returns to user space, so its Java frames are unwound
 * up to the dispatcher, which catches this. It is an {@link Error} so that user code catching
 * exceptions does not swallow it; it carries no stack trace.
 */
public final class ExitUnwind extends Error {
  private static final long serialVersionUID = 1L;

  /** The unwind of the running task. */
  public ExitUnwind() {
    super("task exited", null, false, false);
  }
}
