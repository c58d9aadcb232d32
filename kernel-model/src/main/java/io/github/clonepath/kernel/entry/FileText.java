package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Strace;

/**
 * The descriptor and I/O calls as strace 6.1 prints them (its desc.c and io.c): descriptors as
 * numbers, buffers as quoted strings cut at {@code -s 32}. The bytes a buffer held are the one
 * piece read from user memory; the call captures them.
 */
final class FileText {
  private FileText() {}

  /** close's printer: argument fd. */
  static final SyscallEvent.Printer CLOSE = e -> Strace.ret("close(" + (int) e.arg(0) + ")", e);

  /** dup's printer: argument fd. */
  static final SyscallEvent.Printer DUP = e -> Strace.ret("dup(" + (int) e.arg(0) + ")", e);

  /**
   * write's printer: arguments fd, count; the text written (a {@link String}). DEVIATION: the
   * model's writes carry a Java string, not a pointer into user memory.
   */
  static final SyscallEvent.Printer WRITE =
      e ->
          Strace.ret(
              "write("
                  + (int) e.arg(0)
                  + ", "
                  + Strace.string(e.decoded(String.class), TaskContext.STRING_LIMIT)
                  + ", "
                  + e.arg(1)
                  + ")",
              e);

  /**
   * read's printer: arguments fd, buf, count; the bytes read (a {@code byte[]}), or null when none
   * were (then the buffer's address).
   */
  static final SyscallEvent.Printer READ =
      e -> {
        byte[] got = e.decoded(byte[].class);
        return Strace.ret(
            "read("
                + (int) e.arg(0)
                + ", "
                + (got != null
                    ? Strace.bytes(got, TaskContext.STRING_LIMIT)
                    : Strace.addr(e.arg(1)))
                + ", "
                + e.arg(2)
                + ")",
            e);
      };
}
