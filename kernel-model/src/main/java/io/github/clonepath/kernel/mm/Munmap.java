package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmStruct.PAGE_MASK;
import static io.github.clonepath.kernel.mm.MmStruct.TASK_SIZE;
import static io.github.clonepath.kernel.mm.MmStruct.pageAlign;
import static io.github.clonepath.kernel.mm.MmStruct.result;
import static io.github.clonepath.kernel.mm.VmFlags.VM_ACCOUNT;
import static io.github.clonepath.kernel.syscall.Errno.EINVAL;
import static io.github.clonepath.kernel.syscall.Errno.ENOMEM;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;

/**
 * Unmapping, the part of {@code mm/mmap.c} from {@code __vm_munmap} to {@code do_mas_align_munmap}.
 */
final class Munmap {
  private Munmap() {}

  /**
   * {@code munmap(2)}.
   *
   * @param addr page-aligned start
   * @param len length, rounded up to pages
   * @return 0 or {@code -errno}
   */
  @Source(file = "mm/mmap.c", line = 2769, function = "__vm_munmap", version = "Linux 6.2")
  static long munmap(MmStruct mm, long addr, long len) {
    try (Frame f = mm.tracer.enter()) {
      long r = doMasMunmap(mm, addr, len);
      if (f.recording()) {
        f.note("munmap → %s, map_count %d, total_vm %d", result(r), mm.mapCount(), mm.totalVm);
      }
      return r;
    }
  }

  /**
   * Checks the range (EINVAL for an unaligned start, a range beyond TASK_SIZE or a zero length),
   * then unmaps whatever overlaps it; a hole is no error. (6.3 renamed it {@code do_vmi_munmap}.)
   */
  @Source(file = "mm/mmap.c", line = 2480, function = "do_mas_munmap", version = "Linux 6.2")
  static long doMasMunmap(MmStruct mm, long start, long len) {
    try (Frame f = mm.tracer.enter()) {
      if ((start & ~PAGE_MASK) != 0
          || Long.compareUnsigned(start, TASK_SIZE) > 0
          || Long.compareUnsigned(len, TASK_SIZE - start) > 0) {
        return EINVAL.result();
      }
      long end = start + pageAlign(len);
      if (end == start) {
        return EINVAL.result();
      }
      Vma vma = mm.tree.find(start);
      if (vma == null || vma.start >= end) {
        return 0;
      }
      return doMasAlignMunmap(mm, vma, start, end);
    }
  }

  /**
   * Splits the first and last VMA at the range ends (ENOMEM only when a VMA would be cut in two
   * while map_count is at the limit), then detaches the VMAs inside, drops their words, gives back
   * their commit charge and counters. (6.3 renamed it {@code do_vmi_align_munmap}.)
   */
  @Source(file = "mm/mmap.c", line = 2301, function = "do_mas_align_munmap", version = "Linux 6.2")
  private static long doMasAlignMunmap(MmStruct mm, Vma vma, long start, long end) {
    try (Frame f = mm.tracer.enter()) {
      if (start > vma.start) {
        if (end < vma.end && mm.mapCount() >= mm.env.maxMapCount()) {
          if (f.recording()) {
            f.note("split at the map-count limit %d → ENOMEM", mm.env.maxMapCount());
          }
          return ENOMEM.result();
        }
        VmaMerge.splitVmaNoCheck(mm, vma, start, true);
      }
      Vma last = mm.tree.find(end - 1);
      if (last != null && last.start < end && last.end > end) {
        VmaMerge.splitVmaNoCheck(mm, last, end, true);
      }
      long accounted = 0;
      for (Vma v : mm.tree.overlapping(start, end)) {
        if (v.has(VM_ACCOUNT)) {
          accounted += v.pages();
        }
        Mmap.vmStatAccount(mm, v.flags, -v.pages());
        mm.tree.remove(v);
        if (v.shmem == null) {
          mm.words.clear(v.start, v.end);
        }
        mm.present.clear(v.start, v.end);
        removeVmaRef(mm, v);
      }
      mm.env.vmUnacct(accounted);
      return 0;
    }
  }

  /** remove_vma: drops the VMA's reference to its shmem object, freeing it with the last one. */
  static void removeVmaRef(MmStruct mm, Vma v) {
    Shmem s = v.shmem;
    if (s != null && --s.refs == 0) {
      mm.env.vmUnacct(s.chargedPages);
      s.words.clear();
    }
  }
}
