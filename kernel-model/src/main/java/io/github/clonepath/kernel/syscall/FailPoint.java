package io.github.clonepath.kernel.syscall;

/**
 * The kernel allocations a test can make fail on purpose (in the spirit of Linux's failslab), each
 * named after the slab cache or allocator whose failure it models. A failing allocation returns
 * ENOMEM exactly where the real one would.
 */
public enum FailPoint {
  /** {@code dup_task_struct}: the task_struct and its kernel stack. */
  TASK,
  /** {@code dup_mm}: the mm_struct of a child without CLONE_VM. */
  MM,
  /** {@code dup_fd}: the files_struct of a child without CLONE_FILES. */
  FILES,
  /** {@code copy_fs_struct}: the fs_struct of a child without CLONE_FS. */
  FS,
  /** {@code copy_sighand}: the sighand_struct of a child without CLONE_SIGHAND. */
  SIGHAND,
  /** {@code copy_signal}: the signal_struct of a child without CLONE_THREAD. */
  SIGNAL,
  /** {@code alloc_pid}: the struct pid. */
  PID
}
