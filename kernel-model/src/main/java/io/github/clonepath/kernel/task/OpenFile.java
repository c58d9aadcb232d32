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

  /** For an end of a pipe: the pipe ({@code file->private_data}); null otherwise. */
  public final @Nullable PipeInode pipe;

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
    this(id, dentry, pidfdTask, flags, null);
  }

  /**
   * A new description of one end of a pipe, with one reference.
   *
   * @param id identity
   * @param pipe the pipe
   * @param flags status flags (O_RDONLY for the read end, O_WRONLY for the write end)
   */
  public OpenFile(int id, PipeInode pipe, int flags) {
    this(id, null, null, flags, pipe);
  }

  private OpenFile(
      int id,
      @Nullable Dentry dentry,
      @Nullable Task pidfdTask,
      int flags,
      @Nullable PipeInode pipe) {
    this.id = id;
    this.dentry = dentry;
    this.pidfdTask = pidfdTask;
    this.flags = flags;
    this.pipe = pipe;
  }
}
