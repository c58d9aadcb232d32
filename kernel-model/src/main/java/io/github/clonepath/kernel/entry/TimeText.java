package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Abi;
import io.github.clonepath.kernel.syscall.Strace;

/**
 * The sleeps as strace 6.1 prints them (its time.c): the requested span is read from user memory,
 * and the call captures it as a {@link Timespec} (null when it could not be read: then its
 * address).
 */
enum TimeText implements SyscallEvent.Printer {
  /** nanosleep's printer: arguments req, rem; the {@link Timespec} read at req. */
  NANOSLEEP(e -> Strace.ret("nanosleep(" + span(e, 0) + ", " + Strace.addr(e.arg(1)) + ")", e)),
  /** clock_nanosleep's printer: arguments clockid, flags, req, rem; the {@link Timespec}. */
  CLOCK_NANOSLEEP(
      e -> {
        int clockid = (int) e.arg(0);
        int flags = (int) e.arg(1);
        String clock =
            clockid == Abi.CLOCK_REALTIME
                ? "CLOCK_REALTIME"
                : clockid == Abi.CLOCK_MONOTONIC ? "CLOCK_MONOTONIC" : Integer.toString(clockid);
        String fl = flags == Abi.TIMER_ABSTIME ? "TIMER_ABSTIME" : Integer.toString(flags);
        return Strace.ret(
            "clock_nanosleep("
                + clock
                + ", "
                + fl
                + ", "
                + span(e, 2)
                + ", "
                + Strace.addr(e.arg(3))
                + ")",
            e);
      });

  private final SyscallEvent.Printer printer;

  TimeText(SyscallEvent.Printer printer) {
    this.printer = printer;
  }

  @Override
  public String text(SyscallEvent call) {
    return printer.text(call);
  }

  private static String span(SyscallEvent e, int reqArg) {
    Timespec ts = e.decoded(Timespec.class);
    return ts == null ? Strace.addr(e.arg(reqArg)) : ts.text();
  }
}
