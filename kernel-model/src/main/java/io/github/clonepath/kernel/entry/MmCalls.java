package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.MmFormat;

/**
 * The entry of the address-space calls. The work lives in {@code mm/} ({@link
 * io.github.clonepath.kernel.mm.MmStruct}); here each call is entered and recorded as strace prints
 * it, as the thin SYSCALL_DEFINEs do before the real code: x86-64's mmap of
 * arch/x86/kernel/sys_x86_64.c, munmap of mm/mmap.c, mprotect of mm/mprotect.c and madvise of
 * mm/madvise.c. Its methods are static and take the calling task's {@link TaskContext} first (see
 * there why).
 */
final class MmCalls {
  private MmCalls() {}

  @Source(
      file = "arch/x86/kernel/sys_x86_64.c",
      line = 86,
      function = "sys_mmap",
      version = "Linux 6.2")
  static long mmap(
      TaskContext ctx, long addr, long length, int prot, int flags, int fd, long offset) {
    ctx.enter();
    long r = ctx.task.mm.mmap(addr, length, prot, flags, fd, offset);
    return ctx.recorded(
        "mmap", ctx.textWanted() ? MmFormat.mmap(addr, length, prot, flags, fd, offset, r) : "", r);
  }

  @Source(file = "mm/mmap.c", function = "sys_munmap", version = "Linux 6.2")
  static long munmap(TaskContext ctx, long addr, long length) {
    ctx.enter();
    long r = ctx.task.mm.munmap(addr, length);
    return ctx.recorded("munmap", ctx.textWanted() ? MmFormat.munmap(addr, length, r) : "", r);
  }

  @Source(file = "mm/mprotect.c", function = "sys_mprotect", version = "Linux 6.2")
  static long mprotect(TaskContext ctx, long addr, long length, int prot) {
    ctx.enter();
    long r = ctx.task.mm.mprotect(addr, length, prot);
    return ctx.recorded(
        "mprotect", ctx.textWanted() ? MmFormat.mprotect(addr, length, prot, r) : "", r);
  }

  @Source(file = "mm/madvise.c", function = "sys_madvise", version = "Linux 6.2")
  static long madvise(TaskContext ctx, long addr, long length, int advice) {
    ctx.enter();
    long r = ctx.task.mm.madvise(addr, length, advice);
    return ctx.recorded(
        "madvise", ctx.textWanted() ? MmFormat.madvise(addr, length, advice, r) : "", r);
  }
}
