package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Abi;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.task.Uaccess;

/**
 * The x86-64 arch_prctl of arch/x86/kernel/process_64.c: setting and reading the FS base that holds
 * the thread pointer. Its methods are static and take the calling task's {@link TaskContext} first
 * (see there why).
 */
final class ArchCalls {
  private ArchCalls() {}

  @Source(file = "arch/x86/kernel/process_64.c", function = "sys_arch_prctl", version = "Linux 6.2")
  static long archPrctl(TaskContext ctx, int code, long addr) {
    ctx.enter();
    long r;
    switch (code) {
      case Abi.ARCH_SET_FS -> {
        if (Long.compareUnsigned(addr, Abi.TASK_SIZE_MAX) >= 0) {
          r = Errno.EPERM.result();
        } else {
          ctx.task.fsBase = addr;
          r = 0;
        }
      }
      case Abi.ARCH_GET_FS -> {
        r = Uaccess.putUser64(ctx.task.mm, addr, ctx.task.fsBase) ? 0 : Errno.EFAULT.result();
      }
      default -> {
        r = Errno.EINVAL.result();
      }
    }
    return ctx.record("arch_prctl", SysText.ARCH_PRCTL, null, r, code, addr);
  }
}
