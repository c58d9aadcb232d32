package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.task.Uaccess;

/**
 * The rseq registration of kernel/rseq.c. Its methods are static and take the calling task's {@link
 * TaskContext} first (see there why).
 */
final class RseqCalls {
  private RseqCalls() {}

  /**
   * {@code sys_rseq} (registration): flags must be 0; a second registration of the same area is
   * EBUSY (EPERM with another signature, EINVAL with another area or length); a new area needs at
   * least 32 bytes, 32-byte alignment, and must lie in user space.
   */
  @Source(file = "kernel/rseq.c", line = 336, function = "sys_rseq", version = "Linux 6.2")
  static long rseq(TaskContext ctx, long rseq, int len, int flags, int sig) {
    ctx.enter();
    long r;
    final int unregister = 1;
    if ((flags & unregister) != 0) {
      if ((flags & ~unregister) != 0
          || ctx.task.rseq != rseq
          || ctx.task.rseq == 0
          || len != ctx.task.rseqLen) {
        r = Errno.EINVAL.result();
      } else if (ctx.task.rseqSig != sig) {
        r = Errno.EPERM.result();
      } else {
        ctx.task.rseq = 0;
        ctx.task.rseqLen = 0;
        ctx.task.rseqSig = 0;
        r = 0;
      }
    } else if (flags != 0) {
      r = Errno.EINVAL.result();
    } else if (ctx.task.rseq != 0) {
      if (ctx.task.rseq != rseq || len != ctx.task.rseqLen) {
        r = Errno.EINVAL.result();
      } else if (ctx.task.rseqSig != sig) {
        r = Errno.EPERM.result();
      } else {
        r = Errno.EBUSY.result();
      }
    } else if (len < 32 || (rseq & 31) != 0) {
      r = Errno.EINVAL.result();
    } else if (!Uaccess.accessOk(rseq, len)) {
      r = Errno.EFAULT.result();
    } else {
      ctx.task.rseq = rseq;
      ctx.task.rseqLen = len;
      ctx.task.rseqSig = sig;
      r = 0;
    }
    return ctx.record("rseq", SysText.RSEQ, null, r, rseq, len, flags, sig);
  }
}
