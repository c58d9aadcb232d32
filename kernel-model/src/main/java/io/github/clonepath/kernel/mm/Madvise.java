package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmStruct.PAGE_MASK;
import static io.github.clonepath.kernel.mm.MmStruct.PAGE_SHIFT;
import static io.github.clonepath.kernel.mm.MmStruct.pageAlign;
import static io.github.clonepath.kernel.mm.MmStruct.result;
import static io.github.clonepath.kernel.mm.VmFlags.VM_DONTCOPY;
import static io.github.clonepath.kernel.mm.VmFlags.VM_DONTDUMP;
import static io.github.clonepath.kernel.mm.VmFlags.VM_HUGEPAGE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_HUGETLB;
import static io.github.clonepath.kernel.mm.VmFlags.VM_IO;
import static io.github.clonepath.kernel.mm.VmFlags.VM_LOCKED;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MAYSHARE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MERGEABLE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MIXEDMAP;
import static io.github.clonepath.kernel.mm.VmFlags.VM_NOHUGEPAGE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_PFNMAP;
import static io.github.clonepath.kernel.mm.VmFlags.VM_RAND_READ;
import static io.github.clonepath.kernel.mm.VmFlags.VM_READ;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SEQ_READ;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SHARED;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SPECIAL;
import static io.github.clonepath.kernel.mm.VmFlags.VM_WIPEONFORK;
import static io.github.clonepath.kernel.mm.VmFlags.VM_WRITE;
import static io.github.clonepath.kernel.syscall.Errno.EAGAIN;
import static io.github.clonepath.kernel.syscall.Errno.EINVAL;
import static io.github.clonepath.kernel.syscall.Errno.ENOMEM;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_COLD;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_COLLAPSE;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_DODUMP;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_DOFORK;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_DONTDUMP;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_DONTFORK;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_DONTNEED;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_DONTNEED_LOCKED;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_FREE;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_HUGEPAGE;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_KEEPONFORK;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_MERGEABLE;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_NOHUGEPAGE;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_NORMAL;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_PAGEOUT;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_POPULATE_READ;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_POPULATE_WRITE;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_RANDOM;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_REMOVE;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_SEQUENTIAL;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_UNMERGEABLE;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_WILLNEED;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_WIPEONFORK;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import org.jspecify.annotations.Nullable;

/** {@code mm/madvise.c}: {@code do_madvise}, the walk over the VMAs and each behaviour. */
final class Madvise {
  private Madvise() {}

  /**
   * {@code madvise(2)}: validity of the advice first, then alignment and length; the advice is
   * applied VMA by VMA; holes give ENOMEM after the mapped parts were advised.
   *
   * @param start page-aligned start
   * @param lenIn length, rounded up to pages
   * @param behavior a MADV_* value
   * @return 0 or {@code -errno}
   */
  @Source(file = "mm/madvise.c", line = 1402, function = "do_madvise", version = "Linux 6.2")
  static long madvise(MmStruct mm, long start, long lenIn, int behavior) {
    try (Frame f = mm.tracer.enter()) {
      if (!madviseBehaviorValid(mm, behavior)) {
        return EINVAL.result();
      }
      if ((start & ~PAGE_MASK) != 0) {
        return EINVAL.result();
      }
      long len = pageAlign(lenIn);
      if (lenIn != 0 && len == 0) {
        return EINVAL.result();
      }
      long end = start + len;
      if (Long.compareUnsigned(end, start) < 0) {
        return EINVAL.result();
      }
      if (end == start) {
        return 0;
      }
      if (behavior == MADV_COLLAPSE) {
        throw new IllegalArgumentException(
            "MADV_COLLAPSE is not modeled (khugepaged collapse); do not use it with this model");
      }
      long r = madviseWalkVmas(mm, start, end, behavior);
      if (f.recording()) {
        f.note(
            "madvise %s → %s, map_count %d",
            io.github.clonepath.kernel.syscall.Madvise.format(behavior), result(r), mm.mapCount());
      }
      return r;
    }
  }

  /**
   * The advice the reference kernel accepts; HUGEPAGE, NOHUGEPAGE and COLLAPSE only with THP.
   * DEVIATION: MADV_HWPOISON and MADV_SOFT_OFFLINE (privileged error injection) are invalid here.
   */
  private static boolean madviseBehaviorValid(MmStruct mm, int behavior) {
    switch (behavior) {
      case MADV_DOFORK:
      case MADV_DONTFORK:
      case MADV_NORMAL:
      case MADV_SEQUENTIAL:
      case MADV_RANDOM:
      case MADV_REMOVE:
      case MADV_WILLNEED:
      case MADV_DONTNEED:
      case MADV_DONTNEED_LOCKED:
      case MADV_FREE:
      case MADV_COLD:
      case MADV_PAGEOUT:
      case MADV_POPULATE_READ:
      case MADV_POPULATE_WRITE:
      case MADV_MERGEABLE:
      case MADV_UNMERGEABLE:
      case MADV_DONTDUMP:
      case MADV_DODUMP:
      case MADV_WIPEONFORK:
      case MADV_KEEPONFORK:
        return true;
      case MADV_HUGEPAGE:
      case MADV_NOHUGEPAGE:
      case MADV_COLLAPSE:
        return mm.env.thpEnabled();
      default:
        return false;
    }
  }

  /**
   * What one VMA piece leaves the walk: 0 or the errno, and the VMA the walk goes on after (the
   * real functions' {@code prev} out-argument; null when the VMA may be gone, as after
   * MADV_REMOVE).
   */
  private record Piece(long error, @Nullable Vma prev) {}

  /** Applies the advice to each VMA piece of [start, end); a hole is remembered as ENOMEM. */
  @Source(file = "mm/madvise.c", line = 1223, function = "madvise_walk_vmas", version = "Linux 6.2")
  private static long madviseWalkVmas(MmStruct mm, long start, long end, int behavior) {
    try (Frame f = mm.tracer.enter()) {
      long unmappedError = 0;
      Vma vma = mm.tree.find(start);
      while (true) {
        if (vma == null) {
          return ENOMEM.result();
        }
        if (start < vma.start) {
          unmappedError = ENOMEM.result();
          start = vma.start;
          if (start >= end) {
            break;
          }
        }
        long tmp = Math.min(vma.end, end);
        Piece piece = madviseVmaBehavior(mm, vma, start, tmp, behavior);
        if (piece.error() != 0) {
          return piece.error();
        }
        Vma prev = piece.prev();
        start = tmp;
        if (prev != null && start < prev.end) {
          start = prev.end;
        }
        if (start >= end) {
          break;
        }
        vma = mm.tree.find(prev != null ? prev.end : start);
      }
      return unmappedError;
    }
  }

  /**
   * One VMA piece: the advice that acts on memory acts; the advice that sets flags updates the VMA
   * (split or merge); ENOMEM from a split at the map-count limit becomes EAGAIN.
   */
  @Source(
      file = "mm/madvise.c",
      line = 1019,
      function = "madvise_vma_behavior",
      version = "Linux 6.2")
  private static Piece madviseVmaBehavior(
      MmStruct mm, Vma vma, long start, long end, int behavior) {
    try (Frame f = mm.tracer.enter()) {
      long newFlags = vma.flags;
      switch (behavior) {
        case MADV_REMOVE:
          return madviseRemove(mm, vma, start, end);
        case MADV_WILLNEED:
          return new Piece(0, vma);
        case MADV_COLD:
        case MADV_PAGEOUT:
          return new Piece(canMadvLruVma(vma) ? 0 : EINVAL.result(), vma);
        case MADV_FREE:
        case MADV_DONTNEED:
        case MADV_DONTNEED_LOCKED:
          return madviseDontneedFree(mm, vma, start, end, behavior);
        case MADV_POPULATE_READ:
        case MADV_POPULATE_WRITE:
          return madvisePopulate(mm, vma, behavior);
        case MADV_NORMAL:
          newFlags &= ~(VM_RAND_READ | VM_SEQ_READ);
          break;
        case MADV_SEQUENTIAL:
          newFlags = (newFlags & ~VM_RAND_READ) | VM_SEQ_READ;
          break;
        case MADV_RANDOM:
          newFlags = (newFlags & ~VM_SEQ_READ) | VM_RAND_READ;
          break;
        case MADV_DONTFORK:
          newFlags |= VM_DONTCOPY;
          break;
        case MADV_DOFORK:
          if (vma.has(VM_IO)) {
            return new Piece(EINVAL.result(), null);
          }
          newFlags &= ~VM_DONTCOPY;
          break;
        case MADV_WIPEONFORK:
          if (vma.shmem != null || vma.has(VM_SHARED)) {
            return new Piece(EINVAL.result(), null);
          }
          newFlags |= VM_WIPEONFORK;
          break;
        case MADV_KEEPONFORK:
          newFlags &= ~VM_WIPEONFORK;
          break;
        case MADV_DONTDUMP:
          newFlags |= VM_DONTDUMP;
          break;
        case MADV_DODUMP:
          if (!vma.has(VM_HUGETLB) && (newFlags & VM_SPECIAL) != 0) {
            return new Piece(EINVAL.result(), null);
          }
          newFlags &= ~VM_DONTDUMP;
          break;
        case MADV_MERGEABLE:
          if ((newFlags
                  & (VM_MERGEABLE
                      | VM_SHARED
                      | VM_MAYSHARE
                      | VM_PFNMAP
                      | VM_IO
                      | VmFlags.VM_DONTEXPAND
                      | VM_HUGETLB
                      | VM_MIXEDMAP))
              == 0) {
            newFlags |= VM_MERGEABLE;
          }
          break;
        case MADV_UNMERGEABLE:
          newFlags &= ~VM_MERGEABLE;
          break;
        case MADV_HUGEPAGE:
          newFlags = (newFlags & ~VM_NOHUGEPAGE) | VM_HUGEPAGE;
          break;
        case MADV_NOHUGEPAGE:
          newFlags = (newFlags & ~VM_HUGEPAGE) | VM_NOHUGEPAGE;
          break;
        default:
          throw new IllegalStateException("advice " + behavior + " passed validation");
      }
      Piece piece = madviseUpdateVma(mm, vma, start, end, newFlags);
      if (piece.error() == ENOMEM.result()) {
        f.note("ENOMEM → EAGAIN");
        return new Piece(EAGAIN.result(), piece.prev());
      }
      return piece;
    }
  }

  private static boolean canMadvLruVma(Vma vma) {
    return (vma.flags & (VM_LOCKED | VM_PFNMAP | VM_HUGETLB)) == 0;
  }

  /**
   * MADV_DONTNEED zaps the pages: private anonymous memory reads back as zeros, so its words go;
   * shared memory keeps its words in the object. MADV_FREE needs a private anonymous mapping and
   * frees lazily: with no memory pressure in the model the words stay.
   */
  @Source(
      file = "mm/madvise.c",
      line = 842,
      function = "madvise_dontneed_free",
      version = "Linux 6.2")
  private static Piece madviseDontneedFree(
      MmStruct mm, Vma vma, long start, long end, int behavior) {
    try (Frame f = mm.tracer.enter()) {
      if (!canMadvLruVma(vma) && behavior != MADV_DONTNEED_LOCKED) {
        return new Piece(EINVAL.result(), vma);
      }
      if (behavior == MADV_FREE) {
        return new Piece(vma.shmem != null ? EINVAL.result() : 0, vma);
      }
      if (vma.shmem == null) {
        int dropped = mm.words.clear(start, end);
        if (f.recording()) {
          f.note("dropped %d words", dropped);
        }
      }
      mm.present.clear(start, end);
      return new Piece(0, vma);
    }
  }

  /** MADV_REMOVE punches a hole in a shared writable object; private memory is refused. */
  @Source(file = "mm/madvise.c", line = 969, function = "madvise_remove", version = "Linux 6.2")
  private static Piece madviseRemove(MmStruct mm, Vma vma, long start, long end) {
    try (Frame f = mm.tracer.enter()) {
      if (vma.has(VM_LOCKED)) {
        return new Piece(EINVAL.result(), null);
      }
      if (vma.shmem == null) {
        return new Piece(EINVAL.result(), null);
      }
      if ((vma.flags & (VM_SHARED | VM_WRITE)) != (VM_SHARED | VM_WRITE)) {
        return new Piece(Errno.EACCES.result(), null);
      }
      long off = (vma.pgoff << PAGE_SHIFT) + (start - vma.start);
      vma.shmem.words.clear(off, off + (end - start));
      return new Piece(0, null);
    }
  }

  /** Prefaults the range; a permission mismatch is EINVAL. */
  @Source(file = "mm/madvise.c", line = 908, function = "madvise_populate", version = "Linux 6.2")
  private static Piece madvisePopulate(MmStruct mm, Vma vma, int behavior) {
    try (Frame f = mm.tracer.enter()) {
      boolean write = behavior == MADV_POPULATE_WRITE;
      if (vma.has(VM_IO) || vma.has(VM_PFNMAP)) {
        return new Piece(EINVAL.result(), vma);
      }
      if (write ? !vma.has(VM_WRITE) : !vma.has(VM_READ)) {
        return new Piece(EINVAL.result(), vma);
      }
      if (write && vma.shmem == null) {
        Memory.anonVmaPrepare(mm, vma);
      }
      return new Piece(0, vma);
    }
  }

  /**
   * Sets new flags on [start, end) of a VMA: nothing when equal, else a merge with a neighbour or
   * splits (ENOMEM at the map-count limit).
   */
  @Source(file = "mm/madvise.c", line = 137, function = "madvise_update_vma", version = "Linux 6.2")
  private static Piece madviseUpdateVma(MmStruct mm, Vma vma, long start, long end, long newFlags) {
    try (Frame f = mm.tracer.enter()) {
      if (newFlags == vma.flags) {
        return new Piece(0, vma);
      }
      Vma merged = VmaMerge.vmaMerge(mm, vma, start, end, newFlags);
      if (merged != null) {
        merged.flags = newFlags;
        return new Piece(0, merged);
      }
      if (start != vma.start) {
        if (mm.mapCount() >= mm.env.maxMapCount()) {
          return new Piece(ENOMEM.result(), vma);
        }
        VmaMerge.splitVmaNoCheck(mm, vma, start, true);
      }
      if (end != vma.end) {
        if (mm.mapCount() >= mm.env.maxMapCount()) {
          return new Piece(ENOMEM.result(), vma);
        }
        VmaMerge.splitVmaNoCheck(mm, vma, end, false);
      }
      vma.flags = newFlags;
      return new Piece(0, vma);
    }
  }
}
