package io.github.clonepath.kernel.syscall;

import com.google.common.collect.ImmutableMap;

/**
 * The {@code MAP_*} flags of mmap on x86-64 ({@code include/uapi/asm-generic/mman*.h}, {@code
 * include/uapi/linux/mman.h}), and their names as strace prints them.
 *
 * <p>The low four bits are the mapping type ({@link #MAP_TYPE}): exactly one of {@link
 * #MAP_SHARED}, {@link #MAP_PRIVATE} or {@link #MAP_SHARED_VALIDATE}. Bits 26..31 carry the huge
 * page size for {@link #MAP_HUGETLB} ({@link #MAP_HUGE_SHIFT}).
 */
public final class MapFlags {
  /** Type value 0; strace prints it as MAP_FILE. Not a valid type. */
  public static final int MAP_FILE = 0x0;

  /** Changes are shared with every other mapping of the same object. */
  public static final int MAP_SHARED = 0x01;

  /** Changes are private (copy-on-write). */
  public static final int MAP_PRIVATE = 0x02;

  /** MAP_SHARED that refuses unknown flags (for files; EINVAL for anonymous mappings). */
  public static final int MAP_SHARED_VALIDATE = 0x03;

  /** Mask of the mapping type. */
  public static final int MAP_TYPE = 0x0f;

  /** Place the mapping exactly at addr, replacing whatever is there. */
  public static final int MAP_FIXED = 0x10;

  /** Not backed by a file: zero-filled memory. */
  public static final int MAP_ANONYMOUS = 0x20;

  /** x86-64: place the mapping in the low 2 GiB. */
  public static final int MAP_32BIT = 0x40;

  /** A stack that grows down on faults below it. */
  public static final int MAP_GROWSDOWN = 0x0100;

  /** Ignored by the kernel (historically ETXTBSY protection). */
  public static final int MAP_DENYWRITE = 0x0800;

  /** Ignored by the kernel. */
  public static final int MAP_EXECUTABLE = 0x1000;

  /** Lock the pages in memory (mlock). */
  public static final int MAP_LOCKED = 0x2000;

  /** Do not reserve commit charge for this mapping. */
  public static final int MAP_NORESERVE = 0x4000;

  /** Fault the pages in now. */
  public static final int MAP_POPULATE = 0x8000;

  /** With MAP_POPULATE: do not block (populates nothing). */
  public static final int MAP_NONBLOCK = 0x10000;

  /** The mapping is a thread stack; places nothing (no THP on kernels since 6.8). */
  public static final int MAP_STACK = 0x20000;

  /** Back the mapping with huge pages. */
  public static final int MAP_HUGETLB = 0x40000;

  /** DAX synchronous faults (files only, with MAP_SHARED_VALIDATE). */
  public static final int MAP_SYNC = 0x80000;

  /** Like MAP_FIXED, but fail with EEXIST instead of replacing a mapping. */
  public static final int MAP_FIXED_NOREPLACE = 0x100000;

  /** Shift of the huge page size field. */
  public static final int MAP_HUGE_SHIFT = 26;

  /** The type values by name, as strace prints them. */
  public static final ImmutableMap<Integer, String> TYPE_NAMES =
      ImmutableMap.of(
          MAP_FILE, "MAP_FILE",
          MAP_SHARED, "MAP_SHARED",
          MAP_PRIVATE, "MAP_PRIVATE",
          MAP_SHARED_VALIDATE, "MAP_SHARED_VALIDATE");

  /** The flag bits by name in the order strace 6.1 prints them (not numeric order). */
  public static final ImmutableMap<String, Integer> BY_NAME =
      ImmutableMap.<String, Integer>builder()
          .put("MAP_FIXED", MAP_FIXED)
          .put("MAP_ANONYMOUS", MAP_ANONYMOUS)
          .put("MAP_32BIT", MAP_32BIT)
          .put("MAP_NORESERVE", MAP_NORESERVE)
          .put("MAP_POPULATE", MAP_POPULATE)
          .put("MAP_NONBLOCK", MAP_NONBLOCK)
          .put("MAP_GROWSDOWN", MAP_GROWSDOWN)
          .put("MAP_DENYWRITE", MAP_DENYWRITE)
          .put("MAP_EXECUTABLE", MAP_EXECUTABLE)
          .put("MAP_LOCKED", MAP_LOCKED)
          .put("MAP_STACK", MAP_STACK)
          .put("MAP_HUGETLB", MAP_HUGETLB)
          .put("MAP_SYNC", MAP_SYNC)
          .put("MAP_FIXED_NOREPLACE", MAP_FIXED_NOREPLACE)
          .buildOrThrow();

  private MapFlags() {}

  /**
   * Prints mmap flags as strace 6.1 does: the type first, then the named bits, the unnamed rest in
   * hex, and a huge page size field as {@code N<<MAP_HUGE_SHIFT}.
   *
   * @param flags the flags word
   * @return for example {@code MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK}
   */
  public static String format(int flags) {
    StringBuilder sb = new StringBuilder();
    int type = flags & MAP_TYPE;
    String typeName = TYPE_NAMES.get(type);
    sb.append(typeName != null ? typeName : "0x" + Integer.toHexString(type) + " /* MAP_??? */");
    long huge = (flags & 0xffffffffL) >>> MAP_HUGE_SHIFT;
    long bits = flags & 0xffffffffL & ~MAP_TYPE & ((1L << MAP_HUGE_SHIFT) - 1);
    FlagText.join(BY_NAME, bits, sb);
    if (huge != 0) {
      sb.append('|').append(huge).append("<<MAP_HUGE_SHIFT");
    }
    return sb.toString();
  }
}
