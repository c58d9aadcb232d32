package io.github.clonepath.kernel.task;

import org.jspecify.annotations.Nullable;

/**
 * {@code struct file}: an open file description. Descriptor tables point to it; tables copied by
 * dup_fd share it, so its offset and status flags are shared, and it has its own {@code f_count}.
 */
public final class OpenFile {
  public final int id;

  /** What was opened; null for a pidfd. */
  public final @Nullable Dentry dentry;

  /** For a pidfd: the task it refers to (PIDFD_THREAD pidfds refer to a thread). */
  public final Task pidfdTask;

  /** Status flags ({@code O_*} without O_CLOEXEC, which belongs to the descriptor). */
  public final int flags;

  /** {@code f_count}: descriptor slots and other holders of this description. */
  public int count = 1;

  /**
   * A new description with one reference.
   *
   * @param id identity
   * @param dentry the node, or null for a pidfd
   * @param pidfdTask the pidfd's task, or null
   * @param flags status flags
   */
  public OpenFile(int id, @Nullable Dentry dentry, @Nullable Task pidfdTask, int flags) {
    this.id = id;
    this.dentry = dentry;
    this.pidfdTask = pidfdTask;
    this.flags = flags;
  }
}
