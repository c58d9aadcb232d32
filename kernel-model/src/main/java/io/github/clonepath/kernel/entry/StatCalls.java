package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Fcntl;
import io.github.clonepath.kernel.task.Dentry;
import io.github.clonepath.kernel.task.OpenFile;
import io.github.clonepath.kernel.task.Uaccess;

/**
 * The stat call of fs/stat.c, as the dynamic loader uses it: {@code newfstatat} of a descriptor or
 * a path on the machine's small in-memory tree. Its methods are static and take the calling task's
 * {@link TaskContext} first (see there why).
 */
final class StatCalls {
  private StatCalls() {}

  /**
   * {@code vfs_fstatat}: the descriptor itself for an empty path with AT_EMPTY_PATH, else the path
   * walked; {@code cp_new_stat} copies the mode (file type and permissions) and the size out.
   * DEVIATION: only st_mode and st_size are stored; a pidfd (no inode in the model) is refused.
   */
  @Source(file = "fs/stat.c", function = "vfs_fstatat", version = "Linux 6.2")
  static long newfstatat(TaskContext ctx, int dirfd, String path, long statbuf, int flags) {
    ctx.enter();
    Dentry d = null;
    long r = 0;
    if (path.isEmpty() && (flags & Fcntl.AT_EMPTY_PATH) != 0) {
      OpenFile f = FileCalls.fget(ctx, dirfd);
      if (f == null) {
        r = Errno.EBADF.result();
      } else if (f.dentry == null) {
        throw new IllegalArgumentException("fstat of a pidfd is not modeled");
      } else {
        d = f.dentry;
      }
    } else {
      Dentry start = ctx.task.fs.pwd;
      if (dirfd != Fcntl.AT_FDCWD && !path.startsWith("/")) {
        OpenFile df = FileCalls.fget(ctx, dirfd);
        start = df == null ? null : df.dentry;
        r = start == null ? Errno.EBADF.result() : 0;
      }
      if (start != null) {
        FileCalls.Walk w = FileCalls.lookup(ctx, start, path);
        d = w.dentry();
        r = d == null ? w.error() : 0;
      }
    }
    int mode = 0;
    if (d != null) {
      mode = (d.directory ? S_IFDIR : S_IFREG) | d.mode;
      if (!Uaccess.putUser32(ctx.task.mm, statbuf + 24, mode)
          || !Uaccess.putUser64(ctx.task.mm, statbuf + 48, d.size)) {
        r = Errno.EFAULT.result();
      }
    }
    return ctx.record(
        "newfstatat",
        FileText.NEWFSTATAT,
        ctx.textWanted()
            ? r == 0
                ? new FileText.Stat(path, true, d.directory, d.mode, d.size)
                : new FileText.Stat(path, false, false, 0, 0)
            : null,
        r,
        dirfd,
        statbuf,
        flags);
  }

  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
}
