package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Fcntl;
import io.github.clonepath.kernel.syscall.Strace;

/**
 * The descriptor and I/O calls as strace 6.1 prints them (its desc.c and io.c): descriptors as
 * numbers, buffers as quoted strings cut at {@code -s 32}. The bytes a buffer held are the one
 * piece read from user memory; the call captures them.
 */
enum FileText implements SyscallEvent.Printer {
  /** close's printer: argument fd. */
  CLOSE(e -> Strace.ret("close(" + (int) e.arg(0) + ")", e)),
  /** dup's printer: argument fd. */
  DUP(e -> Strace.ret("dup(" + (int) e.arg(0) + ")", e)),
  /**
   * write's printer: arguments fd, count; the text written (a {@link String}). DEVIATION: the
   * model's writes carry a Java string, not a pointer into user memory.
   */
  WRITE(
      e ->
          Strace.ret(
              "write("
                  + (int) e.arg(0)
                  + ", "
                  + Strace.string(e.decoded(String.class), TaskContext.STRING_LIMIT)
                  + ", "
                  + e.arg(1)
                  + ")",
              e)),
  /**
   * read's printer: arguments fd, buf, count; the bytes read (a {@code byte[]}), none when nothing
   * was read (then the buffer's address).
   */
  READ(
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
      }),
  /**
   * openat's printer: arguments dirfd, flags, mode; the path (a {@link String}). DEVIATION: the
   * model's paths are Java strings, not pointers into user memory.
   */
  OPENAT(
      e -> {
        int flags = (int) e.arg(1);
        return Strace.ret(
            "openat("
                + Fcntl.formatDirfd((int) e.arg(0))
                + ", "
                + Strace.string(e.decoded(String.class), 4096)
                + ", "
                + Fcntl.formatOpenFlags(flags)
                + ((flags & Fcntl.O_CREAT) != 0 ? ", " + FileCalls.octal((int) e.arg(2)) : "")
                + ")",
            e);
      }),
  /** chdir's printer: the path (a {@link String}). */
  CHDIR(e -> Strace.ret("chdir(" + Strace.string(e.decoded(String.class), 4096) + ")", e)),
  /** dup3's printer: arguments oldfd, newfd, flags. */
  DUP3(
      e -> {
        int flags = (int) e.arg(2);
        String fl =
            flags == Fcntl.O_CLOEXEC
                ? "O_CLOEXEC"
                : flags == 0 ? "0" : "0" + Integer.toOctalString(flags);
        return Strace.ret("dup3(" + (int) e.arg(0) + ", " + (int) e.arg(1) + ", " + fl + ")", e);
      }),
  /**
   * fcntl's printer: arguments fd, cmd, arg. F_GETFD and F_GETFL print their result decoded as
   * strace does ({@code 0x1 (flags FD_CLOEXEC)}).
   */
  FCNTL(
      e -> {
        int cmd = (int) e.arg(1);
        long arg = e.arg(2);
        long r = e.result();
        String cmdText;
        String argText = "";
        String resultNote = null;
        switch (cmd) {
          case Fcntl.F_GETFD -> {
            cmdText = "F_GETFD";
            if (r == 1) {
              resultNote = "0x1 (flags FD_CLOEXEC)";
            }
          }
          case Fcntl.F_SETFD -> {
            cmdText = "F_SETFD";
            argText = ", " + ((arg & Fcntl.FD_CLOEXEC) != 0 ? "FD_CLOEXEC" : "0");
          }
          case Fcntl.F_GETFL -> {
            cmdText = "F_GETFL";
            if (r >= 0) {
              resultNote =
                  "0x" + Long.toHexString(r) + " (flags " + Fcntl.formatOpenFlags((int) r) + ")";
            }
          }
          case Fcntl.F_DUPFD, Fcntl.F_DUPFD_CLOEXEC -> {
            cmdText = cmd == Fcntl.F_DUPFD ? "F_DUPFD" : "F_DUPFD_CLOEXEC";
            argText = ", " + arg;
          }
          default -> {
            cmdText = "0x" + Integer.toHexString(cmd) + " /* F_??? */";
            argText = ", 0x" + Long.toHexString(arg);
          }
        }
        String text = "fcntl(" + (int) e.arg(0) + ", " + cmdText + argText + ")";
        return resultNote != null ? text + " = " + resultNote : Strace.ret(text, e);
      }),
  /** newfstatat's printer: arguments dirfd, statbuf, flags; a {@link Stat}. */
  NEWFSTATAT(
      e -> {
        Stat st = e.decoded(Stat.class);
        int flags = (int) e.arg(2);
        String buf =
            e.result() == 0
                ? "{st_mode="
                    + (st.directory() ? "S_IFDIR|" : "S_IFREG|")
                    + FileCalls.octal(st.mode())
                    + ", st_size="
                    + st.size()
                    + ", ...}"
                : Strace.addr(e.arg(1));
        return Strace.ret(
            "newfstatat("
                + Fcntl.formatDirfd((int) e.arg(0))
                + ", "
                + Strace.string(st.path(), 4096)
                + ", "
                + buf
                + ", "
                + ((flags & Fcntl.AT_EMPTY_PATH) != 0 ? "AT_EMPTY_PATH" : "0")
                + ")",
            e);
      }),
  /**
   * pipe2's printer: arguments fildes, flags; the two descriptors (an {@code int[]}), none on
   * failure.
   */
  PIPE2(
      e -> {
        int[] fds = e.decoded(int[].class);
        String pair = fds == null ? Strace.addr(e.arg(0)) : "[" + fds[0] + ", " + fds[1] + "]";
        return Strace.ret("pipe2(" + pair + ", " + pipeFlags((int) e.arg(1)) + ")", e);
      }),
  /**
   * getcwd's printer: arguments buf, size; the path copied out (a {@link String}), none on failure.
   */
  GETCWD(
      e -> {
        String cwd = e.decoded(String.class);
        String bufText =
            e.result() > 0 && cwd != null
                ? Strace.string(cwd, TaskContext.STRING_LIMIT)
                : Strace.addr(e.arg(0));
        return Strace.ret("getcwd(" + bufText + ", " + e.arg(1) + ")", e);
      });

  private final SyscallEvent.Printer printer;

  FileText(SyscallEvent.Printer printer) {
    this.printer = printer;
  }

  @Override
  public String text(SyscallEvent call) {
    return printer.text(call);
  }

  /**
   * What newfstatat found: the path and, when the call succeeded, the node's type, mode and size at
   * that time.
   *
   * @param path the path given
   * @param found whether a node was found and stored
   * @param directory whether it is a directory
   * @param mode its permission bits
   * @param size its size
   */
  record Stat(String path, boolean found, boolean directory, int mode, long size) {}

  /** pipe2's flags as strace prints them. */
  private static String pipeFlags(int flags) {
    if (flags == 0) {
      return "0";
    }
    StringBuilder sb = new StringBuilder();
    int rest = flags;
    if ((rest & Fcntl.O_NONBLOCK) != 0) {
      sb.append("|O_NONBLOCK");
      rest &= ~Fcntl.O_NONBLOCK;
    }
    if ((rest & Fcntl.O_DIRECT) != 0) {
      sb.append("|O_DIRECT");
      rest &= ~Fcntl.O_DIRECT;
    }
    if ((rest & Fcntl.O_CLOEXEC) != 0) {
      sb.append("|O_CLOEXEC");
      rest &= ~Fcntl.O_CLOEXEC;
    }
    if (rest != 0) {
      sb.append("|0x").append(Integer.toHexString(rest));
    }
    return sb.substring(1);
  }
}
