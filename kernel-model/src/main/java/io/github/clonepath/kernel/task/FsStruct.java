package io.github.clonepath.kernel.task;

/**
 * {@code struct fs_struct}: root, working directory and umask, shared by CLONE_FS with a plain
 * {@code users} counter, and {@code in_exec} set while an exec is deciding whether it owns it.
 */
public final class FsStruct {
  public final int id;
  public int users = 1;
  public boolean inExec;
  public Dentry root;
  public Dentry pwd;
  public int umask;

  /**
   * A new fs_struct with one user.
   *
   * @param id identity
   * @param root the root directory
   * @param pwd the working directory
   * @param umask the file creation mask
   */
  public FsStruct(int id, Dentry root, Dentry pwd, int umask) {
    this.id = id;
    this.root = root;
    this.pwd = pwd;
    this.umask = umask;
  }
}
