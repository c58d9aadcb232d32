package io.github.clonepath.kernel.task;

/**
 * Why a task is not running, for the code that decides by it (a vfork parent's wait ends a
 * different way than a child reaper's) and for the state text {@code /proc} would show next to
 * {@code S}. The text itself is kept beside it in {@link Task#waitLabel}, since a futex wait names
 * its address and a sleep its call.
 */
public enum WaitReason {
  /** Running or runnable. */
  NONE,
  /** Created by copy_process, not yet woken by wake_up_new_task. */
  NEW,
  /** A vfork parent waiting for the child to release its mm ({@code wait_for_vfork_done}). */
  VFORK,
  /** User code spending virtual time on the CPUs. */
  COMPUTE,
  /** nanosleep or clock_nanosleep. */
  SLEEP,
  /** A futex wait. */
  FUTEX,
  /** A read of an empty pipe that has a writer ({@code pipe_read} on {@code rd_wait}). */
  PIPE,
  /** wait4 or waitid. */
  WAIT,
  /** init or the login shell reaping children inside the kernel. */
  REAP
}
