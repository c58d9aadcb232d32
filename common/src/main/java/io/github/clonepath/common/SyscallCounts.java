package io.github.clonepath.common;

import java.util.function.Consumer;

/**
 * An event sink that only counts system calls by their x86_64 number, as {@code strace -c} tallies
 * calls: one array slot per number, so a run of millions of calls keeps a few kilobytes and formats
 * nothing. Hand it to an {@link EventLog} with {@link EventLog#streamTo}; a call whose name has no
 * number (not an x86_64 system call) is counted apart.
 */
public final class SyscallCounts implements Consumer<TraceEvent> {
  private final long[] byNumber = new long[SyscallNumbers.LIMIT];
  private long unnumbered;

  /** No calls counted yet. */
  public SyscallCounts() {}

  /**
   * Counts the event if it is a system call.
   *
   * @param e the event
   */
  @Override
  public void accept(TraceEvent e) {
    if (e instanceof SyscallEvent s) {
      int n = s.number();
      if (n == SyscallNumbers.NONE) {
        unnumbered++;
      } else {
        byNumber[n]++;
      }
    }
  }

  /**
   * How many calls of one number were seen.
   *
   * @param number a system call's number, 0 to {@link SyscallNumbers#LIMIT} - 1
   * @return the count
   */
  public long count(int number) {
    return byNumber[number];
  }

  /**
   * How many calls were seen whose name has no x86_64 number.
   *
   * @return the count
   */
  public long unnumbered() {
    return unnumbered;
  }
}
