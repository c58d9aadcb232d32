package io.github.clonepath.kernel.entry;

import io.github.clonepath.kernel.mm.MmStruct;
import io.github.clonepath.kernel.task.Uaccess;
import org.jspecify.annotations.Nullable;

/**
 * A {@code struct __kernel_timespec} as the sleeps and futex read it from user memory ({@code
 * get_timespec64} of {@code kernel/time/time.c}).
 *
 * @param sec tv_sec
 * @param nsec tv_nsec
 */
record Timespec(long sec, long nsec) {
  /** Reads one from user memory: null on a fault (the call's EFAULT). */
  static @Nullable Timespec read(MmStruct mm, long addr) {
    long[] w = Uaccess.copyFromUser(mm, addr, 16);
    return w == null ? null : new Timespec(w[0], w[1]);
  }

  /** {@code timespec64_valid}: a non-negative second and a nanosecond below one second. */
  boolean valid() {
    return sec >= 0 && nsec >= 0 && nsec < 1_000_000_000L;
  }

  /** The span in nanoseconds. */
  long nanos() {
    return sec * 1_000_000_000L + nsec;
  }

  /** As strace prints it. */
  String text() {
    return "{tv_sec=" + sec + ", tv_nsec=" + Long.toUnsignedString(nsec) + "}";
  }
}
