package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmStruct.MAP_32BIT_BEGIN;
import static io.github.clonepath.kernel.mm.MmStruct.MAP_32BIT_END;
import static io.github.clonepath.kernel.mm.MmStruct.PAGE_MASK;
import static io.github.clonepath.kernel.mm.MmStruct.PAGE_SHIFT;
import static io.github.clonepath.kernel.mm.MmStruct.PAGE_SIZE;
import static io.github.clonepath.kernel.mm.MmStruct.PMD_SIZE;
import static io.github.clonepath.kernel.mm.MmStruct.TASK_SIZE;
import static io.github.clonepath.kernel.mm.MmStruct.pageAlign;
import static io.github.clonepath.kernel.syscall.Errno.EINVAL;
import static io.github.clonepath.kernel.syscall.Errno.ENOMEM;
import static io.github.clonepath.kernel.syscall.Errno.EPERM;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.MapFlags;

/**
 * Where a new mapping goes: {@code get_unmapped_area} and {@code vm_unmapped_area} ({@code
 * mm/mmap.c}), the x86-64 top-down and bottom-up searches ({@code arch/x86/kernel/sys_x86_64.c})
 * and the THP alignment ({@code mm/huge_memory.c}).
 */
final class UnmappedArea {
  private UnmappedArea() {}

  /**
   * Chooses the address: checks the length against the task size, lets the layout pick (THP
   * alignment for anonymous private lengths that are a multiple of 2 MiB, since 6.7), then checks
   * the end, the alignment (MAP_FIXED) and mmap_min_addr ({@code security_mmap_addr}, i.e. {@code
   * cap_mmap_addr}: EPERM below it unless the caller holds CAP_SYS_RAWIO; no LSM with its own
   * minimum is modeled).
   */
  @Source(file = "mm/mmap.c", line = 1758, function = "get_unmapped_area", version = "Linux 6.2")
  static long getUnmappedArea(MmStruct mm, long addr, long len, long pgoff, int flags) {
    try (Frame f = mm.tracer.enter()) {
      if (Long.compareUnsigned(len, TASK_SIZE) > 0) {
        return ENOMEM.result();
      }
      long r;
      if ((flags & MapFlags.MAP_SHARED) != 0) {
        r = mmGetUnmappedArea(mm, addr, len, 0, flags);
      } else if (mm.env.thpEnabled() && addr == 0 && len % PMD_SIZE == 0) {
        r = thpGetUnmappedArea(mm, addr, len, pgoff, flags);
      } else {
        r = mmGetUnmappedArea(mm, addr, len, pgoff, flags);
      }
      if (Errno.isError(r)) {
        return r;
      }
      if (Long.compareUnsigned(r, TASK_SIZE - len) > 0) {
        return ENOMEM.result();
      }
      if ((r & ~PAGE_MASK) != 0) {
        return EINVAL.result();
      }
      if (r < mm.env.mmapMinAddr()) {
        if (!mm.env.capSysRawio()) {
          if (f.recording()) {
            f.note("0x%x below mmap_min_addr 0x%x → EPERM", r, mm.env.mmapMinAddr());
          }
          return EPERM.result();
        }
        if (f.recording()) {
          f.note("0x%x below mmap_min_addr 0x%x allowed (CAP_SYS_RAWIO)", r, mm.env.mmapMinAddr());
        }
      }
      if (f.recording()) {
        f.note("address 0x%x", r);
      }
      return r;
    }
  }

  private static long mmGetUnmappedArea(MmStruct mm, long addr, long len, long pgoff, int flags) {
    return mm.env.legacyVaLayout()
        ? archGetUnmappedArea(mm, addr, len, pgoff, flags)
        : archGetUnmappedAreaTopdown(mm, addr, len, pgoff, flags);
  }

  /**
   * Pads the search by 2 MiB and returns a 2 MiB-aligned address inside the padded gap (the top one
   * when the gap is already aligned); when the padded search fails it searches again unpadded, as
   * the kernel's caller does. In the kernel since 6.7 for anonymous mappings, restricted to 2 MiB
   * multiples in 6.13.
   */
  @Source(
      file = "mm/huge_memory.c",
      line = 602,
      function = "__thp_get_unmapped_area",
      version = "Linux 6.2")
  private static long thpGetUnmappedArea(MmStruct mm, long addr, long len, long pgoff, int flags) {
    try (Frame f = mm.tracer.enter()) {
      long off = pgoff << PAGE_SHIFT;
      long lenPad = len + PMD_SIZE;
      if (Long.compareUnsigned(lenPad, len) < 0 || Long.compareUnsigned(off + lenPad, off) < 0) {
        return mmGetUnmappedArea(mm, addr, len, pgoff, flags);
      }
      long ret = mmGetUnmappedArea(mm, 0, lenPad, pgoff, flags);
      if (Errno.isError(ret) || Long.compareUnsigned(ret, TASK_SIZE - lenPad) > 0) {
        return mmGetUnmappedArea(mm, addr, len, pgoff, flags);
      }
      long offSub = (off - ret) & (PMD_SIZE - 1);
      if (!mm.env.legacyVaLayout() && offSub == 0) {
        return ret + PMD_SIZE;
      }
      return ret + offSub;
    }
  }

  /**
   * Top-down placement: MAP_FIXED as given; MAP_32BIT bottom-up; a usable hint as given; else the
   * highest gap below mmap_base; else bottom-up from the legacy base.
   */
  @Source(
      file = "arch/x86/kernel/sys_x86_64.c",
      line = 160,
      function = "arch_get_unmapped_area_topdown",
      version = "Linux 6.2")
  private static long archGetUnmappedAreaTopdown(
      MmStruct mm, long addr0, long len, long pgoff, int flags) {
    try (Frame f = mm.tracer.enter()) {
      long addr = addr0;
      if (Long.compareUnsigned(len, TASK_SIZE) > 0) {
        return ENOMEM.result();
      }
      if ((flags & MapFlags.MAP_FIXED) != 0) {
        return addr;
      }
      if ((flags & MapFlags.MAP_32BIT) == 0) {
        if (addr != 0) {
          addr &= PAGE_MASK;
          if (Long.compareUnsigned(TASK_SIZE - len, addr) >= 0) {
            Vma vma = mm.tree.find(addr);
            if (vma == null || addr + len <= VmaTree.startGap(vma)) {
              if (f.recording()) {
                f.note("hint 0x%x is free", addr);
              }
              return addr;
            }
          }
        }
        long r = vmUnmappedArea(mm, true, len, PAGE_SIZE, mm.mmapBase);
        if (!Errno.isError(r)) {
          return r;
        }
      }
      return archGetUnmappedArea(mm, addr0, len, pgoff, flags);
    }
  }

  /** Bottom-up placement from the legacy base (or in [1 GiB, 2 GiB) for MAP_32BIT). */
  @Source(
      file = "arch/x86/kernel/sys_x86_64.c",
      line = 122,
      function = "arch_get_unmapped_area",
      version = "Linux 6.2")
  private static long archGetUnmappedArea(MmStruct mm, long addr, long len, long pgoff, int flags) {
    try (Frame f = mm.tracer.enter()) {
      if ((flags & MapFlags.MAP_FIXED) != 0) {
        return addr;
      }
      boolean low32 = (flags & MapFlags.MAP_32BIT) != 0;
      long begin = low32 ? MAP_32BIT_BEGIN : mm.mmapLegacyBase;
      long end = low32 ? MAP_32BIT_END : TASK_SIZE;
      if (Long.compareUnsigned(len, end) > 0) {
        return ENOMEM.result();
      }
      if (addr != 0) {
        addr = pageAlign(addr);
        Vma vma = mm.tree.find(addr);
        if (Long.compareUnsigned(end - len, addr) >= 0
            && (vma == null || addr + len <= VmaTree.startGap(vma))) {
          return addr;
        }
      }
      return vmUnmappedArea(mm, false, len, begin, end);
    }
  }

  /** Searches the gaps: the highest (top-down) or lowest fitting one in [low, high). */
  @Source(file = "mm/mmap.c", line = 1624, function = "vm_unmapped_area", version = "Linux 6.2")
  private static long vmUnmappedArea(MmStruct mm, boolean topdown, long len, long low, long high) {
    try (Frame f = mm.tracer.enter()) {
      long r = topdown ? mm.tree.topDown(len, low, high) : mm.tree.bottomUp(len, low, high);
      if (r < 0) {
        if (f.recording()) {
          f.note("no gap of %d bytes in [0x%x, 0x%x)", len, low, high);
        }
        return ENOMEM.result();
      }
      return r;
    }
  }
}
