package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.task.Uaccess;
import java.nio.charset.StandardCharsets;

/**
 * The call of fs/d_path.c: getcwd, which copies the working directory's path (set by chdir of
 * fs/open.c, in {@link FileCalls}) to the user's buffer. Its methods are static and take the
 * calling task's {@link TaskContext} first (see there why).
 */
final class DPathCalls {
  private DPathCalls() {}

  @Source(file = "fs/d_path.c", function = "sys_getcwd", version = "Linux 6.2")
  static long getcwd(TaskContext ctx, long buf, long size) {
    ctx.enter();
    String cwd = ctx.task.fs.pwd.path();
    byte[] bytes = (cwd + "\0").getBytes(StandardCharsets.ISO_8859_1);
    long r;
    if (bytes.length > size) {
      r = Errno.ERANGE.result();
    } else if (!Uaccess.copyToUser(ctx.task.mm, buf, bytes)) {
      r = Errno.EFAULT.result();
    } else {
      r = bytes.length;
    }
    return ctx.record("getcwd", FileText.GETCWD, r > 0 ? cwd : null, r, buf, size);
  }
}
