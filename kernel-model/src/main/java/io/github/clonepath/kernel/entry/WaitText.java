package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.exit.WaitResult;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.kernel.syscall.Wait;

/**
 * The process-ending and reaping calls as strace 6.1 prints them (its exit.c and wait.c): exit and
 * exit_group never return ({@code = ?}); wait4 shows the status it stored and waitid the siginfo,
 * which the calls capture when they complete.
 */
enum WaitText implements SyscallEvent.Printer {
  /** exit's printer: argument status. */
  EXIT(e -> Strace.ret("exit(" + (int) e.arg(0) + ")", e)),
  /** exit_group's printer: argument status. */
  EXIT_GROUP(e -> Strace.ret("exit_group(" + (int) e.arg(0) + ")", e)),
  /**
   * wait4's printer: arguments pid, wstatus, options, rusage; the status stored (an {@link
   * Integer}), none when nothing was stored.
   */
  WAIT4(
      e -> {
        Integer status = e.decoded(Integer.class);
        long wstatus = e.arg(1);
        return Strace.ret(
            "wait4("
                + (int) e.arg(0)
                + ", "
                + (wstatus == 0
                    ? "NULL"
                    : status != null ? "[" + Wait.formatStatus(status) + "]" : Strace.addr(wstatus))
                + ", "
                + Wait.formatOptions((int) e.arg(2))
                + ", "
                + Strace.addr(e.arg(3))
                + ")",
            e);
      }),
  /**
   * waitid's printer: arguments idtype, id, infop, options, rusage; the {@link WaitResult} whose
   * siginfo was stored, none when nothing was.
   */
  WAITID(
      e -> {
        WaitResult got = e.decoded(WaitResult.class);
        return Strace.ret(
            "waitid("
                + idtype((int) e.arg(0))
                + ", "
                + (int) e.arg(1)
                + ", "
                + (got != null ? siginfoText(got) : Strace.addr(e.arg(2)))
                + ", "
                + Wait.formatOptions((int) e.arg(3))
                + ", "
                + Strace.addr(e.arg(4))
                + ")",
            e);
      });

  private final SyscallEvent.Printer printer;

  WaitText(SyscallEvent.Printer printer) {
    this.printer = printer;
  }

  @Override
  public String text(SyscallEvent call) {
    return printer.text(call);
  }

  private static String idtype(int idtype) {
    return switch (idtype) {
      case Wait.P_ALL -> "P_ALL";
      case Wait.P_PID -> "P_PID";
      case Wait.P_PIDFD -> "P_PIDFD";
      case Wait.P_PGID -> "P_PGID";
      default -> Integer.toString(idtype);
    };
  }

  private static String siginfoText(WaitResult w) {
    boolean exited = (w.status() & 0x7f) == 0;
    return "{si_signo=SIGCHLD, si_code="
        + (exited ? "CLD_EXITED" : "CLD_KILLED")
        + ", si_pid="
        + w.pid()
        + ", si_uid="
        + w.uid()
        + ", si_status="
        + (exited ? Integer.toString((w.status() >> 8) & 0xff) : Signals.name(w.status() & 0x7f))
        + ", si_utime=0, si_stime=0}";
  }
}
