package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.Strace;

/**
 * futex and set_robust_list as strace 6.1 prints them (its futex.c): the command decides which of
 * the six arguments are shown. The timeout is the one piece read from user memory; the call
 * captures it as a {@link Timespec}.
 */
enum FutexText implements SyscallEvent.Printer {
  /**
   * futex's printer: arguments uaddr, op, val, timeout, uaddr2, val3; the {@link Timespec} read at
   * {@code timeout}, none when nothing was read (no timeout, or a fault: then its address).
   */
  FUTEX(
      e ->
          Strace.ret(
              futex(
                  e.arg(0),
                  (int) e.arg(1),
                  (int) e.arg(2),
                  e.arg(3),
                  e.arg(4),
                  (int) e.arg(5),
                  e.decoded(Timespec.class)),
              e)),
  /** set_robust_list's printer: arguments head, len. */
  SET_ROBUST_LIST(
      e -> Strace.ret("set_robust_list(" + Strace.addr(e.arg(0)) + ", " + e.arg(1) + ")", e));

  private final SyscallEvent.Printer printer;

  FutexText(SyscallEvent.Printer printer) {
    this.printer = printer;
  }

  @Override
  public String text(SyscallEvent call) {
    return printer.text(call);
  }

  private static StringBuilder futex(
      long uaddr, int op, int val, long timeout, long uaddr2, int val3, Timespec ts) {
    int cmd = op & Futex.FUTEX_CMD_MASK;
    StringBuilder sb = new StringBuilder(112).append("futex(");
    Strace.appendAddr(sb, uaddr).append(", ").append(Futex.formatOp(op)).append(", ").append(val);
    switch (cmd) {
      case Futex.FUTEX_WAIT -> timeout(sb.append(", "), timeout, ts);
      case Futex.FUTEX_WAKE -> {}
      case Futex.FUTEX_WAIT_BITSET ->
          timeout(sb.append(", "), timeout, ts).append(", ").append(Futex.formatBitset(val3));
      case Futex.FUTEX_WAKE_BITSET -> sb.append(", ").append(Futex.formatBitset(val3));
      default -> {
        Strace.appendAddr(sb.append(", "), timeout);
        Strace.appendAddr(sb.append(", "), uaddr2).append(", ").append(val3);
      }
    }
    return sb.append(')');
  }

  private static StringBuilder timeout(StringBuilder sb, long timeout, Timespec ts) {
    if (timeout == 0) {
      return sb.append("NULL");
    }
    return ts != null ? sb.append(ts.text()) : Strace.appendAddr(sb, timeout);
  }
}
