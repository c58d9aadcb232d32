package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmStruct.PAGE_MASK;
import static io.github.clonepath.kernel.mm.MmStruct.PAGE_SHIFT;
import static io.github.clonepath.kernel.mm.MmStruct.calcVmProtBits;
import static io.github.clonepath.kernel.mm.MmStruct.pageAlign;
import static io.github.clonepath.kernel.mm.MmStruct.result;
import static io.github.clonepath.kernel.mm.VmFlags.VM_ACCOUNT;
import static io.github.clonepath.kernel.mm.VmFlags.VM_EXEC;
import static io.github.clonepath.kernel.mm.VmFlags.VM_GROWSDOWN;
import static io.github.clonepath.kernel.mm.VmFlags.VM_LOCKED;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MAYEXEC;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MAYREAD;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MAYSHARE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MAYWRITE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_NOHUGEPAGE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_NORESERVE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SHARED;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SPECIAL;
import static io.github.clonepath.kernel.mm.VmFlags.VM_STACK;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SYNC;
import static io.github.clonepath.kernel.mm.VmFlags.VM_WRITE;
import static io.github.clonepath.kernel.syscall.Errno.EACCES;
import static io.github.clonepath.kernel.syscall.Errno.EBADF;
import static io.github.clonepath.kernel.syscall.Errno.EEXIST;
import static io.github.clonepath.kernel.syscall.Errno.EINVAL;
import static io.github.clonepath.kernel.syscall.Errno.ENOMEM;
import static io.github.clonepath.kernel.syscall.Errno.EOVERFLOW;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.MapFlags;
import org.jspecify.annotations.Nullable;

/**
 * The mmap path of {@code mm/mmap.c} (Linux 6.2): {@code sys_mmap} ({@code
 * arch/x86/kernel/sys_x86_64.c}), {@code vm_mmap_pgoff} ({@code mm/util.c}), {@code do_mmap},
 * {@code mmap_region}, the VM counters, and {@code shmem_zero_setup} ({@code mm/shmem.c}) for
 * shared anonymous maps.
 */
final class Mmap {
  private Mmap() {}

  /**
   * {@code mmap(2)} on x86-64: an unaligned offset is refused before anything else.
   *
   * @param addr hint, or the address for MAP_FIXED
   * @param len length in bytes
   * @param prot PROT_* bits
   * @param flags MAP_* flags
   * @param file the open file the descriptor names, or null (anonymous, or no such descriptor)
   * @param readable whether the file was opened for reading ({@code FMODE_READ})
   * @param off byte offset
   * @return the address or {@code -errno}
   */
  @Source(
      file = "arch/x86/kernel/sys_x86_64.c",
      line = 86,
      function = "sys_mmap",
      version = "Linux 6.2")
  static long mmap(
      MmStruct mm,
      long addr,
      long len,
      int prot,
      int flags,
      @Nullable Object file,
      boolean readable,
      long off) {
    try (Frame f = mm.tracer.enter()) {
      if ((off & ~PAGE_MASK) != 0) {
        return EINVAL.result();
      }
      long r = ksysMmapPgoff(mm, addr, len, prot, flags, file, readable, off >>> PAGE_SHIFT);
      if (f.recording()) {
        f.note("mmap → %s, map_count %d, total_vm %d", result(r), mm.mapCount(), mm.totalVm);
      }
      return r;
    }
  }

  /**
   * Without MAP_ANONYMOUS the mapping needs the descriptor's file (EBADF when there is none);
   * MAP_HUGETLB needs hugetlbfs, which is not modeled.
   *
   * <p>DEVIATION: MAP_HUGETLB is refused with an exception.
   */
  @Source(file = "mm/mmap.c", line = 1419, function = "ksys_mmap_pgoff", version = "Linux 6.2")
  private static long ksysMmapPgoff(
      MmStruct mm,
      long addr,
      long len,
      int prot,
      int flags,
      @Nullable Object file,
      boolean readable,
      long pgoff) {
    try (Frame f = mm.tracer.enter()) {
      if ((flags & MapFlags.MAP_ANONYMOUS) == 0) {
        if (file == null) {
          f.note("no open file behind the descriptor → EBADF");
          return EBADF.result();
        }
      } else {
        file = null;
      }
      if ((flags & MapFlags.MAP_HUGETLB) != 0) {
        throw new IllegalArgumentException(
            "MAP_HUGETLB is not modeled (hugetlbfs); map without it");
      }
      return vmMmapPgoff(mm, addr, len, prot, flags, file, readable, pgoff);
    }
  }

  /** Takes the mmap lock, maps, and populates the range when asked (errors ignored). */
  @Source(file = "mm/util.c", line = 507, function = "vm_mmap_pgoff", version = "Linux 6.2")
  private static long vmMmapPgoff(
      MmStruct mm,
      long addr,
      long len,
      int prot,
      int flags,
      @Nullable Object file,
      boolean readable,
      long pgoff) {
    try (Frame f = mm.tracer.enter()) {
      Mapped m = doMmap(mm, addr, len, prot, flags, file, readable, pgoff);
      if (!Errno.isError(m.addr()) && m.populate() != 0) {
        Memory.mmPopulate(mm, m.addr(), m.populate());
      }
      return m.addr();
    }
  }

  /**
   * The checks and flag translation of mmap, in the kernel's order: zero length, FIXED_NOREPLACE
   * implies FIXED, hint rounded up to mmap_min_addr, length rounded to pages (overflow ENOMEM),
   * pgoff overflow, the map count, the address, NOREPLACE overlap, the mapping type, NORESERVE.
   */
  /**
   * What {@code do_mmap} gives back: the address (or a negated errno) as its return value, and the
   * length to populate, which the real function writes through its {@code populate} pointer.
   */
  private record Mapped(long addr, long populate) {
    static Mapped refused(long error) {
      return new Mapped(error, 0);
    }
  }

  @Source(file = "mm/mmap.c", line = 1239, function = "do_mmap", version = "Linux 6.2")
  private static Mapped doMmap(
      MmStruct mm,
      long addr,
      long len,
      int prot,
      int flags,
      @Nullable Object file,
      boolean readable,
      long pgoff) {
    try (Frame f = mm.tracer.enter()) {
      if (len == 0) {
        return Mapped.refused(EINVAL.result());
      }
      if ((flags & MapFlags.MAP_FIXED_NOREPLACE) != 0) {
        flags |= MapFlags.MAP_FIXED;
      }
      if ((flags & MapFlags.MAP_FIXED) == 0) {
        addr = roundHintToMin(mm, addr);
      }
      len = pageAlign(len);
      if (len == 0) {
        return Mapped.refused(ENOMEM.result());
      }
      if (Long.compareUnsigned(pgoff + (len >>> PAGE_SHIFT), pgoff) < 0) {
        return Mapped.refused(EOVERFLOW.result());
      }
      if (mm.mapCount() > mm.env.maxMapCount()) {
        if (f.recording()) {
          f.note("map_count %d > max_map_count %d", mm.mapCount(), mm.env.maxMapCount());
        }
        return Mapped.refused(ENOMEM.result());
      }
      addr = UnmappedArea.getUnmappedArea(mm, addr, len, pgoff, flags);
      if (Errno.isError(addr)) {
        return Mapped.refused(addr);
      }
      if ((flags & MapFlags.MAP_FIXED_NOREPLACE) != 0
          && !mm.tree.overlapping(addr, addr + len).isEmpty()) {
        return Mapped.refused(EEXIST.result());
      }
      long vmFlags =
          calcVmProtBits(prot) | calcVmFlagBits(mm, flags) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
      if ((flags & MapFlags.MAP_LOCKED) != 0) {
        throw new IllegalArgumentException(
            "MAP_LOCKED is not modeled (mlock accounting); map without it");
      }
      switch (flags & MapFlags.MAP_TYPE) {
        case MapFlags.MAP_SHARED:
          if (file != null) {
            throw new IllegalArgumentException(
                "MAP_SHARED file mappings are not modeled (no page cache); map it MAP_PRIVATE");
          }
          if ((vmFlags & VM_GROWSDOWN) != 0) {
            return Mapped.refused(EINVAL.result());
          }
          pgoff = 0;
          vmFlags |= VM_SHARED | VM_MAYSHARE;
          break;
        case MapFlags.MAP_PRIVATE:
          // a private file mapping keeps the file's offset and needs a readable file; anonymous
          // memory takes its address as its offset
          if (file != null) {
            if (!readable) {
              return Mapped.refused(EACCES.result());
            }
          } else {
            pgoff = addr >>> PAGE_SHIFT;
          }
          break;
        default:
          return Mapped.refused(EINVAL.result());
      }
      if ((flags & MapFlags.MAP_NORESERVE) != 0) {
        vmFlags |= VM_NORESERVE;
      }
      long r = mmapRegion(mm, addr, len, vmFlags, file, pgoff);
      boolean populate =
          !Errno.isError(r)
              && (flags & (MapFlags.MAP_POPULATE | MapFlags.MAP_NONBLOCK)) == MapFlags.MAP_POPULATE;
      return new Mapped(r, populate ? len : 0);
    }
  }

  private static long roundHintToMin(MmStruct mm, long hint) {
    hint &= PAGE_MASK;
    if (hint != 0 && Long.compareUnsigned(hint, mm.env.mmapMinAddr()) < 0) {
      return pageAlign(mm.env.mmapMinAddr());
    }
    return hint;
  }

  /**
   * calc_vm_flag_bits: GROWSDOWN, LOCKED and SYNC become VMA flags; MAP_STACK becomes VM_NOHUGEPAGE
   * when THP is built in (Linux 6.8+, as on the reference kernel).
   */
  private static long calcVmFlagBits(MmStruct mm, int flags) {
    long v = 0;
    if ((flags & MapFlags.MAP_GROWSDOWN) != 0) {
      v |= VM_GROWSDOWN;
    }
    if ((flags & MapFlags.MAP_LOCKED) != 0) {
      v |= VM_LOCKED;
    }
    if ((flags & MapFlags.MAP_SYNC) != 0) {
      v |= VM_SYNC;
    }
    if ((flags & MapFlags.MAP_STACK) != 0 && mm.env.thpEnabled()) {
      v |= VM_NOHUGEPAGE;
    }
    return v;
  }

  /**
   * Creates the mapping: RLIMIT_AS (discounting what MAP_FIXED replaces), the implicit munmap, the
   * commit charge of a private writable mapping (VM_ACCOUNT), a merge with the neighbours, else a
   * new VMA (with its shmem object for MAP_SHARED).
   */
  @Source(file = "mm/mmap.c", line = 2519, function = "mmap_region", version = "Linux 6.2")
  private static long mmapRegion(
      MmStruct mm, long addr, long len, long vmFlags, @Nullable Object file, long pgoff) {
    try (Frame f = mm.tracer.enter()) {
      long end = addr + len;
      long pglen = len >>> PAGE_SHIFT;
      if (!mayExpandVm(mm, vmFlags, pglen)) {
        long nrPages = countVmaPagesRange(mm, addr, end);
        if (!mayExpandVm(mm, vmFlags, pglen - nrPages)) {
          f.note("RLIMIT_AS/RLIMIT_DATA → ENOMEM");
          return ENOMEM.result();
        }
      }
      if (Munmap.doMasMunmap(mm, addr, len) != 0) {
        return ENOMEM.result();
      }
      long charged = 0;
      if (accountableMapping(vmFlags)) {
        charged = pglen;
        if (!mm.env.vmEnoughMemory(charged)) {
          if (f.recording()) {
            f.note("commit of %d pages refused → ENOMEM", charged);
          }
          return ENOMEM.result();
        }
        vmFlags |= VM_ACCOUNT;
      }
      Vma next = mm.tree.find(end);
      Vma prev = mm.tree.below(addr);
      Vma vma = null;
      if ((vmFlags & (VM_SPECIAL | VM_SHARED)) == 0) {
        vma = VmaMerge.vmaMergeNew(mm, prev, next, addr, end, vmFlags, file, pgoff);
      }
      if (vma == null) {
        vma = new Vma(addr, end, vmFlags, pgoff);
        vma.file = file;
        if ((vmFlags & VM_SHARED) != 0) {
          long err = shmemZeroSetup(mm, vma, pglen);
          if (err != 0) {
            mm.env.vmUnacct(charged);
            return err;
          }
        }
        mm.tree.insert(vma);
        if (f.recording()) {
          f.note("new VMA %x-%x, map_count %d", addr, end, mm.mapCount());
        }
      }
      vmStatAccount(mm, vmFlags, pglen);
      return addr;
    }
  }

  /**
   * Creates the shmem object behind a MAP_SHARED anonymous mapping, charging its whole size unless
   * VM_NORESERVE.
   */
  @Source(file = "mm/shmem.c", line = 4283, function = "shmem_zero_setup", version = "Linux 6.2")
  private static long shmemZeroSetup(MmStruct mm, Vma vma, long pages) {
    try (Frame f = mm.tracer.enter()) {
      long charge = vma.has(VM_NORESERVE) ? 0 : pages;
      if (charge != 0 && !mm.env.vmEnoughMemory(charge)) {
        return ENOMEM.result();
      }
      vma.shmem = new Shmem(mm.env.nextShmemIno(), pages, charge);
      vma.shmem.refs = 1;
      if (f.recording()) {
        f.note("shmem ino %d, %d pages charged", vma.shmem.ino, charge);
      }
      return 0;
    }
  }

  /** accountable_mapping: private, writable and not NORESERVE. */
  private static boolean accountableMapping(long vmFlags) {
    return (vmFlags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
  }

  private static long countVmaPagesRange(MmStruct mm, long addr, long end) {
    long n = 0;
    for (Vma v : mm.tree.overlapping(addr, end)) {
      n += (Math.min(v.end, end) - Math.max(v.start, addr)) >>> PAGE_SHIFT;
    }
    return n;
  }

  /**
   * may_expand_vm: RLIMIT_AS on total_vm, and RLIMIT_DATA on data_vm for private writable non-stack
   * mappings.
   */
  @Source(file = "mm/mmap.c", line = 3260, function = "may_expand_vm", version = "Linux 6.2")
  static boolean mayExpandVm(MmStruct mm, long flags, long npages) {
    long as = mm.env.rlimitAs();
    if (as != MmEnvironment.RLIM_INFINITY && mm.totalVm + npages > (as >>> PAGE_SHIFT)) {
      return false;
    }
    long data = mm.env.rlimitData();
    return !(isDataMapping(flags)
        && data != MmEnvironment.RLIM_INFINITY
        && mm.dataVm + npages > (data >>> PAGE_SHIFT));
  }

  private static boolean isDataMapping(long flags) {
    return (flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE;
  }

  /** vm_stat_account: total_vm and the exec/stack/data split. */
  static void vmStatAccount(MmStruct mm, long flags, long npages) {
    mm.totalVm += npages;
    if ((flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC) {
      mm.execVm += npages;
    } else if ((flags & VM_STACK) == VM_STACK) {
      mm.stackVm += npages;
    } else if (isDataMapping(flags)) {
      mm.dataVm += npages;
    }
  }
}
