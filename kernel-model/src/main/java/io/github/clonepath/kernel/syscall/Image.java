package io.github.clonepath.kernel.syscall;

import java.util.List;

/**
 * The loadable segments of an executable: what {@code execve} maps at fixed addresses before the
 * program's first instruction ({@code load_elf_binary} maps each {@code PT_LOAD} segment with
 * {@code MAP_FIXED} and zero-fills the bss). No system call of the new program appears for them in
 * a trace, which is why they are given to {@link Machine#spawn(String, Image, Continuation)} rather
 * than mapped by the program itself.
 *
 * @param segments the segments, lowest address first, not overlapping
 */
public record Image(List<Image.Segment> segments) {

  /** No segments: a process with only its main stack (what {@link Machine#spawn} gives). */
  public static final Image NONE = new Image(List.of());

  /**
   * One {@code PT_LOAD} segment, page-rounded as {@code elf_map} rounds it.
   *
   * @param start first byte, page-aligned, at or above {@code mmap_min_addr} (64 KiB)
   * @param length bytes, a positive multiple of the page size
   * @param prot {@link Prot} bits of the segment's {@code p_flags}
   */
  public record Segment(long start, long length, int prot) {
    /** Checks alignment and range. */
    public Segment {
      if (start % Abi.PAGE_SIZE != 0 || length <= 0 || length % Abi.PAGE_SIZE != 0) {
        throw new IllegalArgumentException(
            "a segment is whole pages: start 0x"
                + Long.toHexString(start)
                + ", length "
                + length
                + "; round it as elf_map does");
      }
      if (start < 0x10000 || start + length > 0x7ffffffff000L) {
        throw new IllegalArgumentException(
            "segment 0x"
                + Long.toHexString(start)
                + " lies outside user space [0x10000, TASK_SIZE)");
      }
    }
  }

  /** Copies the list and checks the order. */
  public Image {
    segments = List.copyOf(segments);
    for (int i = 1; i < segments.size(); i++) {
      Segment a = segments.get(i - 1);
      if (a.start() + a.length() > segments.get(i).start()) {
        throw new IllegalArgumentException(
            "segments must be in address order and must not overlap: " + segments);
      }
    }
  }
}
