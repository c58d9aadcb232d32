package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Abi;
import io.github.clonepath.kernel.syscall.Rlimits;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.kernel.task.Rlimit;
import org.jspecify.annotations.Nullable;

/**
 * The calls of kernel/sys.c as strace 6.1 prints them (the ids with no arguments, its umask.c,
 * uid.c and resource.c: the limits as structs, read or stored by the call and captured as {@link
 * Rlimit} values), and those printed from their registers alone: rseq (its rseq.c) and x86-64's
 * arch_prctl (its arch_prctl.c).
 */
enum SysText implements SyscallEvent.Printer {
  /** A call with no arguments, such as {@code gettid() = 1235}. */
  NO_ARGS(e -> Strace.ret(e.name() + "()", e)),
  /** rseq's printer: arguments rseq, len, flags, sig. */
  RSEQ(
      e ->
          Strace.ret(
              "rseq("
                  + Strace.addr(e.arg(0))
                  + ", 0x"
                  + Integer.toHexString((int) e.arg(1))
                  + ", "
                  + (int) e.arg(2)
                  + ", 0x"
                  + Integer.toHexString((int) e.arg(3))
                  + ")",
              e)),
  /** arch_prctl's printer: arguments code, addr. */
  ARCH_PRCTL(
      e -> {
        int code = (int) e.arg(0);
        String name =
            switch (code) {
              case Abi.ARCH_SET_FS -> "ARCH_SET_FS";
              case Abi.ARCH_GET_FS -> "ARCH_GET_FS";
              default -> "0x" + Integer.toHexString(code) + " /* ARCH_??? */";
            };
        return Strace.ret(
            "arch_prctl(" + name + ", " + Strace.addr(e.arg(1)).replace("NULL", "0") + ")", e);
      }),
  /** umask's printer: argument mask; the old mask is the result, in octal too. */
  UMASK(
      e -> "umask(" + FileCalls.octal((int) e.arg(0)) + ") = " + FileCalls.octal((int) e.result())),
  /** setresuid's printer: arguments ruid, euid, suid. */
  SETRESUID(
      e ->
          Strace.ret(
              "setresuid(" + (int) e.arg(0) + ", " + (int) e.arg(1) + ", " + (int) e.arg(2) + ")",
              e)),
  /** getrlimit's printer: arguments resource, rlim; the {@link Rlimit} stored, none on failure. */
  GETRLIMIT(
      e ->
          Strace.ret(
              "getrlimit("
                  + Rlimits.name((int) e.arg(0))
                  + ", "
                  + limit(e.decoded(Rlimit.class), e.arg(1))
                  + ")",
              e)),
  /** setrlimit's printer: arguments resource, rlim; the {@link Rlimit} read, none on a fault. */
  SETRLIMIT(
      e ->
          Strace.ret(
              "setrlimit("
                  + Rlimits.name((int) e.arg(0))
                  + ", "
                  + limit(e.decoded(Rlimit.class), e.arg(1))
                  + ")",
              e)),
  /** prlimit64's printer: arguments pid, resource, new_limit, old_limit; {@link Limits}. */
  PRLIMIT64(
      e -> {
        Limits l = e.decoded(Limits.class);
        long newLimit = e.arg(2);
        long oldLimit = e.arg(3);
        return Strace.ret(
            "prlimit64("
                + (int) e.arg(0)
                + ", "
                + Rlimits.name((int) e.arg(1))
                + ", "
                + (newLimit == 0 ? "NULL" : limit(l.in(), newLimit))
                + ", "
                + (oldLimit == 0 ? "NULL" : limit(l.out(), oldLimit))
                + ")",
            e);
      });

  private final SyscallEvent.Printer printer;

  SysText(SyscallEvent.Printer printer) {
    this.printer = printer;
  }

  @Override
  public String text(SyscallEvent call) {
    return printer.text(call);
  }

  /**
   * prlimit64's limits.
   *
   * @param in the new limit read, or null
   * @param out the old limit stored, or null
   */
  record Limits(@Nullable Rlimit in, @Nullable Rlimit out) {}

  private static String limit(@Nullable Rlimit v, long addr) {
    return v == null ? Strace.addr(addr) : Rlimits.format(v.cur(), v.max());
  }
}
