package io.github.clonepath.kernel.mm;

/**
 * The internal shmem file behind a MAP_SHARED anonymous mapping ({@code shmem_zero_setup}): its
 * words are seen by every VMA that maps it, in every mm that shares it after fork.
 *
 * <p>The object was charged its whole size at creation unless VM_NORESERVE ({@code
 * shmem_acct_size}) and gives the charge back when the last VMA mapping it goes ({@code
 * shmem_evict_inode}).
 */
public final class Shmem {
  final long ino;
  final long sizePages;
  final long chargedPages;
  final PageWords words = new PageWords();
  int refs;

  Shmem(long ino, long sizePages, long chargedPages) {
    this.ino = ino;
    this.sizePages = sizePages;
    this.chargedPages = chargedPages;
  }

  /**
   * The inode number shown in /proc/PID/maps.
   *
   * @return the number
   */
  public long ino() {
    return ino;
  }

  /**
   * VMAs (in all address spaces) that map this object.
   *
   * @return the count of vm_file references held by VMAs
   */
  public int refs() {
    return refs;
  }
}
