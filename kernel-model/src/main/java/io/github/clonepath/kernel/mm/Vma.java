package io.github.clonepath.kernel.mm;

import org.jspecify.annotations.Nullable;

/**
 * One {@code vm_area_struct}: a page-aligned range with one set of flags.
 *
 * <p>Callers outside this package only read it; the address space changes it. {@link #anonVma()}
 * models the identity of the VMA's {@code anon_vma} (0 while no page was written), which decides
 * merges as in the kernel; {@link #shmem()} is the shared object a MAP_SHARED anonymous mapping
 * maps (its {@code vm_file}); {@link #file} is the file a file mapping maps.
 */
public final class Vma {
  long start;
  long end;
  long flags;
  long pgoff;
  long anonVma;
  boolean anonVmaForked;
  Shmem shmem;

  /**
   * {@code vm_file}: the open file a file mapping maps (compared by identity only: the model keeps
   * no page cache), or null for anonymous memory.
   */
  @Nullable Object file;

  Vma(long start, long end, long flags, long pgoff) {
    this.start = start;
    this.end = end;
    this.flags = flags;
    this.pgoff = pgoff;
  }

  /** A copy for a split or a fork: same flags, anon_vma and backing object. */
  Vma copy() {
    Vma v = new Vma(start, end, flags, pgoff);
    v.anonVma = anonVma;
    v.anonVmaForked = anonVmaForked;
    v.shmem = shmem;
    v.file = file;
    if (shmem != null) {
      shmem.refs++;
    }
    return v;
  }

  /**
   * First address.
   *
   * @return vm_start
   */
  public long start() {
    return start;
  }

  /**
   * One past the last address.
   *
   * @return vm_end
   */
  public long end() {
    return end;
  }

  /**
   * The VM_* flags ({@link VmFlags}).
   *
   * @return vm_flags
   */
  public long flags() {
    return flags;
  }

  /**
   * The page offset: the start's page number for a private anonymous mapping, the offset in the
   * object for a shared one.
   *
   * @return vm_pgoff
   */
  public long pgoff() {
    return pgoff;
  }

  /**
   * The anon_vma identity.
   *
   * @return 0 when no anon_vma is attached
   */
  public long anonVma() {
    return anonVma;
  }

  /**
   * The shared object, for MAP_SHARED mappings.
   *
   * @return the object, or null for private mappings
   */
  public @Nullable Shmem shmem() {
    return shmem;
  }

  /**
   * Pages covered.
   *
   * @return vma_pages
   */
  public long pages() {
    return (end - start) >>> MmStruct.PAGE_SHIFT;
  }

  boolean has(long flag) {
    return (flags & flag) != 0;
  }

  @Override
  public String toString() {
    return String.format("%x-%x flags=%x pgoff=%x anon=%d", start, end, flags, pgoff, anonVma);
  }
}
