package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Abi;
import io.github.clonepath.kernel.syscall.Strace;

/**
 * Calls strace 6.1 prints from their registers alone: the ids of kernel/sys.c (no arguments), rseq
 * (its rseq.c) and x86-64's arch_prctl (its arch_prctl.c).
 */
final class SysText {
  private SysText() {}

  /** A call with no arguments, such as {@code gettid() = 1235}. */
  static final SyscallEvent.Printer NO_ARGS = e -> Strace.ret(e.name() + "()", e);

  /** rseq's printer: arguments rseq, len, flags, sig. */
  static final SyscallEvent.Printer RSEQ =
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
              e);

  /** arch_prctl's printer: arguments code, addr. */
  static final SyscallEvent.Printer ARCH_PRCTL =
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
      };
}
