package io.github.clonepath.kernel.syscall;

import com.google.common.collect.ImmutableList;

/** Resource numbers ({@code include/uapi/asm-generic/resource.h}) and strace's rlimit text. */
public final class Rlimits {
  public static final int RLIMIT_CPU = 0;
  public static final int RLIMIT_FSIZE = 1;
  public static final int RLIMIT_DATA = 2;
  public static final int RLIMIT_STACK = 3;
  public static final int RLIMIT_CORE = 4;
  public static final int RLIMIT_RSS = 5;
  public static final int RLIMIT_NPROC = 6;
  public static final int RLIMIT_NOFILE = 7;
  public static final int RLIMIT_MEMLOCK = 8;
  public static final int RLIMIT_AS = 9;
  public static final int RLIMIT_LOCKS = 10;
  public static final int RLIMIT_SIGPENDING = 11;
  public static final int RLIMIT_MSGQUEUE = 12;
  public static final int RLIMIT_NICE = 13;
  public static final int RLIMIT_RTPRIO = 14;
  public static final int RLIMIT_RTTIME = 15;

  /** {@code RLIM_NLIMITS}. */
  public static final int RLIM_NLIMITS = 16;

  /** {@code RLIM64_INFINITY}. */
  public static final long RLIM_INFINITY = -1L;

  private static final ImmutableList<String> NAMES =
      ImmutableList.of(
          "RLIMIT_CPU",
          "RLIMIT_FSIZE",
          "RLIMIT_DATA",
          "RLIMIT_STACK",
          "RLIMIT_CORE",
          "RLIMIT_RSS",
          "RLIMIT_NPROC",
          "RLIMIT_NOFILE",
          "RLIMIT_MEMLOCK",
          "RLIMIT_AS",
          "RLIMIT_LOCKS",
          "RLIMIT_SIGPENDING",
          "RLIMIT_MSGQUEUE",
          "RLIMIT_NICE",
          "RLIMIT_RTPRIO",
          "RLIMIT_RTTIME");

  private Rlimits() {}

  /**
   * A resource's name.
   *
   * @param resource the number
   * @return for example {@code RLIMIT_NPROC}, or {@code 0x10 /* RLIMIT_??? *}{@code /}
   */
  public static String name(int resource) {
    if (resource >= 0 && resource < RLIM_NLIMITS) {
      return NAMES.get(resource);
    }
    return "0x" + Integer.toHexString(resource) + " /* RLIMIT_??? */";
  }

  /**
   * One limit value as strace prints it: {@code RLIM64_INFINITY}, {@code 8192*1024} for a multiple
   * of 1024 above 1024, else decimal.
   *
   * @param value the limit
   * @return the text
   */
  public static String formatValue(long value) {
    if (value == RLIM_INFINITY) {
      return "RLIM64_INFINITY";
    }
    if (Long.compareUnsigned(value, 1024) > 0 && value % 1024 == 0) {
      return Long.toUnsignedString(value / 1024) + "*1024";
    }
    return Long.toUnsignedString(value);
  }

  /**
   * A {@code struct rlimit} as strace prints it.
   *
   * @param cur the soft limit
   * @param max the hard limit
   * @return {@code {rlim_cur=..., rlim_max=...}}
   */
  public static String format(long cur, long max) {
    return "{rlim_cur=" + formatValue(cur) + ", rlim_max=" + formatValue(max) + "}";
  }
}
