package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmStruct.PAGE_SHIFT;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SPECIAL;
import static io.github.clonepath.kernel.syscall.Errno.ENOMEM;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import org.jspecify.annotations.Nullable;

/**
 * Merging and splitting VMAs, the part of {@code mm/mmap.c} around {@code vma_merge}, {@code
 * vma_expand} and {@code __split_vma}.
 */
final class VmaMerge {
  private VmaMerge() {}

  /** is_mergeable_vma: equal flags, same object, same file. */
  private static boolean isMergeableVma(Vma v, long flags, Shmem file, @Nullable Object vmFile) {
    return v.flags == flags && v.shmem == file && v.file == vmFile;
  }

  /**
   * is_mergeable_anon_vma: a range without anon_vma may join a neighbour whose anon_vma is its own
   * (chain of one, i.e. not inherited by fork); otherwise both must be the same.
   */
  private static boolean isMergeableAnonVma(long anon1, long anon2, Vma neighbour) {
    if ((anon1 == 0 || anon2 == 0)
        && (neighbour == null || (neighbour.anonVma != 0 && !neighbour.anonVmaForked))) {
      return true;
    }
    return anon1 == anon2;
  }

  private static boolean canVmaMergeAfter(
      Vma prev, long flags, long anon, Shmem file, @Nullable Object vmFile, long pgoff) {
    return isMergeableVma(prev, flags, file, vmFile)
        && isMergeableAnonVma(anon, prev.anonVma, prev)
        && prev.pgoff + prev.pages() == pgoff;
  }

  private static boolean canVmaMergeBefore(
      Vma next, long flags, long anon, Shmem file, @Nullable Object vmFile, long pgoffEnd) {
    return isMergeableVma(next, flags, file, vmFile)
        && isMergeableAnonVma(anon, next.anonVma, next)
        && next.pgoff == pgoffEnd;
  }

  /**
   * The merge of a new mapping (mmap_region's expansion of a neighbour): the previous VMA first,
   * the next one too when their anon_vmas agree.
   *
   * @return the expanded VMA, or null when a new one is needed
   */
  @Source(file = "mm/mmap.c", line = 512, function = "vma_expand", version = "Linux 6.2")
  static @Nullable Vma vmaMergeNew(
      MmStruct mm,
      Vma prev,
      Vma next,
      long addr,
      long end,
      long flags,
      @Nullable Object file,
      long pgoff) {
    try (Frame f = mm.tracer.enter()) {
      long pglen = (end - addr) >>> PAGE_SHIFT;
      boolean left =
          prev != null && prev.end == addr && canVmaMergeAfter(prev, flags, 0, null, file, pgoff);
      boolean right =
          next != null
              && next.start == end
              && canVmaMergeBefore(next, flags, 0, null, file, pgoff + pglen)
              && (!left || isMergeableAnonVma(prev.anonVma, next.anonVma, null));
      if (left) {
        mm.tree.insert(new Vma(addr, end, flags, pgoff));
        mm.tree.unlinkMerged(mm.tree.find(addr));
        prev.end = end;
        if (right) {
          absorbNext(mm, prev, next);
        }
        if (f.recording()) {
          f.note("expanded prev to %x-%x", prev.start, prev.end);
        }
        return prev;
      }
      if (right) {
        mm.tree.insert(new Vma(addr, end, flags, pgoff));
        mm.tree.unlinkMerged(mm.tree.find(addr));
        long old = next.start;
        next.start = addr;
        next.pgoff = pgoff;
        mm.tree.moved(next, old);
        if (f.recording()) {
          f.note("expanded next to %x-%x", next.start, next.end);
        }
        return next;
      }
      return null;
    }
  }

  private static void absorbNext(MmStruct mm, Vma into, Vma next) {
    mm.tree.unlinkMerged(next);
    into.end = next.end;
    if (into.anonVma == 0) {
      into.anonVma = next.anonVma;
      into.anonVmaForked = next.anonVmaForked;
    }
    Munmap.removeVmaRef(mm, next);
  }

  /**
   * vma_merge for a range [start, end) of an existing VMA whose flags are changing: it joins the
   * previous VMA when it starts the VMA and the next when it ends it (both only when their
   * anon_vmas agree); the VMA itself shrinks or disappears.
   *
   * @return the VMA now covering the range, or null when nothing merged
   */
  @Source(file = "mm/mmap.c", line = 999, function = "vma_merge", version = "Linux 6.2")
  static @Nullable Vma vmaMerge(MmStruct mm, Vma vma, long start, long end, long newFlags) {
    try (Frame f = mm.tracer.enter()) {
      if ((newFlags & VM_SPECIAL) != 0) {
        return null;
      }
      long pgoff = vma.pgoff + ((start - vma.start) >>> PAGE_SHIFT);
      long pglen = (end - start) >>> PAGE_SHIFT;
      Vma prev = start == vma.start ? mm.tree.prev(vma) : null;
      Vma next = end == vma.end ? mm.tree.next(vma) : null;
      boolean left =
          prev != null
              && prev.end == start
              && canVmaMergeAfter(prev, newFlags, vma.anonVma, vma.shmem, vma.file, pgoff);
      boolean right =
          next != null
              && next.start == end
              && canVmaMergeBefore(next, newFlags, vma.anonVma, vma.shmem, vma.file, pgoff + pglen)
              && (!left || isMergeableAnonVma(prev.anonVma, next.anonVma, null));
      if (!left && !right) {
        return null;
      }
      Vma target = left ? prev : next;
      if (target.anonVma == 0 && vma.anonVma != 0) {
        target.anonVma = vma.anonVma;
        target.anonVmaForked = vma.anonVmaForked;
      }
      boolean whole = start == vma.start && end == vma.end;
      if (left) {
        if (whole) {
          mm.tree.unlinkMerged(vma);
          Munmap.removeVmaRef(mm, vma);
        } else {
          long old = vma.start;
          vma.pgoff += (end - vma.start) >>> PAGE_SHIFT;
          vma.start = end;
          mm.tree.moved(vma, old);
        }
        prev.end = end;
        if (right) {
          absorbNext(mm, prev, next);
        }
        if (f.recording()) {
          f.note("merged into prev: %x-%x, map_count %d", prev.start, prev.end, mm.mapCount());
        }
        return prev;
      }
      if (whole) {
        mm.tree.unlinkMerged(vma);
        Munmap.removeVmaRef(mm, vma);
      } else {
        vma.end = start;
      }
      long old = next.start;
      next.start = start;
      next.pgoff = pgoff;
      mm.tree.moved(next, old);
      if (f.recording()) {
        f.note("merged into next: %x-%x, map_count %d", next.start, next.end, mm.mapCount());
      }
      return next;
    }
  }

  /**
   * Splits a VMA at addr; the new VMA takes the part below addr ({@code newBelow}) or above it.
   * Both keep the flags, anon_vma and object; the upper part's pgoff moves with its start.
   */
  @Source(file = "mm/mmap.c", line = 2198, function = "__split_vma", version = "Linux 6.2")
  static Vma splitVmaNoCheck(MmStruct mm, Vma vma, long addr, boolean newBelow) {
    try (Frame f = mm.tracer.enter()) {
      Vma n = vma.copy();
      long delta = (addr - vma.start) >>> PAGE_SHIFT;
      if (newBelow) {
        n.end = addr;
        long old = vma.start;
        vma.start = addr;
        vma.pgoff += delta;
        mm.tree.moved(vma, old);
      } else {
        n.start = addr;
        n.pgoff += delta;
        vma.end = addr;
      }
      mm.tree.linkSplit(n);
      if (f.recording()) {
        f.note("split at 0x%x, map_count %d", addr, mm.mapCount());
      }
      return n;
    }
  }

  /** split_vma: refuses once map_count has reached vm.max_map_count. */
  @Source(file = "mm/mmap.c", line = 2267, function = "split_vma", version = "Linux 6.2")
  static long splitVma(MmStruct mm, Vma vma, long addr, boolean newBelow) {
    try (Frame f = mm.tracer.enter()) {
      if (mm.mapCount() >= mm.env.maxMapCount()) {
        if (f.recording()) {
          f.note("map_count %d ≥ max_map_count → ENOMEM", mm.mapCount());
        }
        return ENOMEM.result();
      }
      splitVmaNoCheck(mm, vma, addr, newBelow);
      return 0;
    }
  }
}
