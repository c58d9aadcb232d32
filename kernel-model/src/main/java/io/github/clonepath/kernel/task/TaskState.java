package io.github.clonepath.kernel.task;

/** {@code __state} and {@code exit_state} of a task, folded into one value. */
public enum TaskState {
  /** TASK_RUNNING: on the run queue or running. */
  RUNNING,
  /** TASK_INTERRUPTIBLE: sleeping; a signal wakes it. */
  INTERRUPTIBLE,
  /** TASK_KILLABLE: sleeping; only a fatal signal wakes it (vfork wait). */
  KILLABLE,
  /** EXIT_ZOMBIE: exited, waiting to be reaped. */
  ZOMBIE,
  /** EXIT_DEAD: released. */
  DEAD
}
