package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.VmFlags.VM_EXEC;
import static io.github.clonepath.kernel.mm.VmFlags.VM_MAYSHARE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_READ;
import static io.github.clonepath.kernel.mm.VmFlags.VM_WRITE;

import com.google.common.collect.ImmutableList;
import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.common.Tracer;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.SignalHandler;
import io.github.clonepath.kernel.syscall.UserFault;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * One address space ({@code mm_struct}) on x86-64: its VMAs, counters, layout, commit charge and
 * the sparse words user space and kernel exchange.
 *
 * <p>The system calls return the kernel's raw result (a value or {@code -errno}) and check their
 * arguments in the kernel's order. Addresses above 2^47 (5-level paging) are not modeled.
 *
 * <p>This class holds the state and the layout ({@code mmap_base}, {@code arch/x86/mm/mmap.c}), the
 * reference counts ({@code mmput}) and the {@code /proc/PID/maps} view; the calls live beside the
 * real file they mirror: {@link Mmap}, {@link UnmappedArea}, {@link VmaMerge}, {@link Munmap},
 * {@link Mprotect}, {@link Madvise}, {@link Memory} and {@link MmFork}.
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

  final MmEnvironment env;
  final Tracer tracer;
  final VmaTree tree = new VmaTree(TASK_SIZE);
  final PageWords words = new PageWords();

  /**
   * The pages this mm's page tables map, by page address: true when mapped writable, false when
   * read-only (the zero page after a read fault, or copy-on-write after a fork). An access to a
   * page mapped with enough rights costs no fault; any other access goes through {@link #fault}.
   */
  final PresentPages present = new PresentPages();

  final long mmapBase;
  final long mmapLegacyBase;
  int mmUsers = 1;
  int mmCount = 1;
  long totalVm;
  long dataVm;
  long execVm;
  long stackVm;
  long lastAnonVma;
  long startStack;
  final int id;

  /**
   * Handler code by address: the part of the program text that the model runs as Java ({@link
   * io.github.clonepath.kernel.syscall.UserContext#defineHandler}). It belongs to the address
   * space, as the code it stands for does: a fork's copy starts with the parent's, a new process
   * with none. Null until a handler is placed.
   */
  public @Nullable Map<Long, SignalHandler> text;

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

  MmStruct(MmStruct parent, MmEnvironment env) {
    this.env = env;
    this.tracer = env.tracer();
    this.id = env.nextMmId();
    this.mmapBase = parent.mmapBase;
    this.mmapLegacyBase = parent.mmapLegacyBase;
    this.lastAnonVma = parent.lastAnonVma;
    this.startStack = parent.startStack;
    this.text = parent.text == null ? null : new HashMap<>(parent.text);
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
   * @param fd descriptor; without MAP_ANONYMOUS this form has no file for it (EBADF): the system
   *     call's entry resolves descriptors and uses {@link #mmapFile}
   * @param off byte offset
   * @return the address or {@code -errno}
   */
  public long mmap(long addr, long len, int prot, int flags, int fd, long off) {
    return Mmap.mmap(this, addr, len, prot, flags, null, false, off);
  }

  /**
   * {@code mmap(2)} of the open file a descriptor names (the entry's {@code fget}).
   *
   * @param addr hint, or the address for MAP_FIXED
   * @param len length in bytes
   * @param prot PROT_* bits
   * @param flags MAP_* flags
   * @param file the open file (its identity is the VMA's {@code vm_file}), or null for none
   * @param readable whether it was opened for reading
   * @param off byte offset into the file
   * @return the address or {@code -errno}
   */
  public long mmapFile(
      long addr, long len, int prot, int flags, @Nullable Object file, boolean readable, long off) {
    return Mmap.mmap(this, addr, len, prot, flags, file, readable, off);
  }

  /** calc_vm_prot_bits: R/W/X map to VM_READ/WRITE/EXEC; other bits are ignored by mmap. */
  static long calcVmProtBits(int prot) {
    return prot & (Prot.PROT_READ | Prot.PROT_WRITE | Prot.PROT_EXEC);
  }

  // ---------------------------------------------------------------- merge

  // ---------------------------------------------------------------- munmap

  /**
   * {@code munmap(2)}.
   *
   * @param addr page-aligned start
   * @param len length, rounded up to pages
   * @return 0 or {@code -errno}
   */
  public long munmap(long addr, long len) {
    return Munmap.munmap(this, addr, len);
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
  public long mprotect(long start, long len, int prot) {
    return Mprotect.mprotect(this, start, len, prot);
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
  public long madvise(long start, long lenIn, int behavior) {
    return Madvise.madvise(this, start, lenIn, behavior);
  }

  // ---------------------------------------------------------------- anon_vma and faults

  // ---------------------------------------------------------------- user memory words

  /**
   * Loads a 32-bit word (0 where nothing was stored).
   *
   * @param addr a 4-byte aligned address
   * @return the word
   * @throws UserFault when the address is unmapped or not readable
   */
  public int load32(long addr) {
    return Memory.load32(this, addr);
  }

  /**
   * Loads a 64-bit word, little-endian.
   *
   * @param addr an 8-byte aligned address
   * @return the word
   * @throws UserFault when the address is unmapped or not readable
   */
  public long load64(long addr) {
    return Memory.load64(this, addr);
  }

  /**
   * Stores a 32-bit word.
   *
   * @param addr a 4-byte aligned address
   * @param v the word
   * @throws UserFault when the address is unmapped or not writable
   */
  public void store32(long addr, int v) {
    Memory.store32(this, addr, v);
  }

  /**
   * Stores a 64-bit word, little-endian.
   *
   * @param addr an 8-byte aligned address
   * @param v the word
   * @throws UserFault when the address is unmapped or not writable
   */
  public void store64(long addr, long v) {
    Memory.store64(this, addr, v);
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
    return Memory.accessOk(this, addr, len, write);
  }

  // ---------------------------------------------------------------- fork and exit

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
      if (f.recording()) {
        f.note("mm_users %d→%d", mmUsers + 1, mmUsers);
      }
      if (mmUsers == 0) {
        MmFork.exitMmap(this);
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
  public @Nullable Vma findVma(long addr) {
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
   * The sixteen permission texts of {@link #vmaInfos}, by read, write, exec and shared as bits 3 to
   * 0: made once, not per VMA per view (an explored run reads the VMAs at every pick).
   */
  private static final ImmutableList<String> PERMS = perms();

  private static ImmutableList<String> perms() {
    List<String> out = new ArrayList<>();
    for (int b = 0; b < 16; b++) {
      out.add(
          ""
              + ((b & 8) != 0 ? 'r' : '-')
              + ((b & 4) != 0 ? 'w' : '-')
              + ((b & 2) != 0 ? 'x' : '-')
              + ((b & 1) != 0 ? 's' : 'p'));
    }
    return ImmutableList.copyOf(out);
  }

  /**
   * The VMAs as values, lowest first: the permissions and {@code [stack]} mark {@link #maps()}
   * prints, for views that draw the address space.
   *
   * @return one entry per VMA
   */
  public List<io.github.clonepath.kernel.syscall.VmaInfo> vmaInfos() {
    List<io.github.clonepath.kernel.syscall.VmaInfo> out = new ArrayList<>(tree.all().size());
    for (Vma v : tree.all()) {
      String perms =
          PERMS.get(
              (v.has(VM_READ) ? 8 : 0)
                  | (v.has(VM_WRITE) ? 4 : 0)
                  | (v.has(VM_EXEC) ? 2 : 0)
                  | (v.has(VM_MAYSHARE) ? 1 : 0));
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

  static String result(long r) {
    Errno e = Errno.ofResult(r);
    return e == null ? "0x" + Long.toHexString(r) : e.name();
  }
}
