package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmStruct.PAGE_MASK;
import static io.github.clonepath.kernel.mm.MmStruct.PAGE_SHIFT;
import static io.github.clonepath.kernel.mm.MmStruct.STACK_GUARD_GAP;
import static io.github.clonepath.kernel.mm.MmStruct.TASK_SIZE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_GROWSDOWN;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SHARED;
import static io.github.clonepath.kernel.mm.VmFlags.VM_WRITE;
import static io.github.clonepath.kernel.syscall.Errno.ENOMEM;
import static io.github.clonepath.kernel.syscall.Errno.EPERM;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserFault;

/**
 * Touching memory: the user fault ({@code arch/x86/mm/fault.c}), stack growth ({@code
 * expand_downwards} in {@code mm/mmap.c}), anon_vma set-up ({@code mm/rmap.c}), populating ({@code
 * mm/gup.c}) and the sparse user words loads and stores read and write.
 */
final class Memory {
  private Memory() {}

  /** Faults the range in: private writable VMAs get their anon_vma, as a write fault would. */
  @Source(file = "mm/gup.c", line = 1602, function = "__mm_populate", version = "Linux 6.2")
  static void mmPopulate(MmStruct mm, long start, long len) {
    try (Frame f = mm.tracer.enter()) {
      for (Vma v : mm.tree.overlapping(start, start + len)) {
        if ((v.flags & (VM_WRITE | VM_SHARED)) == VM_WRITE) {
          anonVmaPrepare(mm, v);
        }
      }
    }
  }

  /**
   * Gives a private VMA its anon_vma on the first write fault, reusing a compatible neighbour's
   * (next first, then prev) when that one is not inherited from a fork, so the two can still merge.
   */
  @Source(file = "mm/rmap.c", line = 187, function = "__anon_vma_prepare", version = "Linux 6.2")
  static void anonVmaPrepare(MmStruct mm, Vma vma) {
    if (vma.anonVma != 0) {
      return;
    }
    try (Frame f = mm.tracer.enter()) {
      long reuse = findMergeableAnonVma(mm, vma);
      vma.anonVma = reuse != 0 ? reuse : ++mm.lastAnonVma;
      vma.anonVmaForked = false;
      if (f.recording()) {
        f.note("anon_vma %d (%s)", vma.anonVma, reuse != 0 ? "reused" : "new");
      }
    }
  }

  private static long findMergeableAnonVma(MmStruct mm, Vma vma) {
    Vma next = mm.tree.next(vma);
    if (next != null) {
      long a = reusableAnonVma(next, vma, next);
      if (a != 0) {
        return a;
      }
    }
    Vma prev = mm.tree.prev(vma);
    return prev != null ? reusableAnonVma(prev, prev, vma) : 0;
  }

  private static long reusableAnonVma(Vma old, Vma a, Vma b) {
    boolean compatible =
        a.end == b.start
            && a.shmem == b.shmem
            && ((a.flags ^ b.flags) & ~VmFlags.VM_ACCESS_FLAGS) == 0
            && b.pgoff == a.pgoff + ((b.start - a.start) >>> PAGE_SHIFT);
    return compatible && old.anonVma != 0 && !old.anonVmaForked ? old.anonVma : 0;
  }

  /**
   * The fault path for a user access: the VMA at addr, or a grows-down VMA above it that can grow
   * down to addr; then the access check (any of R/W/X lets a read through on x86, a write needs
   * VM_WRITE).
   */
  @Source(
      file = "arch/x86/mm/fault.c",
      line = 1250,
      function = "do_user_addr_fault",
      version = "Linux 6.2")
  private static Vma fault(MmStruct mm, long addr, boolean write) {
    try (Frame f = mm.tracer.enter()) {
      Vma vma = mm.tree.find(addr);
      if (vma == null) {
        throw new UserFault(addr, "unmapped");
      }
      if (vma.start > addr) {
        if (!vma.has(VM_GROWSDOWN) || expandDownwards(mm, vma, addr & PAGE_MASK) != 0) {
          throw new UserFault(addr, "unmapped");
        }
      }
      if (write ? !vma.has(VM_WRITE) : (vma.flags & VmFlags.VM_ACCESS_FLAGS) == 0) {
        throw new UserFault(addr, write ? "not writable" : "not readable");
      }
      if (write && vma.shmem == null) {
        anonVmaPrepare(mm, vma);
      }
      return vma;
    }
  }

  /**
   * Grows a grows-down VMA to address: refused below mmap_min_addr, within stack_guard_gap of an
   * accessible VMA below, beyond RLIMIT_STACK or RLIMIT_AS, or when the commit is refused.
   */
  @Source(file = "mm/mmap.c", line = 2002, function = "expand_downwards", version = "Linux 6.2")
  private static long expandDownwards(MmStruct mm, Vma vma, long address) {
    try (Frame f = mm.tracer.enter()) {
      if (address < mm.env.mmapMinAddr()) {
        return EPERM.result();
      }
      Vma prev = mm.tree.prev(vma);
      if (prev != null
          && !prev.has(VM_GROWSDOWN)
          && (prev.flags & VmFlags.VM_ACCESS_FLAGS) != 0
          && address - prev.end < STACK_GUARD_GAP) {
        return ENOMEM.result();
      }
      if (prev != null && prev.end > address) {
        return ENOMEM.result();
      }
      long size = vma.end - address;
      long grow = (vma.start - address) >>> PAGE_SHIFT;
      if (grow > vma.pgoff) {
        return ENOMEM.result();
      }
      long stack = mm.env.rlimitStack();
      if (!Mmap.mayExpandVm(mm, vma.flags, grow)
          || (stack != MmEnvironment.RLIM_INFINITY && size > stack)
          || !mm.env.vmEnoughMemory(grow)) {
        return ENOMEM.result();
      }
      Mmap.vmStatAccount(mm, vma.flags, grow);
      vma.pgoff -= grow;
      mm.tree.growDown(vma, address);
      if (f.recording()) {
        f.note("stack grew by %d pages to 0x%x", grow, address);
      }
      return 0;
    }
  }

  /**
   * A user access: a page the page tables map with enough rights is used directly, as the MMU
   * would; anything else takes the page fault, which maps the page (writable on a write fault).
   */
  private static Vma userAccess(MmStruct mm, long addr, boolean write) {
    long page = addr & PAGE_MASK;
    int present = mm.present.get(page);
    if (present == 1 || present == 0 && !write) {
      Vma v = mm.tree.find(addr);
      if (v != null
          && v.start <= addr
          && (write ? v.has(VM_WRITE) : (v.flags & VmFlags.VM_ACCESS_FLAGS) != 0)) {
        return v;
      }
    }
    Vma v = fault(mm, addr, write);
    mm.present.put(page, write || present == 1);
    return v;
  }

  private static int loadSlot(MmStruct mm, long addr) {
    Vma v = userAccess(mm, addr, false);
    return v.shmem != null ? v.shmem.words.get(shmemOffset(v, addr)) : mm.words.get(addr);
  }

  private static void storeSlot(MmStruct mm, long addr, int value) {
    Vma v = userAccess(mm, addr, true);
    if (v.shmem != null) {
      v.shmem.words.put(shmemOffset(v, addr), value);
    } else {
      mm.words.put(addr, value);
    }
  }

  private static long shmemOffset(Vma v, long addr) {
    return (v.pgoff << PAGE_SHIFT) + (addr - v.start);
  }

  private static void checkAligned(long addr, int size) {
    if ((addr & (size - 1)) != 0) {
      throw new IllegalArgumentException(
          String.format(
              "0x%x is not %d-byte aligned; user words are naturally aligned", addr, size));
    }
  }

  /**
   * Loads a 32-bit word (0 where nothing was stored).
   *
   * @param addr a 4-byte aligned address
   * @return the word
   * @throws UserFault when the address is unmapped or not readable
   */
  static int load32(MmStruct mm, long addr) {
    checkAligned(addr, 4);
    return loadSlot(mm, addr);
  }

  /**
   * Loads a 64-bit word, little-endian.
   *
   * @param addr an 8-byte aligned address
   * @return the word
   * @throws UserFault when the address is unmapped or not readable
   */
  static long load64(MmStruct mm, long addr) {
    checkAligned(addr, 8);
    // an aligned 8-byte access lies in one page: one translation for both halves, as the MMU does
    Vma v = userAccess(mm, addr, false);
    PageWords words = v.shmem != null ? v.shmem.words : mm.words;
    long at = v.shmem != null ? shmemOffset(v, addr) : addr;
    return (words.get(at) & 0xffffffffL) | ((long) words.get(at + 4) << 32);
  }

  /**
   * Stores a 32-bit word.
   *
   * @param addr a 4-byte aligned address
   * @param v the word
   * @throws UserFault when the address is unmapped or not writable
   */
  static void store32(MmStruct mm, long addr, int v) {
    checkAligned(addr, 4);
    storeSlot(mm, addr, v);
  }

  /**
   * Stores a 64-bit word, little-endian.
   *
   * @param addr an 8-byte aligned address
   * @param v the word
   * @throws UserFault when the address is unmapped or not writable
   */
  static void store64(MmStruct mm, long addr, long v) {
    checkAligned(addr, 8);
    // one page, one translation (see load64)
    Vma vma = userAccess(mm, addr, true);
    PageWords words = vma.shmem != null ? vma.shmem.words : mm.words;
    long at = vma.shmem != null ? shmemOffset(vma, addr) : addr;
    words.put(at, (int) v);
    words.put(at + 4, (int) (v >>> 32));
  }

  /**
   * Whether every byte of [addr, addr + len) is mapped with the needed access (no stack growth).
   *
   * @param addr start
   * @param len length in bytes
   * @param write whether writing
   * @return true when a kernel copy would not fault
   */
  static boolean accessOk(MmStruct mm, long addr, long len, boolean write) {
    if (len == 0) {
      return true;
    }
    long end = addr + len;
    if (Long.compareUnsigned(end, addr) < 0 || Long.compareUnsigned(end, TASK_SIZE) > 0) {
      return false;
    }
    long at = addr;
    for (Vma v : mm.tree.overlapping(addr, end)) {
      if (v.start > at) {
        return false;
      }
      if (write ? !v.has(VM_WRITE) : (v.flags & VmFlags.VM_ACCESS_FLAGS) == 0) {
        return false;
      }
      at = v.end;
    }
    return at >= end;
  }
}
