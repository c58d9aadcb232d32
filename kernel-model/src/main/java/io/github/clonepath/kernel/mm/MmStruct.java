package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.VmFlags.VM_ACCOUNT;
import static io.github.clonepath.kernel.mm.VmFlags.VM_DONTCOPY;
import static io.github.clonepath.kernel.mm.VmFlags.VM_DONTDUMP;
import static io.github.clonepath.kernel.mm.VmFlags.VM_EXEC;
import static io.github.clonepath.kernel.mm.VmFlags.VM_GROWSDOWN;
import static io.github.clonepath.kernel.mm.VmFlags.VM_HUGEPAGE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_HUGETLB;
import static io.github.clonepath.kernel.mm.VmFlags.VM_IO;
import static io.github.clonepath.kernel.mm.VmFlags.VM_LOCKED;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MAYEXEC;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MAYREAD;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MAYSHARE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MAYWRITE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MERGEABLE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MIXEDMAP;
import static io.github.clonepath.kernel.mm.VmFlags.VM_NOHUGEPAGE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_NORESERVE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_PFNMAP;
import static io.github.clonepath.kernel.mm.VmFlags.VM_RAND_READ;
import static io.github.clonepath.kernel.mm.VmFlags.VM_READ;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SEQ_READ;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SHARED;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SPECIAL;
import static io.github.clonepath.kernel.mm.VmFlags.VM_STACK;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SYNC;
import static io.github.clonepath.kernel.mm.VmFlags.VM_WIPEONFORK;
import static io.github.clonepath.kernel.mm.VmFlags.VM_WRITE;
import static io.github.clonepath.kernel.syscall.Errno.EAGAIN;
import static io.github.clonepath.kernel.syscall.Errno.EBADF;
import static io.github.clonepath.kernel.syscall.Errno.EEXIST;
import static io.github.clonepath.kernel.syscall.Errno.EINVAL;
import static io.github.clonepath.kernel.syscall.Errno.ENOMEM;
import static io.github.clonepath.kernel.syscall.Errno.EOVERFLOW;
import static io.github.clonepath.kernel.syscall.Errno.EPERM;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.common.Tracer;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Madvise;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.UserFault;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One address space ({@code mm_struct}) on x86-64: its VMAs, counters, layout, commit charge and
 * the sparse words user space and kernel exchange.
 *
 * <p>The system calls return the kernel's raw result (a value or {@code -errno}) and check their
 * arguments in the kernel's order. Addresses above 2^47 (5-level paging) are not modeled.
 */
public final class MmStruct {
  static final int PAGE_SHIFT = 12;

  /** Bytes per page. */
  public static final long PAGE_SIZE = 1L << PAGE_SHIFT;

  static final long PAGE_MASK = ~(PAGE_SIZE - 1);

  /** The top of user space with 4-level paging: 2^47 - 4096. */
  public static final long TASK_SIZE = 0x7ffffffff000L;

  /** stack_guard_gap: 256 pages kept free below a grows-down VMA. */
  public static final long STACK_GUARD_GAP = 256 * PAGE_SIZE;

  static final long SIZE_128M = 128L << 20;
  static final long PMD_SIZE = 2L << 20;
  static final int MMAP_RND_BITS = 28;
  static final long STACK_RND_MASK = 0x3fffffL;
  static final long MAP_32BIT_BEGIN = 0x40000000L;
  static final long MAP_32BIT_END = 0x80000000L;

  private final MmEnvironment env;
  private final Tracer tracer;
  private final VmaTree tree = new VmaTree(TASK_SIZE);
  private final TreeMap<Long, Integer> words = new TreeMap<>();

  /**
   * The pages this mm's page tables map, by page address: true when mapped writable, false when
   * read-only (the zero page after a read fault, or copy-on-write after a fork). An access to a
   * page mapped with enough rights costs no fault; any other access goes through {@link #fault}.
   */
  private final TreeMap<Long, Boolean> present = new TreeMap<>();

  private final long mmapBase;
  private final long mmapLegacyBase;
  private int mmUsers = 1;
  private int mmCount = 1;
  private long totalVm;
  private long dataVm;
  private long execVm;
  private long stackVm;
  private long lastAnonVma;
  private long startStack;
  private final int id;

  /**
   * An empty address space with ASLR off: mm_users = 1, mm_count = 1, {@code mmap_base} from the
   * stack limit (0x7ffff7fff000 for 8 MiB).
   *
   * @param env limits, sysctls and commit charge
   */
  public MmStruct(MmEnvironment env) {
    this(env, 0, false);
  }

  /**
   * An empty address space with randomised {@code mmap_base}, as with ASLR on.
   *
   * @param env limits, sysctls and commit charge
   * @param aslrSeed seed of the 28-bit mmap randomisation
   */
  public MmStruct(MmEnvironment env, long aslrSeed) {
    this(env, new SplittableRandom(aslrSeed).nextLong(), true);
  }

  private MmStruct(MmEnvironment env, long random, boolean randomize) {
    this.env = env;
    this.tracer = env.tracer();
    this.id = env.nextMmId();
    long rnd = randomize ? archMmapRnd(random) : 0;
    this.mmapBase = mmapBase(rnd, TASK_SIZE, env.rlimitStack(), randomize);
    this.mmapLegacyBase = pageAlign(TASK_SIZE / 3) + rnd;
  }

  private MmStruct(MmStruct parent, MmEnvironment env) {
    this.env = env;
    this.tracer = env.tracer();
    this.id = env.nextMmId();
    this.mmapBase = parent.mmapBase;
    this.mmapLegacyBase = parent.mmapLegacyBase;
    this.lastAnonVma = parent.lastAnonVma;
    this.startStack = parent.startStack;
  }

  // ---------------------------------------------------------------- layout

  /** arch_rnd: 28 random bits of pages. */
  private static long archMmapRnd(long random) {
    return (random & ((1L << MMAP_RND_BITS) - 1)) << PAGE_SHIFT;
  }

  /**
   * Places the top of the mmap area below the stack: the stack limit plus the guard gap (plus the
   * stack's own randomisation range when randomising), clamped to [128 MiB, 5/6 of the task size],
   * minus the mmap randomisation.
   */
  @Source(file = "arch/x86/mm/mmap.c", line = 82, function = "mmap_base", version = "Linux 6.2")
  static long mmapBase(long rnd, long taskSize, long rlimitStack, boolean randomize) {
    long gap = rlimitStack;
    long pad = (randomize ? STACK_RND_MASK << PAGE_SHIFT : 0) + STACK_GUARD_GAP;
    if (Long.compareUnsigned(gap + pad, gap) > 0) {
      gap += pad;
    }
    long gapMin = SIZE_128M;
    long gapMax = (taskSize / 6) * 5;
    if (Long.compareUnsigned(gap, gapMin) < 0) {
      gap = gapMin;
    } else if (Long.compareUnsigned(gap, gapMax) > 0) {
      gap = gapMax;
    }
    return pageAlign(taskSize - gap - rnd);
  }

  static long pageAlign(long x) {
    return (x + PAGE_SIZE - 1) & PAGE_MASK;
  }

  /**
   * The top of the top-down mmap area.
   *
   * @return mmap_base
   */
  public long mmapBase() {
    return mmapBase;
  }

  /**
   * The start of the bottom-up area (TASK_UNMAPPED_BASE plus randomisation).
   *
   * @return mmap_legacy_base
   */
  public long mmapLegacyBase() {
    return mmapLegacyBase;
  }

  /**
   * The address space's identity, as its environment numbered it.
   *
   * @return the number from {@link MmEnvironment#nextMmId()}
   */
  public int id() {
    return id;
  }

  /**
   * {@code mm->start_stack}: the main thread's initial stack pointer, which execve records; the VMA
   * containing it is the one {@code /proc/PID/maps} names {@code [stack]}. A fork copies it.
   *
   * @return the address, 0 when no program was loaded into this address space
   */
  public long startStack() {
    return startStack;
  }

  /**
   * Records the main thread's initial stack pointer, as execve's {@code setup_arg_pages} does.
   *
   * @param sp an address inside the main stack VMA
   */
  public void setStartStack(long sp) {
    this.startStack = sp;
  }

  // ---------------------------------------------------------------- mmap

  /**
   * {@code mmap(2)} on x86-64: an unaligned offset is refused before anything else.
   *
   * @param addr hint, or the address for MAP_FIXED
   * @param len length in bytes
   * @param prot PROT_* bits
   * @param flags MAP_* flags
   * @param fd descriptor; file mappings are not modeled (EBADF)
   * @param off byte offset
   * @return the address or {@code -errno}
   */
  @Source(
      file = "arch/x86/kernel/sys_x86_64.c",
      line = 86,
      function = "sys_mmap",
      version = "Linux 6.2")
  public long mmap(long addr, long len, int prot, int flags, int fd, long off) {
    try (Frame f = tracer.enter()) {
      if ((off & ~PAGE_MASK) != 0) {
        return EINVAL.result();
      }
      long r = ksysMmapPgoff(addr, len, prot, flags, fd, off >>> PAGE_SHIFT);
      f.note("mmap → %s, map_count %d, total_vm %d", result(r), mapCount(), totalVm);
      return r;
    }
  }

  /**
   * Looks up the file for a file mapping; without MAP_ANONYMOUS there is no file in the model, so
   * every descriptor is "not open". MAP_HUGETLB needs hugetlbfs, which is not modeled.
   *
   * <p>DEVIATION: file-backed mappings are not modeled (EBADF for any fd); MAP_HUGETLB is refused
   * with an exception.
   */
  @Source(file = "mm/mmap.c", line = 1419, function = "ksys_mmap_pgoff", version = "Linux 6.2")
  private long ksysMmapPgoff(long addr, long len, int prot, int flags, int fd, long pgoff) {
    try (Frame f = tracer.enter()) {
      if ((flags & MapFlags.MAP_ANONYMOUS) == 0) {
        f.note("fd %d: no file mappings in the model → EBADF", fd);
        return EBADF.result();
      }
      if ((flags & MapFlags.MAP_HUGETLB) != 0) {
        throw new IllegalArgumentException(
            "MAP_HUGETLB is not modeled (hugetlbfs); map without it");
      }
      return vmMmapPgoff(addr, len, prot, flags, pgoff);
    }
  }

  /** Takes the mmap lock, maps, and populates the range when asked (errors ignored). */
  @Source(file = "mm/util.c", line = 507, function = "vm_mmap_pgoff", version = "Linux 6.2")
  private long vmMmapPgoff(long addr, long len, int prot, int flags, long pgoff) {
    try (Frame f = tracer.enter()) {
      long[] populate = new long[1];
      long r = doMmap(addr, len, prot, flags, pgoff, populate);
      if (!Errno.isError(r) && populate[0] != 0) {
        mmPopulate(r, populate[0]);
      }
      return r;
    }
  }

  /**
   * The checks and flag translation of mmap, in the kernel's order: zero length, FIXED_NOREPLACE
   * implies FIXED, hint rounded up to mmap_min_addr, length rounded to pages (overflow ENOMEM),
   * pgoff overflow, the map count, the address, NOREPLACE overlap, the mapping type, NORESERVE.
   */
  @Source(file = "mm/mmap.c", line = 1239, function = "do_mmap", version = "Linux 6.2")
  private long doMmap(long addr, long len, int prot, int flags, long pgoff, long[] populate) {
    try (Frame f = tracer.enter()) {
      if (len == 0) {
        return EINVAL.result();
      }
      if ((flags & MapFlags.MAP_FIXED_NOREPLACE) != 0) {
        flags |= MapFlags.MAP_FIXED;
      }
      if ((flags & MapFlags.MAP_FIXED) == 0) {
        addr = roundHintToMin(addr);
      }
      len = pageAlign(len);
      if (len == 0) {
        return ENOMEM.result();
      }
      if (Long.compareUnsigned(pgoff + (len >>> PAGE_SHIFT), pgoff) < 0) {
        return EOVERFLOW.result();
      }
      if (mapCount() > env.maxMapCount()) {
        f.note("map_count %d > max_map_count %d", mapCount(), env.maxMapCount());
        return ENOMEM.result();
      }
      addr = getUnmappedArea(addr, len, pgoff, flags);
      if (Errno.isError(addr)) {
        return addr;
      }
      if ((flags & MapFlags.MAP_FIXED_NOREPLACE) != 0
          && !tree.overlapping(addr, addr + len).isEmpty()) {
        return EEXIST.result();
      }
      long vmFlags =
          calcVmProtBits(prot) | calcVmFlagBits(flags) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
      if ((flags & MapFlags.MAP_LOCKED) != 0) {
        throw new IllegalArgumentException(
            "MAP_LOCKED is not modeled (mlock accounting); map without it");
      }
      switch (flags & MapFlags.MAP_TYPE) {
        case MapFlags.MAP_SHARED:
          if ((vmFlags & VM_GROWSDOWN) != 0) {
            return EINVAL.result();
          }
          pgoff = 0;
          vmFlags |= VM_SHARED | VM_MAYSHARE;
          break;
        case MapFlags.MAP_PRIVATE:
          pgoff = addr >>> PAGE_SHIFT;
          break;
        default:
          return EINVAL.result();
      }
      if ((flags & MapFlags.MAP_NORESERVE) != 0) {
        vmFlags |= VM_NORESERVE;
      }
      long r = mmapRegion(addr, len, vmFlags, pgoff);
      if (!Errno.isError(r)
          && (flags & (MapFlags.MAP_POPULATE | MapFlags.MAP_NONBLOCK)) == MapFlags.MAP_POPULATE) {
        populate[0] = len;
      }
      return r;
    }
  }

  private long roundHintToMin(long hint) {
    hint &= PAGE_MASK;
    if (hint != 0 && Long.compareUnsigned(hint, env.mmapMinAddr()) < 0) {
      return pageAlign(env.mmapMinAddr());
    }
    return hint;
  }

  /** calc_vm_prot_bits: R/W/X map to VM_READ/WRITE/EXEC; other bits are ignored by mmap. */
  static long calcVmProtBits(int prot) {
    return prot & (Prot.PROT_READ | Prot.PROT_WRITE | Prot.PROT_EXEC);
  }

  /**
   * calc_vm_flag_bits: GROWSDOWN, LOCKED and SYNC become VMA flags; MAP_STACK becomes VM_NOHUGEPAGE
   * when THP is built in (Linux 6.8+, as on the reference kernel).
   */
  private long calcVmFlagBits(int flags) {
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
    if ((flags & MapFlags.MAP_STACK) != 0 && env.thpEnabled()) {
      v |= VM_NOHUGEPAGE;
    }
    return v;
  }

  /**
   * Chooses the address: checks the length against the task size, lets the layout pick (THP
   * alignment for anonymous private lengths that are a multiple of 2 MiB, since 6.7), then checks
   * the end, the alignment (MAP_FIXED) and mmap_min_addr ({@code security_mmap_addr}, i.e. {@code
   * cap_mmap_addr}: EPERM below it unless the caller holds CAP_SYS_RAWIO; no LSM with its own
   * minimum is modeled).
   */
  @Source(file = "mm/mmap.c", line = 1758, function = "get_unmapped_area", version = "Linux 6.2")
  private long getUnmappedArea(long addr, long len, long pgoff, int flags) {
    try (Frame f = tracer.enter()) {
      if (Long.compareUnsigned(len, TASK_SIZE) > 0) {
        return ENOMEM.result();
      }
      long r;
      if ((flags & MapFlags.MAP_SHARED) != 0) {
        r = mmGetUnmappedArea(addr, len, 0, flags);
      } else if (env.thpEnabled() && addr == 0 && len % PMD_SIZE == 0) {
        r = thpGetUnmappedArea(addr, len, pgoff, flags);
      } else {
        r = mmGetUnmappedArea(addr, len, pgoff, flags);
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
      if (r < env.mmapMinAddr()) {
        if (!env.capSysRawio()) {
          f.note("0x%x below mmap_min_addr 0x%x → EPERM", r, env.mmapMinAddr());
          return EPERM.result();
        }
        f.note("0x%x below mmap_min_addr 0x%x allowed (CAP_SYS_RAWIO)", r, env.mmapMinAddr());
      }
      f.note("address 0x%x", r);
      return r;
    }
  }

  private long mmGetUnmappedArea(long addr, long len, long pgoff, int flags) {
    return env.legacyVaLayout()
        ? archGetUnmappedArea(addr, len, pgoff, flags)
        : archGetUnmappedAreaTopdown(addr, len, pgoff, flags);
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
  private long thpGetUnmappedArea(long addr, long len, long pgoff, int flags) {
    try (Frame f = tracer.enter()) {
      long off = pgoff << PAGE_SHIFT;
      long lenPad = len + PMD_SIZE;
      if (Long.compareUnsigned(lenPad, len) < 0 || Long.compareUnsigned(off + lenPad, off) < 0) {
        return mmGetUnmappedArea(addr, len, pgoff, flags);
      }
      long ret = mmGetUnmappedArea(0, lenPad, pgoff, flags);
      if (Errno.isError(ret) || Long.compareUnsigned(ret, TASK_SIZE - lenPad) > 0) {
        return mmGetUnmappedArea(addr, len, pgoff, flags);
      }
      long offSub = (off - ret) & (PMD_SIZE - 1);
      if (!env.legacyVaLayout() && offSub == 0) {
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
  private long archGetUnmappedAreaTopdown(long addr0, long len, long pgoff, int flags) {
    try (Frame f = tracer.enter()) {
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
            Vma vma = tree.find(addr);
            if (vma == null || addr + len <= VmaTree.startGap(vma)) {
              f.note("hint 0x%x is free", addr);
              return addr;
            }
          }
        }
        long r = vmUnmappedArea(true, len, PAGE_SIZE, mmapBase);
        if (!Errno.isError(r)) {
          return r;
        }
      }
      return archGetUnmappedArea(addr0, len, pgoff, flags);
    }
  }

  /** Bottom-up placement from the legacy base (or in [1 GiB, 2 GiB) for MAP_32BIT). */
  @Source(
      file = "arch/x86/kernel/sys_x86_64.c",
      line = 122,
      function = "arch_get_unmapped_area",
      version = "Linux 6.2")
  private long archGetUnmappedArea(long addr, long len, long pgoff, int flags) {
    try (Frame f = tracer.enter()) {
      if ((flags & MapFlags.MAP_FIXED) != 0) {
        return addr;
      }
      boolean low32 = (flags & MapFlags.MAP_32BIT) != 0;
      long begin = low32 ? MAP_32BIT_BEGIN : mmapLegacyBase;
      long end = low32 ? MAP_32BIT_END : TASK_SIZE;
      if (Long.compareUnsigned(len, end) > 0) {
        return ENOMEM.result();
      }
      if (addr != 0) {
        addr = pageAlign(addr);
        Vma vma = tree.find(addr);
        if (Long.compareUnsigned(end - len, addr) >= 0
            && (vma == null || addr + len <= VmaTree.startGap(vma))) {
          return addr;
        }
      }
      return vmUnmappedArea(false, len, begin, end);
    }
  }

  /** Searches the gaps: the highest (top-down) or lowest fitting one in [low, high). */
  @Source(file = "mm/mmap.c", line = 1624, function = "vm_unmapped_area", version = "Linux 6.2")
  private long vmUnmappedArea(boolean topdown, long len, long low, long high) {
    try (Frame f = tracer.enter()) {
      long r = topdown ? tree.topDown(len, low, high) : tree.bottomUp(len, low, high);
      if (r < 0) {
        f.note("no gap of %d bytes in [0x%x, 0x%x)", len, low, high);
        return ENOMEM.result();
      }
      return r;
    }
  }

  /**
   * Creates the mapping: RLIMIT_AS (discounting what MAP_FIXED replaces), the implicit munmap, the
   * commit charge of a private writable mapping (VM_ACCOUNT), a merge with the neighbours, else a
   * new VMA (with its shmem object for MAP_SHARED).
   */
  @Source(file = "mm/mmap.c", line = 2519, function = "mmap_region", version = "Linux 6.2")
  private long mmapRegion(long addr, long len, long vmFlags, long pgoff) {
    try (Frame f = tracer.enter()) {
      long end = addr + len;
      long pglen = len >>> PAGE_SHIFT;
      if (!mayExpandVm(vmFlags, pglen)) {
        long nrPages = countVmaPagesRange(addr, end);
        if (!mayExpandVm(vmFlags, pglen - nrPages)) {
          f.note("RLIMIT_AS/RLIMIT_DATA → ENOMEM");
          return ENOMEM.result();
        }
      }
      if (doMasMunmap(addr, len) != 0) {
        return ENOMEM.result();
      }
      long charged = 0;
      if (accountableMapping(vmFlags)) {
        charged = pglen;
        if (!env.vmEnoughMemory(charged)) {
          f.note("commit of %d pages refused → ENOMEM", charged);
          return ENOMEM.result();
        }
        vmFlags |= VM_ACCOUNT;
      }
      Vma next = tree.find(end);
      Vma prev = tree.below(addr);
      Vma vma = null;
      if ((vmFlags & (VM_SPECIAL | VM_SHARED)) == 0) {
        vma = vmaMergeNew(prev, next, addr, end, vmFlags, pgoff);
      }
      if (vma == null) {
        vma = new Vma(addr, end, vmFlags, pgoff);
        if ((vmFlags & VM_SHARED) != 0) {
          long err = shmemZeroSetup(vma, pglen);
          if (err != 0) {
            env.vmUnacct(charged);
            return err;
          }
        }
        tree.insert(vma);
        f.note("new VMA %x-%x, map_count %d", addr, end, mapCount());
      }
      vmStatAccount(vmFlags, pglen);
      return addr;
    }
  }

  /**
   * Creates the shmem object behind a MAP_SHARED anonymous mapping, charging its whole size unless
   * VM_NORESERVE.
   */
  @Source(file = "mm/shmem.c", line = 4283, function = "shmem_zero_setup", version = "Linux 6.2")
  private long shmemZeroSetup(Vma vma, long pages) {
    try (Frame f = tracer.enter()) {
      long charge = vma.has(VM_NORESERVE) ? 0 : pages;
      if (charge != 0 && !env.vmEnoughMemory(charge)) {
        return ENOMEM.result();
      }
      vma.shmem = new Shmem(env.nextShmemIno(), pages, charge);
      vma.shmem.refs = 1;
      f.note("shmem ino %d, %d pages charged", vma.shmem.ino, charge);
      return 0;
    }
  }

  /** accountable_mapping: private, writable and not NORESERVE. */
  private static boolean accountableMapping(long vmFlags) {
    return (vmFlags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
  }

  private long countVmaPagesRange(long addr, long end) {
    long n = 0;
    for (Vma v : tree.overlapping(addr, end)) {
      n += (Math.min(v.end, end) - Math.max(v.start, addr)) >>> PAGE_SHIFT;
    }
    return n;
  }

  /**
   * may_expand_vm: RLIMIT_AS on total_vm, and RLIMIT_DATA on data_vm for private writable non-stack
   * mappings.
   */
  @Source(file = "mm/mmap.c", line = 3260, function = "may_expand_vm", version = "Linux 6.2")
  boolean mayExpandVm(long flags, long npages) {
    long as = env.rlimitAs();
    if (as != MmEnvironment.RLIM_INFINITY && totalVm + npages > (as >>> PAGE_SHIFT)) {
      return false;
    }
    long data = env.rlimitData();
    return !(isDataMapping(flags)
        && data != MmEnvironment.RLIM_INFINITY
        && dataVm + npages > (data >>> PAGE_SHIFT));
  }

  private static boolean isDataMapping(long flags) {
    return (flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE;
  }

  /** vm_stat_account: total_vm and the exec/stack/data split. */
  private void vmStatAccount(long flags, long npages) {
    totalVm += npages;
    if ((flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC) {
      execVm += npages;
    } else if ((flags & VM_STACK) == VM_STACK) {
      stackVm += npages;
    } else if (isDataMapping(flags)) {
      dataVm += npages;
    }
  }

  /** Faults the range in: private writable VMAs get their anon_vma, as a write fault would. */
  @Source(file = "mm/gup.c", line = 1602, function = "__mm_populate", version = "Linux 6.2")
  private void mmPopulate(long start, long len) {
    try (Frame f = tracer.enter()) {
      for (Vma v : tree.overlapping(start, start + len)) {
        if ((v.flags & (VM_WRITE | VM_SHARED)) == VM_WRITE) {
          anonVmaPrepare(v);
        }
      }
    }
  }

  // ---------------------------------------------------------------- merge

  /** is_mergeable_vma: equal flags, same object. */
  private static boolean isMergeableVma(Vma v, long flags, Shmem file) {
    return v.flags == flags && v.shmem == file;
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

  private static boolean canVmaMergeAfter(Vma prev, long flags, long anon, Shmem file, long pgoff) {
    return isMergeableVma(prev, flags, file)
        && isMergeableAnonVma(anon, prev.anonVma, prev)
        && prev.pgoff + prev.pages() == pgoff;
  }

  private static boolean canVmaMergeBefore(
      Vma next, long flags, long anon, Shmem file, long pgoffEnd) {
    return isMergeableVma(next, flags, file)
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
  private Vma vmaMergeNew(Vma prev, Vma next, long addr, long end, long flags, long pgoff) {
    try (Frame f = tracer.enter()) {
      long pglen = (end - addr) >>> PAGE_SHIFT;
      boolean left =
          prev != null && prev.end == addr && canVmaMergeAfter(prev, flags, 0, null, pgoff);
      boolean right =
          next != null
              && next.start == end
              && canVmaMergeBefore(next, flags, 0, null, pgoff + pglen)
              && (!left || isMergeableAnonVma(prev.anonVma, next.anonVma, null));
      if (left) {
        tree.insert(new Vma(addr, end, flags, pgoff));
        tree.unlinkMerged(tree.find(addr));
        prev.end = end;
        if (right) {
          absorbNext(prev, next);
        }
        f.note("expanded prev to %x-%x", prev.start, prev.end);
        return prev;
      }
      if (right) {
        tree.insert(new Vma(addr, end, flags, pgoff));
        tree.unlinkMerged(tree.find(addr));
        long old = next.start;
        next.start = addr;
        next.pgoff = pgoff;
        tree.moved(next, old);
        f.note("expanded next to %x-%x", next.start, next.end);
        return next;
      }
      return null;
    }
  }

  private void absorbNext(Vma into, Vma next) {
    tree.unlinkMerged(next);
    into.end = next.end;
    if (into.anonVma == 0) {
      into.anonVma = next.anonVma;
      into.anonVmaForked = next.anonVmaForked;
    }
    removeVmaRef(next);
  }

  /**
   * vma_merge for a range [start, end) of an existing VMA whose flags are changing: it joins the
   * previous VMA when it starts the VMA and the next when it ends it (both only when their
   * anon_vmas agree); the VMA itself shrinks or disappears.
   *
   * @return the VMA now covering the range, or null when nothing merged
   */
  @Source(file = "mm/mmap.c", line = 999, function = "vma_merge", version = "Linux 6.2")
  private Vma vmaMerge(Vma vma, long start, long end, long newFlags) {
    try (Frame f = tracer.enter()) {
      if ((newFlags & VM_SPECIAL) != 0) {
        return null;
      }
      long pgoff = vma.pgoff + ((start - vma.start) >>> PAGE_SHIFT);
      long pglen = (end - start) >>> PAGE_SHIFT;
      Vma prev = start == vma.start ? tree.prev(vma) : null;
      Vma next = end == vma.end ? tree.next(vma) : null;
      boolean left =
          prev != null
              && prev.end == start
              && canVmaMergeAfter(prev, newFlags, vma.anonVma, vma.shmem, pgoff);
      boolean right =
          next != null
              && next.start == end
              && canVmaMergeBefore(next, newFlags, vma.anonVma, vma.shmem, pgoff + pglen)
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
          tree.unlinkMerged(vma);
          removeVmaRef(vma);
        } else {
          long old = vma.start;
          vma.pgoff += (end - vma.start) >>> PAGE_SHIFT;
          vma.start = end;
          tree.moved(vma, old);
        }
        prev.end = end;
        if (right) {
          absorbNext(prev, next);
        }
        f.note("merged into prev: %x-%x, map_count %d", prev.start, prev.end, mapCount());
        return prev;
      }
      if (whole) {
        tree.unlinkMerged(vma);
        removeVmaRef(vma);
      } else {
        vma.end = start;
      }
      long old = next.start;
      next.start = start;
      next.pgoff = pgoff;
      tree.moved(next, old);
      f.note("merged into next: %x-%x, map_count %d", next.start, next.end, mapCount());
      return next;
    }
  }

  /**
   * Splits a VMA at addr; the new VMA takes the part below addr ({@code newBelow}) or above it.
   * Both keep the flags, anon_vma and object; the upper part's pgoff moves with its start.
   */
  @Source(file = "mm/mmap.c", line = 2198, function = "__split_vma", version = "Linux 6.2")
  private Vma splitVmaNoCheck(Vma vma, long addr, boolean newBelow) {
    try (Frame f = tracer.enter()) {
      Vma n = vma.copy();
      long delta = (addr - vma.start) >>> PAGE_SHIFT;
      if (newBelow) {
        n.end = addr;
        long old = vma.start;
        vma.start = addr;
        vma.pgoff += delta;
        tree.moved(vma, old);
      } else {
        n.start = addr;
        n.pgoff += delta;
        vma.end = addr;
      }
      tree.linkSplit(n);
      f.note("split at 0x%x, map_count %d", addr, mapCount());
      return n;
    }
  }

  /** split_vma: refuses once map_count has reached vm.max_map_count. */
  @Source(file = "mm/mmap.c", line = 2267, function = "split_vma", version = "Linux 6.2")
  private long splitVma(Vma vma, long addr, boolean newBelow) {
    try (Frame f = tracer.enter()) {
      if (mapCount() >= env.maxMapCount()) {
        f.note("map_count %d ≥ max_map_count → ENOMEM", mapCount());
        return ENOMEM.result();
      }
      splitVmaNoCheck(vma, addr, newBelow);
      return 0;
    }
  }

  // ---------------------------------------------------------------- munmap

  /**
   * {@code munmap(2)}.
   *
   * @param addr page-aligned start
   * @param len length, rounded up to pages
   * @return 0 or {@code -errno}
   */
  @Source(file = "mm/mmap.c", line = 2769, function = "__vm_munmap", version = "Linux 6.2")
  public long munmap(long addr, long len) {
    try (Frame f = tracer.enter()) {
      long r = doMasMunmap(addr, len);
      f.note("munmap → %s, map_count %d, total_vm %d", result(r), mapCount(), totalVm);
      return r;
    }
  }

  /**
   * Checks the range (EINVAL for an unaligned start, a range beyond TASK_SIZE or a zero length),
   * then unmaps whatever overlaps it; a hole is no error. (6.3 renamed it {@code do_vmi_munmap}.)
   */
  @Source(file = "mm/mmap.c", line = 2480, function = "do_mas_munmap", version = "Linux 6.2")
  private long doMasMunmap(long start, long len) {
    try (Frame f = tracer.enter()) {
      if ((start & ~PAGE_MASK) != 0
          || Long.compareUnsigned(start, TASK_SIZE) > 0
          || Long.compareUnsigned(len, TASK_SIZE - start) > 0) {
        return EINVAL.result();
      }
      long end = start + pageAlign(len);
      if (end == start) {
        return EINVAL.result();
      }
      Vma vma = tree.find(start);
      if (vma == null || vma.start >= end) {
        return 0;
      }
      return doMasAlignMunmap(vma, start, end);
    }
  }

  /**
   * Splits the first and last VMA at the range ends (ENOMEM only when a VMA would be cut in two
   * while map_count is at the limit), then detaches the VMAs inside, drops their words, gives back
   * their commit charge and counters. (6.3 renamed it {@code do_vmi_align_munmap}.)
   */
  @Source(file = "mm/mmap.c", line = 2301, function = "do_mas_align_munmap", version = "Linux 6.2")
  private long doMasAlignMunmap(Vma vma, long start, long end) {
    try (Frame f = tracer.enter()) {
      if (start > vma.start) {
        if (end < vma.end && mapCount() >= env.maxMapCount()) {
          f.note("split at the map-count limit %d → ENOMEM", env.maxMapCount());
          return ENOMEM.result();
        }
        splitVmaNoCheck(vma, start, true);
      }
      Vma last = tree.find(end - 1);
      if (last != null && last.start < end && last.end > end) {
        splitVmaNoCheck(last, end, true);
      }
      long accounted = 0;
      for (Vma v : tree.overlapping(start, end)) {
        if (v.has(VM_ACCOUNT)) {
          accounted += v.pages();
        }
        vmStatAccount(v.flags, -v.pages());
        tree.remove(v);
        if (v.shmem == null) {
          words.subMap(v.start, v.end).clear();
        }
        present.subMap(v.start, v.end).clear();
        removeVmaRef(v);
      }
      env.vmUnacct(accounted);
      return 0;
    }
  }

  /** remove_vma: drops the VMA's reference to its shmem object, freeing it with the last one. */
  private void removeVmaRef(Vma v) {
    Shmem s = v.shmem;
    if (s != null && --s.refs == 0) {
      env.vmUnacct(s.chargedPages);
      s.words.clear();
    }
  }

  // ---------------------------------------------------------------- mprotect

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
  public long mprotect(long start, long len, int prot) {
    try (Frame f = tracer.enter()) {
      long r = doMprotectPkey(start, len, prot);
      f.note("mprotect → %s, map_count %d", result(r), mapCount());
      return r;
    }
  }

  private long doMprotectPkey(long start, long len, int prot) {
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
    Vma vma = tree.find(start);
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
      long error = mprotectFixup(vma, pprev, nstart, tmp, newFlags);
      if (error != 0) {
        return error;
      }
      nstart = Math.max(tmp, pprev[0].end);
      if (nstart >= end) {
        return 0;
      }
      vma = tree.find(pprev[0].end);
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
  private long mprotectFixup(Vma vma, Vma[] pprev, long start, long end, long newFlags) {
    try (Frame f = tracer.enter()) {
      long oldFlags = vma.flags;
      if (newFlags == oldFlags) {
        pprev[0] = vma;
        return 0;
      }
      long nrpages = (end - start) >>> PAGE_SHIFT;
      long charged = 0;
      if ((newFlags & VM_WRITE) != 0) {
        if (!mayExpandVm(newFlags, nrpages) && mayExpandVm(oldFlags, nrpages)) {
          return ENOMEM.result();
        }
        if ((oldFlags & (VM_ACCOUNT | VM_WRITE | VM_HUGETLB | VM_SHARED | VM_NORESERVE)) == 0) {
          charged = nrpages;
          if (!env.vmEnoughMemory(charged)) {
            f.note("commit of %d pages refused → ENOMEM", charged);
            return ENOMEM.result();
          }
          newFlags |= VM_ACCOUNT;
        }
      } else if ((oldFlags & VM_ACCOUNT) != 0 && vma.shmem == null && vma.anonVma == 0) {
        newFlags &= ~VM_ACCOUNT;
      }
      Vma merged = vmaMerge(vma, start, end, newFlags);
      if (merged != null) {
        vma = merged;
      } else {
        if (start != vma.start) {
          long err = splitVma(vma, start, true);
          if (err != 0) {
            env.vmUnacct(charged);
            pprev[0] = vma;
            return err;
          }
        }
        if (end != vma.end) {
          long err = splitVma(vma, end, false);
          if (err != 0) {
            env.vmUnacct(charged);
            pprev[0] = vma;
            return err;
          }
        }
      }
      pprev[0] = vma;
      vma.flags = newFlags;
      if ((oldFlags & VM_ACCOUNT) != 0 && (newFlags & VM_ACCOUNT) == 0) {
        env.vmUnacct(nrpages);
      }
      vmStatAccount(oldFlags, -nrpages);
      vmStatAccount(newFlags, nrpages);
      f.note("%x-%x flags %x→%x", start, end, oldFlags, newFlags);
      return 0;
    }
  }

  // ---------------------------------------------------------------- madvise

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
  public long madvise(long start, long lenIn, int behavior) {
    try (Frame f = tracer.enter()) {
      if (!madviseBehaviorValid(behavior)) {
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
      if (behavior == Madvise.MADV_COLLAPSE) {
        throw new IllegalArgumentException(
            "MADV_COLLAPSE is not modeled (khugepaged collapse); do not use it with this model");
      }
      long r = madviseWalkVmas(start, end, behavior);
      f.note("madvise %s → %s, map_count %d", Madvise.format(behavior), result(r), mapCount());
      return r;
    }
  }

  /**
   * The advice the reference kernel accepts; HUGEPAGE, NOHUGEPAGE and COLLAPSE only with THP.
   * DEVIATION: MADV_HWPOISON and MADV_SOFT_OFFLINE (privileged error injection) are invalid here.
   */
  private boolean madviseBehaviorValid(int behavior) {
    switch (behavior) {
      case Madvise.MADV_DOFORK:
      case Madvise.MADV_DONTFORK:
      case Madvise.MADV_NORMAL:
      case Madvise.MADV_SEQUENTIAL:
      case Madvise.MADV_RANDOM:
      case Madvise.MADV_REMOVE:
      case Madvise.MADV_WILLNEED:
      case Madvise.MADV_DONTNEED:
      case Madvise.MADV_DONTNEED_LOCKED:
      case Madvise.MADV_FREE:
      case Madvise.MADV_COLD:
      case Madvise.MADV_PAGEOUT:
      case Madvise.MADV_POPULATE_READ:
      case Madvise.MADV_POPULATE_WRITE:
      case Madvise.MADV_MERGEABLE:
      case Madvise.MADV_UNMERGEABLE:
      case Madvise.MADV_DONTDUMP:
      case Madvise.MADV_DODUMP:
      case Madvise.MADV_WIPEONFORK:
      case Madvise.MADV_KEEPONFORK:
        return true;
      case Madvise.MADV_HUGEPAGE:
      case Madvise.MADV_NOHUGEPAGE:
      case Madvise.MADV_COLLAPSE:
        return env.thpEnabled();
      default:
        return false;
    }
  }

  /** Applies the advice to each VMA piece of [start, end); a hole is remembered as ENOMEM. */
  @Source(file = "mm/madvise.c", line = 1223, function = "madvise_walk_vmas", version = "Linux 6.2")
  private long madviseWalkVmas(long start, long end, int behavior) {
    try (Frame f = tracer.enter()) {
      long unmappedError = 0;
      Vma vma = tree.find(start);
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
        Vma[] prev = new Vma[1];
        long error = madviseVmaBehavior(vma, prev, start, tmp, behavior);
        if (error != 0) {
          return error;
        }
        start = tmp;
        if (prev[0] != null && start < prev[0].end) {
          start = prev[0].end;
        }
        if (start >= end) {
          break;
        }
        vma = tree.find(prev[0] != null ? prev[0].end : start);
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
  private long madviseVmaBehavior(Vma vma, Vma[] prev, long start, long end, int behavior) {
    try (Frame f = tracer.enter()) {
      long newFlags = vma.flags;
      switch (behavior) {
        case Madvise.MADV_REMOVE:
          return madviseRemove(vma, prev, start, end);
        case Madvise.MADV_WILLNEED:
          prev[0] = vma;
          return 0;
        case Madvise.MADV_COLD:
        case Madvise.MADV_PAGEOUT:
          prev[0] = vma;
          return canMadvLruVma(vma) ? 0 : EINVAL.result();
        case Madvise.MADV_FREE:
        case Madvise.MADV_DONTNEED:
        case Madvise.MADV_DONTNEED_LOCKED:
          return madviseDontneedFree(vma, prev, start, end, behavior);
        case Madvise.MADV_POPULATE_READ:
        case Madvise.MADV_POPULATE_WRITE:
          return madvisePopulate(vma, prev, behavior);
        case Madvise.MADV_NORMAL:
          newFlags &= ~(VM_RAND_READ | VM_SEQ_READ);
          break;
        case Madvise.MADV_SEQUENTIAL:
          newFlags = (newFlags & ~VM_RAND_READ) | VM_SEQ_READ;
          break;
        case Madvise.MADV_RANDOM:
          newFlags = (newFlags & ~VM_SEQ_READ) | VM_RAND_READ;
          break;
        case Madvise.MADV_DONTFORK:
          newFlags |= VM_DONTCOPY;
          break;
        case Madvise.MADV_DOFORK:
          if (vma.has(VM_IO)) {
            return EINVAL.result();
          }
          newFlags &= ~VM_DONTCOPY;
          break;
        case Madvise.MADV_WIPEONFORK:
          if (vma.shmem != null || vma.has(VM_SHARED)) {
            return EINVAL.result();
          }
          newFlags |= VM_WIPEONFORK;
          break;
        case Madvise.MADV_KEEPONFORK:
          newFlags &= ~VM_WIPEONFORK;
          break;
        case Madvise.MADV_DONTDUMP:
          newFlags |= VM_DONTDUMP;
          break;
        case Madvise.MADV_DODUMP:
          if (!vma.has(VM_HUGETLB) && (newFlags & VM_SPECIAL) != 0) {
            return EINVAL.result();
          }
          newFlags &= ~VM_DONTDUMP;
          break;
        case Madvise.MADV_MERGEABLE:
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
        case Madvise.MADV_UNMERGEABLE:
          newFlags &= ~VM_MERGEABLE;
          break;
        case Madvise.MADV_HUGEPAGE:
          newFlags = (newFlags & ~VM_NOHUGEPAGE) | VM_HUGEPAGE;
          break;
        case Madvise.MADV_NOHUGEPAGE:
          newFlags = (newFlags & ~VM_HUGEPAGE) | VM_NOHUGEPAGE;
          break;
        default:
          throw new IllegalStateException("advice " + behavior + " passed validation");
      }
      long error = madviseUpdateVma(vma, prev, start, end, newFlags);
      if (error == ENOMEM.result()) {
        f.note("ENOMEM → EAGAIN");
        error = EAGAIN.result();
      }
      return error;
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
  private long madviseDontneedFree(Vma vma, Vma[] prev, long start, long end, int behavior) {
    try (Frame f = tracer.enter()) {
      prev[0] = vma;
      if (!canMadvLruVma(vma) && behavior != Madvise.MADV_DONTNEED_LOCKED) {
        return EINVAL.result();
      }
      if (behavior == Madvise.MADV_FREE) {
        return vma.shmem != null ? EINVAL.result() : 0;
      }
      if (vma.shmem == null) {
        Map<Long, Integer> gone = words.subMap(start, end);
        f.note("dropped %d words", gone.size());
        gone.clear();
      }
      present.subMap(start, end).clear();
      return 0;
    }
  }

  /** MADV_REMOVE punches a hole in a shared writable object; private memory is refused. */
  @Source(file = "mm/madvise.c", line = 969, function = "madvise_remove", version = "Linux 6.2")
  private long madviseRemove(Vma vma, Vma[] prev, long start, long end) {
    try (Frame f = tracer.enter()) {
      prev[0] = null;
      if (vma.has(VM_LOCKED)) {
        return EINVAL.result();
      }
      if (vma.shmem == null) {
        return EINVAL.result();
      }
      if ((vma.flags & (VM_SHARED | VM_WRITE)) != (VM_SHARED | VM_WRITE)) {
        return Errno.EACCES.result();
      }
      long off = (vma.pgoff << PAGE_SHIFT) + (start - vma.start);
      vma.shmem.words.subMap(off, off + (end - start)).clear();
      return 0;
    }
  }

  /** Prefaults the range; a permission mismatch is EINVAL. */
  @Source(file = "mm/madvise.c", line = 908, function = "madvise_populate", version = "Linux 6.2")
  private long madvisePopulate(Vma vma, Vma[] prev, int behavior) {
    try (Frame f = tracer.enter()) {
      prev[0] = vma;
      boolean write = behavior == Madvise.MADV_POPULATE_WRITE;
      if (vma.has(VM_IO) || vma.has(VM_PFNMAP)) {
        return EINVAL.result();
      }
      if (write ? !vma.has(VM_WRITE) : !vma.has(VM_READ)) {
        return EINVAL.result();
      }
      if (write && vma.shmem == null) {
        anonVmaPrepare(vma);
      }
      return 0;
    }
  }

  /**
   * Sets new flags on [start, end) of a VMA: nothing when equal, else a merge with a neighbour or
   * splits (ENOMEM at the map-count limit).
   */
  @Source(file = "mm/madvise.c", line = 137, function = "madvise_update_vma", version = "Linux 6.2")
  private long madviseUpdateVma(Vma vma, Vma[] prev, long start, long end, long newFlags) {
    try (Frame f = tracer.enter()) {
      if (newFlags == vma.flags) {
        prev[0] = vma;
        return 0;
      }
      Vma merged = vmaMerge(vma, start, end, newFlags);
      if (merged != null) {
        prev[0] = merged;
        merged.flags = newFlags;
        return 0;
      }
      prev[0] = vma;
      if (start != vma.start) {
        if (mapCount() >= env.maxMapCount()) {
          return ENOMEM.result();
        }
        splitVmaNoCheck(vma, start, true);
      }
      if (end != vma.end) {
        if (mapCount() >= env.maxMapCount()) {
          return ENOMEM.result();
        }
        splitVmaNoCheck(vma, end, false);
      }
      vma.flags = newFlags;
      return 0;
    }
  }

  // ---------------------------------------------------------------- anon_vma and faults

  /**
   * Gives a private VMA its anon_vma on the first write fault, reusing a compatible neighbour's
   * (next first, then prev) when that one is not inherited from a fork, so the two can still merge.
   */
  @Source(file = "mm/rmap.c", line = 187, function = "__anon_vma_prepare", version = "Linux 6.2")
  private void anonVmaPrepare(Vma vma) {
    if (vma.anonVma != 0) {
      return;
    }
    try (Frame f = tracer.enter()) {
      long reuse = findMergeableAnonVma(vma);
      vma.anonVma = reuse != 0 ? reuse : ++lastAnonVma;
      vma.anonVmaForked = false;
      f.note("anon_vma %d (%s)", vma.anonVma, reuse != 0 ? "reused" : "new");
    }
  }

  private long findMergeableAnonVma(Vma vma) {
    Vma next = tree.next(vma);
    if (next != null) {
      long a = reusableAnonVma(next, vma, next);
      if (a != 0) {
        return a;
      }
    }
    Vma prev = tree.prev(vma);
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
  private Vma fault(long addr, boolean write) {
    try (Frame f = tracer.enter()) {
      Vma vma = tree.find(addr);
      if (vma == null) {
        throw new UserFault(addr, "unmapped");
      }
      if (vma.start > addr) {
        if (!vma.has(VM_GROWSDOWN) || expandDownwards(vma, addr & PAGE_MASK) != 0) {
          throw new UserFault(addr, "unmapped");
        }
      }
      if (write ? !vma.has(VM_WRITE) : (vma.flags & VmFlags.VM_ACCESS_FLAGS) == 0) {
        throw new UserFault(addr, write ? "not writable" : "not readable");
      }
      if (write && vma.shmem == null) {
        anonVmaPrepare(vma);
      }
      return vma;
    }
  }

  /**
   * Grows a grows-down VMA to address: refused below mmap_min_addr, within stack_guard_gap of an
   * accessible VMA below, beyond RLIMIT_STACK or RLIMIT_AS, or when the commit is refused.
   */
  @Source(file = "mm/mmap.c", line = 2002, function = "expand_downwards", version = "Linux 6.2")
  private long expandDownwards(Vma vma, long address) {
    try (Frame f = tracer.enter()) {
      if (address < env.mmapMinAddr()) {
        return EPERM.result();
      }
      Vma prev = tree.prev(vma);
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
      long stack = env.rlimitStack();
      if (!mayExpandVm(vma.flags, grow)
          || (stack != MmEnvironment.RLIM_INFINITY && size > stack)
          || !env.vmEnoughMemory(grow)) {
        return ENOMEM.result();
      }
      vmStatAccount(vma.flags, grow);
      vma.pgoff -= grow;
      tree.growDown(vma, address);
      f.note("stack grew by %d pages to 0x%x", grow, address);
      return 0;
    }
  }

  // ---------------------------------------------------------------- user memory words

  /**
   * A user access: a page the page tables map with enough rights is used directly, as the MMU
   * would; anything else takes the page fault, which maps the page (writable on a write fault).
   */
  private Vma userAccess(long addr, boolean write) {
    long page = addr & PAGE_MASK;
    Boolean writable = present.get(page);
    if (writable != null && (writable || !write)) {
      Vma v = tree.find(addr);
      if (v != null
          && v.start <= addr
          && (write ? v.has(VM_WRITE) : (v.flags & VmFlags.VM_ACCESS_FLAGS) != 0)) {
        return v;
      }
    }
    Vma v = fault(addr, write);
    present.put(page, write || Boolean.TRUE.equals(writable));
    return v;
  }

  private int loadSlot(long addr) {
    Vma v = userAccess(addr, false);
    Integer w = v.shmem != null ? v.shmem.words.get(shmemOffset(v, addr)) : words.get(addr);
    return w == null ? 0 : w;
  }

  private void storeSlot(long addr, int value) {
    Vma v = userAccess(addr, true);
    TreeMap<Long, Integer> m = v.shmem != null ? v.shmem.words : words;
    long key = v.shmem != null ? shmemOffset(v, addr) : addr;
    if (value == 0) {
      m.remove(key);
    } else {
      m.put(key, value);
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
  public int load32(long addr) {
    checkAligned(addr, 4);
    return loadSlot(addr);
  }

  /**
   * Loads a 64-bit word, little-endian.
   *
   * @param addr an 8-byte aligned address
   * @return the word
   * @throws UserFault when the address is unmapped or not readable
   */
  public long load64(long addr) {
    checkAligned(addr, 8);
    return (loadSlot(addr) & 0xffffffffL) | ((long) loadSlot(addr + 4) << 32);
  }

  /**
   * Stores a 32-bit word.
   *
   * @param addr a 4-byte aligned address
   * @param v the word
   * @throws UserFault when the address is unmapped or not writable
   */
  public void store32(long addr, int v) {
    checkAligned(addr, 4);
    storeSlot(addr, v);
  }

  /**
   * Stores a 64-bit word, little-endian.
   *
   * @param addr an 8-byte aligned address
   * @param v the word
   * @throws UserFault when the address is unmapped or not writable
   */
  public void store64(long addr, long v) {
    checkAligned(addr, 8);
    storeSlot(addr, (int) v);
    storeSlot(addr + 4, (int) (v >>> 32));
  }

  /**
   * Whether every byte of [addr, addr + len) is mapped with the needed access (no stack growth).
   *
   * @param addr start
   * @param len length in bytes
   * @param write whether writing
   * @return true when a kernel copy would not fault
   */
  public boolean accessOk(long addr, long len, boolean write) {
    if (len == 0) {
      return true;
    }
    long end = addr + len;
    if (Long.compareUnsigned(end, addr) < 0 || Long.compareUnsigned(end, TASK_SIZE) > 0) {
      return false;
    }
    long at = addr;
    for (Vma v : tree.overlapping(addr, end)) {
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

  // ---------------------------------------------------------------- fork and exit

  /**
   * {@code dup_mm} for a fork without CLONE_VM.
   *
   * @param childEnv the child's environment, or null to reuse this one's
   * @return the copy (mm_users = 1, mm_count = 1), or null when its commit charge is refused
   */
  @Source(file = "kernel/fork.c", line = 1533, function = "dup_mm", version = "Linux 6.2")
  public MmStruct dupMm(MmEnvironment childEnv) {
    try (Frame f = tracer.enter()) {
      MmStruct mm = new MmStruct(this, childEnv != null ? childEnv : env);
      if (dupMmap(mm, this) != 0) {
        mm.mmput();
        f.note("dup_mmap failed → ENOMEM");
        return null;
      }
      return mm;
    }
  }

  /**
   * Copies the VMAs: counters first, then each VMA except DONTFORK ones (subtracted again),
   * re-charging VM_ACCOUNT VMAs, giving a copied anon_vma a fresh child one, clearing VM_LOCKED;
   * private words are copied, shared objects shared, WIPEONFORK VMAs copied empty.
   */
  @Source(file = "kernel/fork.c", line = 581, function = "dup_mmap", version = "Linux 6.2")
  private static long dupMmap(MmStruct mm, MmStruct oldmm) {
    try (Frame f = oldmm.tracer.enter()) {
      mm.totalVm = oldmm.totalVm;
      mm.dataVm = oldmm.dataVm;
      mm.execVm = oldmm.execVm;
      mm.stackVm = oldmm.stackVm;
      for (Vma mpnt : oldmm.tree.all()) {
        if (mpnt.has(VM_DONTCOPY)) {
          mm.vmStatAccount(mpnt.flags, -mpnt.pages());
          continue;
        }
        if (mpnt.has(VM_ACCOUNT) && !oldmm.env.vmEnoughMemory(mpnt.pages())) {
          return ENOMEM.result();
        }
        Vma tmp = mpnt.copy();
        if (tmp.has(VM_WIPEONFORK)) {
          tmp.anonVma = 0;
          tmp.anonVmaForked = false;
        } else if (mpnt.anonVma != 0) {
          tmp.anonVma = ++mm.lastAnonVma;
          tmp.anonVmaForked = true;
        }
        tmp.flags &= ~VM_LOCKED;
        mm.tree.insert(tmp);
        if (tmp.shmem == null && !tmp.has(VM_WIPEONFORK)) {
          mm.words.putAll(oldmm.words.subMap(tmp.start, tmp.end));
          // copy_page_range: private pages are mapped in both, write-protected for copy-on-write
          for (Map.Entry<Long, Boolean> e : oldmm.present.subMap(tmp.start, tmp.end).entrySet()) {
            e.setValue(false);
            mm.present.put(e.getKey(), false);
          }
        }
      }
      f.note("copied %d of %d VMAs", mm.mapCount(), oldmm.mapCount());
      return 0;
    }
  }

  /** mm_users++ (a CLONE_VM task shares the address space). */
  public void mmget() {
    requireLive();
    mmUsers++;
  }

  /**
   * mm_users--; the last user tears the address space down (exit_mmap) and drops the users'
   * reference to the struct (mmdrop).
   */
  @Source(file = "kernel/fork.c", line = 1224, function = "mmput", version = "Linux 6.2")
  public void mmput() {
    try (Frame f = tracer.enter()) {
      requireLive();
      mmUsers--;
      f.note("mm_users %d→%d", mmUsers + 1, mmUsers);
      if (mmUsers == 0) {
        exitMmap();
        mmdrop();
      }
    }
  }

  /** mm_count++ (a reference to the struct, such as a lazy-TLB user). */
  public void mmgrab() {
    if (mmCount <= 0) {
      throw new IllegalStateException("mmgrab on a freed mm_struct");
    }
    mmCount++;
  }

  /** mm_count--; at 0 the struct is freed. */
  public void mmdrop() {
    if (mmCount <= 0) {
      throw new IllegalStateException("mmdrop on a freed mm_struct; calls are unbalanced");
    }
    mmCount--;
  }

  private void requireLive() {
    if (mmUsers <= 0) {
      throw new IllegalStateException(
          "the address space has no users left; mmget/mmput unbalanced");
    }
  }

  /** Unmaps every VMA and gives their commit charge back. */
  @Source(file = "mm/mmap.c", line = 3063, function = "exit_mmap", version = "Linux 6.2")
  private void exitMmap() {
    try (Frame f = tracer.enter()) {
      long accounted = 0;
      int count = 0;
      for (Vma v : new ArrayList<>(tree.all())) {
        if (v.has(VM_ACCOUNT)) {
          accounted += v.pages();
        }
        tree.remove(v);
        removeVmaRef(v);
        count++;
      }
      words.clear();
      env.vmUnacct(accounted);
      totalVm = 0;
      dataVm = 0;
      execVm = 0;
      stackVm = 0;
      f.note("removed %d VMAs, unaccounted %d pages", count, accounted);
    }
  }

  // ---------------------------------------------------------------- views

  /**
   * mm_users.
   *
   * @return tasks using this address space
   */
  public int mmUsers() {
    return mmUsers;
  }

  /**
   * mm_count.
   *
   * @return references to the struct
   */
  public int mmCount() {
    return mmCount;
  }

  /**
   * map_count.
   *
   * @return the number of VMAs
   */
  public int mapCount() {
    return tree.size();
  }

  /**
   * total_vm.
   *
   * @return mapped pages
   */
  public long totalVm() {
    return totalVm;
  }

  /**
   * data_vm: private writable non-stack pages.
   *
   * @return pages
   */
  public long dataVm() {
    return dataVm;
  }

  /**
   * stack_vm: grows-down pages.
   *
   * @return pages
   */
  public long stackVm() {
    return stackVm;
  }

  /**
   * exec_vm: executable, non-writable, non-stack pages.
   *
   * @return pages
   */
  public long execVm() {
    return execVm;
  }

  /**
   * The VMAs, lowest first.
   *
   * @return a read-only snapshot
   */
  public List<Vma> vmas() {
    return Collections.unmodifiableList(new ArrayList<>(tree.all()));
  }

  /**
   * find_vma: the first VMA ending above addr.
   *
   * @param addr an address
   * @return the VMA, or null
   */
  public Vma findVma(long addr) {
    return tree.find(addr);
  }

  /**
   * Words stored in private memory (not counting shared objects).
   *
   * @return the number of non-zero 32-bit slots
   */
  public int privateWordCount() {
    return words.size();
  }

  VmaTree tree() {
    return tree;
  }

  /**
   * The VMAs as values, lowest first: the permissions and {@code [stack]} mark {@link #maps()}
   * prints, for views that draw the address space.
   *
   * @return one entry per VMA
   */
  public List<io.github.clonepath.kernel.syscall.VmaInfo> vmaInfos() {
    List<io.github.clonepath.kernel.syscall.VmaInfo> out = new ArrayList<>();
    for (Vma v : tree.all()) {
      String perms =
          ""
              + (v.has(VM_READ) ? 'r' : '-')
              + (v.has(VM_WRITE) ? 'w' : '-')
              + (v.has(VM_EXEC) ? 'x' : '-')
              + (v.has(VM_MAYSHARE) ? 's' : 'p');
      boolean stack =
          v.shmem == null && startStack != 0 && v.start <= startStack && v.end >= startStack;
      out.add(new io.github.clonepath.kernel.syscall.VmaInfo(v.start, v.end, perms, stack));
    }
    return out;
  }

  /**
   * {@code /proc/PID/maps}: one line per VMA, lowest first, each ending in a newline. Anonymous
   * private lines end after the inode and its trailing space; a MAP_SHARED anonymous mapping shows
   * its shmem file, padded to column 73, as {@code /dev/zero (deleted)}; the VMA holding {@link
   * #startStack()} is named {@code [stack]}, its name starting at column 74 as on the reference
   * machine. DEVIATION: no other names ({@code [heap]}, {@code [vdso]}, files) exist here.
   *
   * @return the text
   */
  @Source(file = "fs/proc/task_mmu.c", line = 274, function = "show_map_vma", version = "Linux 6.2")
  public String maps() {
    StringBuilder sb = new StringBuilder();
    for (Vma v : tree.all()) {
      int lineStart = sb.length();
      sb.append(String.format("%08x-%08x ", v.start, v.end))
          .append(v.has(VM_READ) ? 'r' : '-')
          .append(v.has(VM_WRITE) ? 'w' : '-')
          .append(v.has(VM_EXEC) ? 'x' : '-')
          .append(v.has(VM_MAYSHARE) ? 's' : 'p');
      if (v.shmem != null) {
        sb.append(String.format(" %08x 00:01 %d ", v.pgoff << PAGE_SHIFT, v.shmem.ino));
        while (sb.length() - lineStart < 72) {
          sb.append(' ');
        }
        sb.append(" /dev/zero (deleted)");
      } else {
        sb.append(" 00000000 00:00 0 ");
        if (startStack != 0 && v.start <= startStack && v.end >= startStack) {
          while (sb.length() - lineStart < 73) {
            sb.append(' ');
          }
          sb.append("[stack]");
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String result(long r) {
    Errno e = Errno.ofResult(r);
    return e == null ? "0x" + Long.toHexString(r) : e.name();
  }
}
