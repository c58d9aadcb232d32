package io.github.clonepath.kernel.syscall;

/**
 * One VMA of an address space, read-only: what a line of {@code /proc/PID/maps} says, as values.
 *
 * @param start the first address
 * @param end the address after the last
 * @param perms {@code rwxp}-style permissions, as maps prints them
 * @param stack whether it holds the process's initial stack ({@code [stack]})
 */
public record VmaInfo(long start, long end, String perms, boolean stack) {
  /**
   * The size.
   *
   * @return {@code end - start} bytes
   */
  public long size() {
    return end - start;
  }
}
