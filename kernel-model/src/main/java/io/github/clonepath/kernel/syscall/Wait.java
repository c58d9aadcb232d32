package io.github.clonepath.kernel.syscall;

/** {@code wait4(2)}/{@code waitid(2)} options and id types, and their strace text. */
public final class Wait {
  public static final int WNOHANG = 0x00000001;
  public static final int WUNTRACED = 0x00000002;
  public static final int WEXITED = 0x00000004;
  public static final int WCONTINUED = 0x00000008;
  public static final int WNOWAIT = 0x01000000;

  /** Wait only for children of this thread, not of the whole group. */
  public static final int __WNOTHREAD = 0x20000000;

  /** Wait for every child, whatever its exit signal. */
  public static final int __WALL = 0x40000000;

  /** Wait only for "clone" children: exit signal other than SIGCHLD. */
  public static final int __WCLONE = 0x80000000;

  public static final int P_ALL = 0;
  public static final int P_PID = 1;
  public static final int P_PGID = 2;
  public static final int P_PIDFD = 3;

  /** {@code si_code} for a child that exited. */
  public static final int CLD_EXITED = 1;

  /** {@code si_code} for a child killed by a signal. */
  public static final int CLD_KILLED = 2;

  private Wait() {}

  /**
   * Options as strace prints them, in its table order.
   *
   * @param options the bits
   * @return for example {@code WNOHANG|__WALL}, {@code 0}, or {@code 0x100 /* W??? *}{@code /} when
   *     no bit has a name
   */
  public static String formatOptions(int options) {
    StringBuilder sb = new StringBuilder();
    int rest = options;
    int[] bits = {WNOHANG, WUNTRACED, WEXITED, WCONTINUED, WNOWAIT, __WNOTHREAD, __WALL, __WCLONE};
    String[] names = {
      "WNOHANG", "WSTOPPED", "WEXITED", "WCONTINUED", "WNOWAIT", "__WNOTHREAD", "__WALL", "__WCLONE"
    };
    for (int i = 0; i < bits.length; i++) {
      if ((rest & bits[i]) != 0) {
        if (sb.length() > 0) {
          sb.append('|');
        }
        sb.append(names[i]);
        rest &= ~bits[i];
      }
    }
    if (rest != 0) {
      boolean named = sb.length() > 0;
      if (named) {
        sb.append('|');
      }
      sb.append("0x").append(Integer.toHexString(rest));
      if (!named) {
        sb.append(" /* W??? */");
      }
    }
    return sb.length() == 0 ? "0" : sb.toString();
  }

  /**
   * A wait status as strace prints it inside {@code [...]}.
   *
   * @param status the status word
   * @return for example {@code {WIFEXITED(s) && WEXITSTATUS(s) == 7}}
   */
  public static String formatStatus(int status) {
    int sig = status & 0x7f;
    if (sig == 0) {
      return "{WIFEXITED(s) && WEXITSTATUS(s) == " + ((status >> 8) & 0xff) + "}";
    }
    return "{WIFSIGNALED(s) && WTERMSIG(s) == "
        + Signals.name(sig)
        + ((status & 0x80) != 0 ? " && WCOREDUMP(s)" : "")
        + "}";
  }
}
