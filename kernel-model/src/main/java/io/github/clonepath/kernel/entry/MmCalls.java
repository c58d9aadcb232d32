package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Fcntl;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.MmFormat;
import io.github.clonepath.kernel.task.FilesStruct;
import io.github.clonepath.kernel.task.OpenFile;

/**
 * The entry of the address-space calls. The work lives in {@code mm/} ({@link
 * io.github.clonepath.kernel.mm.MmStruct}); here each call is entered and recorded as strace prints
 * it (arguments and result; {@link MmFormat} prints them), as the thin SYSCALL_DEFINEs do before
 * the real code: x86-64's mmap of arch/x86/kernel/sys_x86_64.c (with the descriptor lookup of
 * mm/mmap.c's ksys_mmap_pgoff), munmap of mm/mmap.c, mprotect of mm/mprotect.c and madvise of
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
    long r;
    if ((flags & MapFlags.MAP_ANONYMOUS) != 0) {
      r = ctx.task.mm.mmap(addr, length, prot, flags, fd, offset);
    } else {
      r = mmapFile(ctx, addr, length, prot, flags, fd, offset);
    }
    return ctx.record("mmap", MmFormat.Calls.MMAP, null, r, addr, length, prot, flags, fd, offset);
  }

  /**
   * The file half of {@code ksys_mmap_pgoff}: the descriptor's open file ({@code fget}; none is
   * EBADF), which must have an {@code mmap} operation: a regular file has one, a directory or a
   * pidfd has none (ENODEV, as {@code do_mmap} answers a file without {@code f_op->mmap}).
   */
  @Source(file = "mm/mmap.c", line = 1419, function = "ksys_mmap_pgoff", version = "Linux 6.2")
  private static long mmapFile(
      TaskContext ctx, long addr, long length, int prot, int flags, int fd, long offset) {
    FilesStruct files = ctx.task.files;
    OpenFile file = fd >= 0 && fd < files.maxFds ? files.fd[fd] : null;
    if (file != null && (file.dentry == null || file.dentry.directory)) {
      return Errno.ENODEV.result();
    }
    boolean readable = file != null && (file.flags & 3) != Fcntl.O_WRONLY;
    return ctx.task.mm.mmapFile(addr, length, prot, flags, file, readable, offset);
  }

  @Source(file = "mm/mmap.c", function = "sys_munmap", version = "Linux 6.2")
  static long munmap(TaskContext ctx, long addr, long length) {
    ctx.enter();
    long r = ctx.task.mm.munmap(addr, length);
    return ctx.record("munmap", MmFormat.Calls.MUNMAP, null, r, addr, length);
  }

  @Source(file = "mm/mprotect.c", function = "sys_mprotect", version = "Linux 6.2")
  static long mprotect(TaskContext ctx, long addr, long length, int prot) {
    ctx.enter();
    long r = ctx.task.mm.mprotect(addr, length, prot);
    return ctx.record("mprotect", MmFormat.Calls.MPROTECT, null, r, addr, length, prot);
  }

  @Source(file = "mm/madvise.c", function = "sys_madvise", version = "Linux 6.2")
  static long madvise(TaskContext ctx, long addr, long length, int advice) {
    ctx.enter();
    long r = ctx.task.mm.madvise(addr, length, advice);
    return ctx.record("madvise", MmFormat.Calls.MADVISE, null, r, addr, length, advice);
  }
}
