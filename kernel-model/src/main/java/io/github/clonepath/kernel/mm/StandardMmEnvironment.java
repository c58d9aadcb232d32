package io.github.clonepath.kernel.mm;

import io.github.clonepath.common.Tracer;

/**
 * An {@link MmEnvironment} with settable limits and a machine-wide commit counter, under the
 * heuristic overcommit policy (mode 0), which the reference system uses.
 *
 * <p>Mode 0 of {@code __vm_enough_memory} (mm/util.c) charges the pages first and then refuses a
 * single request larger than all RAM plus swap; it never looks at what is already committed. So a
 * 64 TiB {@code PROT_NONE} reservation (not charged at all) succeeds, and making it writable fails.
 * The default size is the reference machine's: 25,276,063,744 bytes of RAM, no swap.
 */
public final class StandardMmEnvironment implements MmEnvironment {
  /** Pages of RAM of the reference machine (MemTotal 25,276,063,744 bytes / 4096). */
  public static final long REFERENCE_RAM_PAGES = 25_276_063_744L / 4096;

  private long rlimitAs = RLIM_INFINITY;
  private long rlimitStack = 8L << 20;
  private long rlimitData = RLIM_INFINITY;
  private int maxMapCount = 65530;
  private long mmapMinAddr = 65536;
  private long totalRamPages = REFERENCE_RAM_PAGES;
  private long totalSwapPages;
  private long committed;
  private long shmemIno = 1;
  private boolean thp = true;
  private boolean legacy;
  private Tracer tracer;

  /** The reference machine's defaults: 8 MiB stack, no AS limit, 65530 maps, min addr 65536. */
  public StandardMmEnvironment() {}

  /**
   * Sets RLIMIT_AS.
   *
   * @param bytes the soft limit, or {@link #RLIM_INFINITY}
   * @return this
   */
  public StandardMmEnvironment rlimitAs(long bytes) {
    this.rlimitAs = bytes;
    return this;
  }

  /**
   * Sets RLIMIT_STACK.
   *
   * @param bytes the soft limit, or {@link #RLIM_INFINITY}
   * @return this
   */
  public StandardMmEnvironment rlimitStack(long bytes) {
    this.rlimitStack = bytes;
    return this;
  }

  /**
   * Sets RLIMIT_DATA.
   *
   * @param bytes the soft limit, or {@link #RLIM_INFINITY}
   * @return this
   */
  public StandardMmEnvironment rlimitData(long bytes) {
    this.rlimitData = bytes;
    return this;
  }

  /**
   * Sets vm.max_map_count.
   *
   * @param count the limit
   * @return this
   */
  public StandardMmEnvironment maxMapCount(int count) {
    this.maxMapCount = count;
    return this;
  }

  /**
   * Sets vm.mmap_min_addr.
   *
   * @param addr the lowest mappable address
   * @return this
   */
  public StandardMmEnvironment mmapMinAddr(long addr) {
    this.mmapMinAddr = addr;
    return this;
  }

  /**
   * Sets the machine's memory size, which bounds one commit request under mode 0.
   *
   * @param ramPages pages of RAM
   * @param swapPages pages of swap
   * @return this
   */
  public StandardMmEnvironment memory(long ramPages, long swapPages) {
    this.totalRamPages = ramPages;
    this.totalSwapPages = swapPages;
    return this;
  }

  /**
   * Sets whether transparent huge pages are built in ({@link MmEnvironment#thpEnabled()}).
   *
   * @param enabled the setting
   * @return this
   */
  public StandardMmEnvironment thp(boolean enabled) {
    this.thp = enabled;
    return this;
  }

  /**
   * Sets vm.legacy_va_layout.
   *
   * @param enabled true for bottom-up placement
   * @return this
   */
  public StandardMmEnvironment legacyVaLayout(boolean enabled) {
    this.legacy = enabled;
    return this;
  }

  /**
   * Sets the tracer modeled calls are recorded with.
   *
   * @param t the machine's tracer
   * @return this
   */
  public StandardMmEnvironment tracer(Tracer t) {
    this.tracer = t;
    return this;
  }

  /**
   * The machine's committed memory ({@code Committed_AS} in pages).
   *
   * @return pages charged and not given back
   */
  public long committedPages() {
    return committed;
  }

  @Override
  public long rlimitAs() {
    return rlimitAs;
  }

  @Override
  public long rlimitStack() {
    return rlimitStack;
  }

  @Override
  public long rlimitData() {
    return rlimitData;
  }

  @Override
  public int maxMapCount() {
    return maxMapCount;
  }

  @Override
  public long mmapMinAddr() {
    return mmapMinAddr;
  }

  @Override
  public boolean thpEnabled() {
    return thp;
  }

  @Override
  public boolean legacyVaLayout() {
    return legacy;
  }

  @Override
  public long nextShmemIno() {
    return shmemIno++;
  }

  @Override
  public Tracer tracer() {
    return tracer != null ? tracer : MmEnvironment.super.tracer();
  }

  /** Mode 0 of __vm_enough_memory: charge, then refuse one request larger than RAM + swap. */
  @Override
  public boolean vmEnoughMemory(long pages) {
    committed += pages;
    if (pages > totalRamPages + totalSwapPages) {
      committed -= pages;
      return false;
    }
    return true;
  }

  @Override
  public void vmUnacct(long pages) {
    committed -= pages;
  }
}
