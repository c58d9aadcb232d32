package io.github.clonepath.kernel.syscall;

import io.github.clonepath.common.SyscallEvent;
import java.util.List;

/** Prints recorded system calls as {@code strace -f -o FILE} writes them. */
public final class Strace {
  private Strace() {}

  /**
   * One call: the tid left-aligned in five columns, a space, the call text.
   *
   * @param e the call
   * @return for example {@code 1235 gettid() = 1235}
   */
  public static String line(SyscallEvent e) {
    StringBuilder sb = new StringBuilder(e.text().length() + 8);
    return append(sb, e).toString();
  }

  /**
   * Appends one call's line, without the newline, as {@link #line} makes it.
   *
   * @param sb where the line goes
   * @param e the call
   * @return {@code sb}
   */
  public static StringBuilder append(StringBuilder sb, SyscallEvent e) {
    int start = sb.length();
    sb.append(e.tid());
    while (sb.length() - start < 5) {
      sb.append(' ');
    }
    return sb.append(' ').append(e.text());
  }

  /**
   * Many calls, one line each.
   *
   * @param events the calls
   * @return the lines, each ending with a newline
   */
  public static String lines(List<SyscallEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (SyscallEvent e : events) {
      append(sb, e).append('\n');
    }
    return sb.toString();
  }

  /**
   * A pointer argument as strace prints it.
   *
   * @param addr the address
   * @return {@code NULL} or hex
   */
  public static String addr(long addr) {
    return addr == 0 ? "NULL" : "0x" + Long.toHexString(addr);
  }

  /**
   * Appends a pointer argument as {@link #addr} prints it, without a string of its own.
   *
   * @param sb where it goes
   * @param addr the address
   * @return {@code sb}
   */
  public static StringBuilder appendAddr(StringBuilder sb, long addr) {
    return addr == 0 ? sb.append("NULL") : sb.append("0x").append(Long.toHexString(addr));
  }

  /**
   * A call's text with its result: {@code call = result}, or {@code call = ?} for a call the task
   * never returned from.
   *
   * @param call the call up to its closing parenthesis
   * @param e the recorded call
   * @return the whole text
   */
  public static String ret(String call, SyscallEvent e) {
    return ret(new StringBuilder(call.length() + 24).append(call), e);
  }

  /**
   * As {@link #ret(String, SyscallEvent)}, for a call whose text up to its closing parenthesis is
   * already in {@code call}: the printers of the most frequent calls build their line in one
   * buffer.
   *
   * @param call the call up to its closing parenthesis; the result is appended to it
   * @param e the recorded call
   * @return the whole text
   */
  public static String ret(StringBuilder call, SyscallEvent e) {
    call.append(" = ");
    if (!e.returned()) {
      return call.append('?').toString();
    }
    long r = e.result();
    Errno errno = Errno.ofResult(r);
    if (errno != null) {
      call.append("-1 ").append(errno.name()).append(" (").append(errno.text()).append(')');
    } else {
      call.append(r);
    }
    return call.toString();
  }

  /**
   * A result as strace prints it after {@code = }.
   *
   * @param result the raw value
   * @return the number, or {@code -1 ENAME (text)}
   */
  public static String result(long result) {
    Errno e = Errno.ofResult(result);
    if (e != null) {
      return "-1 " + e.name() + " (" + e.text() + ")";
    }
    return Long.toString(result);
  }

  /**
   * A string argument as strace prints it with {@code -s limit}: quoted, C escapes, and {@code ...}
   * after the quote when cut. Like strace, it prints the bytes the program writes: a character
   * outside ASCII is its UTF-8 bytes in octal ({@code é} is {@code \303\251}), and the limit counts
   * bytes.
   *
   * @param s the text, written as UTF-8
   * @param limit strace's {@code -s}
   * @return the text
   */
  public static String string(String s, int limit) {
    return bytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), limit);
  }

  /**
   * Bytes of a buffer as strace prints them: quoted, escaped as {@link #string}, cut at {@code
   * limit} bytes with {@code ...} after.
   *
   * @param bytes the buffer's bytes
   * @param limit strace's {@code -s}
   * @return the quoted text
   */
  public static String bytes(byte[] bytes, int limit) {
    StringBuilder sb = new StringBuilder("\"");
    int n = Math.min(bytes.length, limit);
    for (int i = 0; i < n; i++) {
      int c = bytes[i] & 0xff;
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c >= 0x7f) {
            sb.append('\\').append(Integer.toOctalString(c));
          } else {
            sb.append((char) c);
          }
        }
      }
    }
    sb.append('"');
    if (bytes.length > limit) {
      sb.append("...");
    }
    return sb.toString();
  }
}
