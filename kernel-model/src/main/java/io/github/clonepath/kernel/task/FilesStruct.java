package io.github.clonepath.kernel.task;

import java.util.Arrays;
import java.util.BitSet;

/**
 * {@code struct files_struct} with its current {@code fdtable}: the descriptor slots, the open and
 * close-on-exec bitmaps, and {@code count}, the number of tasks sharing it. The table starts with
 * the 64 embedded slots ({@code NR_OPEN_DEFAULT} = BITS_PER_LONG) and grows as {@code
 * alloc_fdtable} sizes it, never beyond {@code fs.nr_open}.
 */
public final class FilesStruct {
  /** {@code NR_OPEN_DEFAULT}: slots embedded in the structure. */
  public static final int NR_OPEN_DEFAULT = 64;

  public final int id;
  public int count = 1;

  /** {@code fdt->max_fds}. */
  public int maxFds = NR_OPEN_DEFAULT;

  /** {@code fdt->fd}. */
  public OpenFile[] fd = new OpenFile[NR_OPEN_DEFAULT];

  /** {@code fdt->open_fds}. */
  public final BitSet openFds = new BitSet();

  /** {@code fdt->close_on_exec}. */
  public final BitSet closeOnExec = new BitSet();

  /** {@code next_fd}: where the search for a free descriptor starts. */
  public int nextFd;

  /**
   * An empty table with one user.
   *
   * @param id identity
   */
  public FilesStruct(int id) {
    this.id = id;
  }

  /**
   * Grows the slot array to {@code n} slots (the new fdtable of {@code expand_fdtable}).
   *
   * @param n the new max_fds
   */
  public void resize(int n) {
    fd = Arrays.copyOf(fd, n);
    maxFds = n;
  }

  /**
   * {@code count_open_files}: one past the highest open descriptor, rounded up to a whole bitmap
   * word (64).
   *
   * @return the number of slots a copy needs
   */
  public int countOpenFiles() {
    int hi = openFds.length();
    return (hi + 63) / 64 * 64;
  }
}
