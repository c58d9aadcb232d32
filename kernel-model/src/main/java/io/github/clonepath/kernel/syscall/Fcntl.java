package io.github.clonepath.kernel.syscall;

/** Open flags, {@code fcntl} commands and {@code AT_FDCWD} of x86-64 Linux, with strace text. */
public final class Fcntl {
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_RDWR = 2;
  public static final int O_CREAT = 0100;
  public static final int O_EXCL = 0200;
  public static final int O_TRUNC = 01000;
  public static final int O_APPEND = 02000;
  public static final int O_NONBLOCK = 04000;
  public static final int O_DIRECT = 040000;
  public static final int O_DIRECTORY = 0200000;
  public static final int O_CLOEXEC = 02000000;
  public static final int O_LARGEFILE = 0100000;

  /** The "current directory" dirfd. */
  public static final int AT_FDCWD = -100;

  /** {@code AT_EMPTY_PATH}: an empty path names the descriptor itself. */
  public static final int AT_EMPTY_PATH = 0x1000;

  public static final int F_DUPFD = 0;
  public static final int F_GETFD = 1;
  public static final int F_SETFD = 2;
  public static final int F_GETFL = 3;
  public static final int F_DUPFD_CLOEXEC = 1030;

  /** The close-on-exec descriptor flag. */
  public static final int FD_CLOEXEC = 1;

  private Fcntl() {}

  /**
   * Open flags as strace prints them: access mode first, then the rest in strace's order.
   *
   * @param flags the bits
   * @return for example {@code O_RDONLY|O_CLOEXEC}
   */
  public static String formatOpenFlags(int flags) {
    StringBuilder sb = new StringBuilder();
    switch (flags & 3) {
      case O_RDONLY -> sb.append("O_RDONLY");
      case O_WRONLY -> sb.append("O_WRONLY");
      case O_RDWR -> sb.append("O_RDWR");
      default -> sb.append("O_ACCMODE");
    }
    int rest = flags & ~3;
    int[] bits = {
      O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_NONBLOCK, O_LARGEFILE, O_DIRECTORY, O_CLOEXEC
    };
    String[] names = {
      "O_CREAT",
      "O_EXCL",
      "O_TRUNC",
      "O_APPEND",
      "O_NONBLOCK",
      "O_LARGEFILE",
      "O_DIRECTORY",
      "O_CLOEXEC"
    };
    for (int i = 0; i < bits.length; i++) {
      if ((rest & bits[i]) != 0) {
        sb.append('|').append(names[i]);
        rest &= ~bits[i];
      }
    }
    if (rest != 0) {
      sb.append("|0").append(Integer.toOctalString(rest));
    }
    return sb.toString();
  }

  /**
   * A dirfd as strace prints it.
   *
   * @param dirfd the value
   * @return {@code AT_FDCWD} or the number
   */
  public static String formatDirfd(int dirfd) {
    return dirfd == AT_FDCWD ? "AT_FDCWD" : Integer.toString(dirfd);
  }
}
