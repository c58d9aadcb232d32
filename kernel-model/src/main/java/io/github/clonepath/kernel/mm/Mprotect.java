package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmStruct.PAGE_MASK;
import static io.github.clonepath.kernel.mm.MmStruct.PAGE_SHIFT;
import static io.github.clonepath.kernel.mm.MmStruct.calcVmProtBits;
import static io.github.clonepath.kernel.mm.MmStruct.pageAlign;
import static io.github.clonepath.kernel.mm.MmStruct.result;
import static io.github.clonepath.kernel.mm.VmFlags.VM_ACCOUNT;
import static io.github.clonepath.kernel.mm.VmFlags.VM_GROWSDOWN;
import static io.github.clonepath.kernel.mm.VmFlags.VM_HUGETLB;
import static io.github.clonepath.kernel.mm.VmFlags.VM_NORESERVE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SHARED;
import static io.github.clonepath.kernel.mm.VmFlags.VM_WRITE;
import static io.github.clonepath.kernel.syscall.Errno.EINVAL;
import static io.github.clonepath.kernel.syscall.Errno.ENOMEM;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Prot;

/** {@code mm/mprotect.c}: {@code do_mprotect_pkey} and {@code mprotect_fixup}. */
final class Mprotect {
  private Mprotect() {}

  /**
   * {@code mprotect(2)}: the checks in the kernel's order, then each VMA of the range in turn; a
   * hole ends the walk with ENOMEM and leaves the VMAs before it changed.
   *
   * @param start page-aligned start
   * @param len length, rounded up to pages
   * @param prot PROT_* bits (PROT_GROWSDOWN extends the range to the VMA's start)
   * @return 0 or {@code -errno}
   */
  @Source(file = "mm/mprotect.c", line = 671, function = "do_mprotect_pkey", version = "Linux 6.2")
  static long mprotect(MmStruct mm, long start, long len, int prot) {
    try (Frame f = mm.tracer.enter()) {
      long r = doMprotectPkey(mm, start, len, prot);
      if (f.recording()) {
        f.note("mprotect → %s, map_count %d", result(r), mm.mapCount());
      }
      return r;
    }
  }

  private static long doMprotectPkey(MmStruct mm, long start, long len, int prot) {
    int grows = prot & (Prot.PROT_GROWSDOWN | Prot.PROT_GROWSUP);
    prot &= ~(Prot.PROT_GROWSDOWN | Prot.PROT_GROWSUP);
    if (grows == (Prot.PROT_GROWSDOWN | Prot.PROT_GROWSUP)) {
      return EINVAL.result();
    }
    if ((start & ~PAGE_MASK) != 0) {
      return EINVAL.result();
    }
    if (len == 0) {
      return 0;
    }
    len = pageAlign(len);
    long end = start + len;
    if (Long.compareUnsigned(end, start) <= 0) {
      return ENOMEM.result();
    }
    if ((prot & ~(Prot.PROT_READ | Prot.PROT_WRITE | Prot.PROT_EXEC | Prot.PROT_SEM)) != 0) {
      return EINVAL.result();
    }
    Vma vma = mm.tree.find(start);
    if (vma == null) {
      return ENOMEM.result();
    }
    if ((grows & Prot.PROT_GROWSDOWN) != 0) {
      if (vma.start >= end) {
        return ENOMEM.result();
      }
      start = vma.start;
      if (!vma.has(VM_GROWSDOWN)) {
        return EINVAL.result();
      }
    } else {
      if (vma.start > start) {
        return ENOMEM.result();
      }
      if ((grows & Prot.PROT_GROWSUP) != 0) {
        return EINVAL.result();
      }
    }
    long nstart = start;
    while (true) {
      long newFlags = calcVmProtBits(prot) | (vma.flags & ~VmFlags.VM_ACCESS_FLAGS);
      if ((newFlags & ~(newFlags >>> 4) & VmFlags.VM_ACCESS_FLAGS) != 0) {
        return Errno.EACCES.result();
      }
      long tmp = Math.min(vma.end, end);
      Vma[] pprev = new Vma[1];
      long error = mprotectFixup(mm, vma, pprev, nstart, tmp, newFlags);
      if (error != 0) {
        return error;
      }
      nstart = Math.max(tmp, pprev[0].end);
      if (nstart >= end) {
        return 0;
      }
      vma = mm.tree.find(pprev[0].end);
      if (vma == null || vma.start != nstart) {
        return ENOMEM.result();
      }
    }
  }

  /**
   * Changes the flags of [start, end) inside one VMA: charges the commit when a private mapping
   * first becomes writable (VM_ACCOUNT), drops it when an untouched anonymous mapping becomes
   * read-only (6.8+), then merges with a neighbour or splits off the range.
   */
  @Source(file = "mm/mprotect.c", line = 556, function = "mprotect_fixup", version = "Linux 6.2")
  private static long mprotectFixup(
      MmStruct mm, Vma vma, Vma[] pprev, long start, long end, long newFlags) {
    try (Frame f = mm.tracer.enter()) {
      long oldFlags = vma.flags;
      if (newFlags == oldFlags) {
        pprev[0] = vma;
        return 0;
      }
      long nrpages = (end - start) >>> PAGE_SHIFT;
      long charged = 0;
      if ((newFlags & VM_WRITE) != 0) {
        if (!Mmap.mayExpandVm(mm, newFlags, nrpages) && Mmap.mayExpandVm(mm, oldFlags, nrpages)) {
          return ENOMEM.result();
        }
        if ((oldFlags & (VM_ACCOUNT | VM_WRITE | VM_HUGETLB | VM_SHARED | VM_NORESERVE)) == 0) {
          charged = nrpages;
          if (!mm.env.vmEnoughMemory(charged)) {
            if (f.recording()) {
              f.note("commit of %d pages refused → ENOMEM", charged);
            }
            return ENOMEM.result();
          }
          newFlags |= VM_ACCOUNT;
        }
      } else if ((oldFlags & VM_ACCOUNT) != 0 && vma.shmem == null && vma.anonVma == 0) {
        newFlags &= ~VM_ACCOUNT;
      }
      Vma merged = VmaMerge.vmaMerge(mm, vma, start, end, newFlags);
      if (merged != null) {
        vma = merged;
      } else {
        if (start != vma.start) {
          long err = VmaMerge.splitVma(mm, vma, start, true);
          if (err != 0) {
            mm.env.vmUnacct(charged);
            pprev[0] = vma;
            return err;
          }
        }
        if (end != vma.end) {
          long err = VmaMerge.splitVma(mm, vma, end, false);
          if (err != 0) {
            mm.env.vmUnacct(charged);
            pprev[0] = vma;
            return err;
          }
        }
      }
      pprev[0] = vma;
      vma.flags = newFlags;
      if ((oldFlags & VM_ACCOUNT) != 0 && (newFlags & VM_ACCOUNT) == 0) {
        mm.env.vmUnacct(nrpages);
      }
      Mmap.vmStatAccount(mm, oldFlags, -nrpages);
      Mmap.vmStatAccount(mm, newFlags, nrpages);
      if (f.recording()) {
        f.note("%x-%x flags %x→%x", start, end, oldFlags, newFlags);
      }
      return 0;
    }
  }
}
