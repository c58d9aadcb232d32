package io.github.clonepath.kernel.syscall;

import com.google.common.collect.ImmutableList;

/**
 * Signal numbers of x86-64 Linux ({@code include/uapi/asm-generic/signal.h}) and their names and
 * sets as strace 6.1 prints them.
 *
 * <p>The kernel's real-time range starts at 32; glibc reserves 32 and 33 for itself (SIGCANCEL,
 * SIGSETXID) and calls 34 {@code SIGRTMIN}. strace names signals after the kernel: 32 is {@code
 * SIGRTMIN}, and {@code 32+n} is {@code SIGRT_n}, so glibc's {@code SIGRTMIN+3} prints as {@code
 * SIGRT_5}.
 */
public final class Signals {
  public static final int SIGHUP = 1;
  public static final int SIGINT = 2;
  public static final int SIGQUIT = 3;
  public static final int SIGILL = 4;
  public static final int SIGTRAP = 5;
  public static final int SIGABRT = 6;
  public static final int SIGBUS = 7;
  public static final int SIGFPE = 8;
  public static final int SIGKILL = 9;
  public static final int SIGUSR1 = 10;
  public static final int SIGSEGV = 11;
  public static final int SIGUSR2 = 12;
  public static final int SIGPIPE = 13;
  public static final int SIGALRM = 14;
  public static final int SIGTERM = 15;
  public static final int SIGSTKFLT = 16;
  public static final int SIGCHLD = 17;
  public static final int SIGCONT = 18;
  public static final int SIGSTOP = 19;
  public static final int SIGTSTP = 20;
  public static final int SIGTTIN = 21;
  public static final int SIGTTOU = 22;
  public static final int SIGURG = 23;
  public static final int SIGXCPU = 24;
  public static final int SIGXFSZ = 25;
  public static final int SIGVTALRM = 26;
  public static final int SIGPROF = 27;
  public static final int SIGWINCH = 28;
  public static final int SIGIO = 29;
  public static final int SIGPWR = 30;
  public static final int SIGSYS = 31;

  /** The kernel's first real-time signal. */
  public static final int SIGRTMIN = 32;

  /** The last signal, {@code _NSIG}. */
  public static final int SIGRTMAX = 64;

  /** {@code _NSIG}: signals are 1..64. */
  public static final int NSIG = 64;

  /** {@code SIG_DFL} handler value. */
  public static final long SIG_DFL = 0;

  /** {@code SIG_IGN} handler value. */
  public static final long SIG_IGN = 1;

  /** {@code rt_sigprocmask} how: add to the mask. */
  public static final int SIG_BLOCK = 0;

  /** {@code rt_sigprocmask} how: remove from the mask. */
  public static final int SIG_UNBLOCK = 1;

  /** {@code rt_sigprocmask} how: replace the mask. */
  public static final int SIG_SETMASK = 2;

  /** {@code sa_flags}: restart interrupted calls (recorded; see the module README). */
  public static final long SA_RESTART = 0x10000000L;

  /** {@code sa_flags}: three-argument handler. */
  public static final long SA_SIGINFO = 0x4L;

  /** {@code sa_flags}: run on the alternate stack. */
  public static final long SA_ONSTACK = 0x08000000L;

  /** {@code sa_flags}: a restorer is given. */
  public static final long SA_RESTORER = 0x04000000L;

  /** {@code sa_flags}: do not block the signal in its handler. */
  public static final long SA_NODEFER = 0x40000000L;

  /** {@code sa_flags}: reset to SIG_DFL on delivery. */
  public static final long SA_RESETHAND = 0x80000000L;

  /** {@code sa_flags}: no SIGCHLD when children stop. */
  public static final long SA_NOCLDSTOP = 0x1L;

  /** {@code sa_flags}: children do not become zombies. */
  public static final long SA_NOCLDWAIT = 0x2L;

  /** {@code ss_flags}: the alternate stack is in use. */
  public static final int SS_ONSTACK = 1;

  /** {@code ss_flags}: the alternate stack is disabled. */
  public static final int SS_DISABLE = 2;

  /** {@code MINSIGSTKSZ} of x86-64. */
  public static final long MINSIGSTKSZ = 2048;

  private static final ImmutableList<String> NAMES =
      ImmutableList.of(
          "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
          "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
          "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

  private static final ImmutableList<String> SA_FLAG_NAMES =
      ImmutableList.of(
          "SA_RESTORER",
          "SA_ONSTACK",
          "SA_RESTART",
          "SA_NODEFER",
          "SA_RESETHAND",
          "SA_SIGINFO",
          "SA_NOCLDSTOP",
          "SA_NOCLDWAIT");

  private static final ImmutableList<Long> SA_FLAG_BITS =
      ImmutableList.of(
          SA_RESTORER,
          SA_ONSTACK,
          SA_RESTART,
          SA_NODEFER,
          SA_RESETHAND,
          SA_SIGINFO,
          SA_NOCLDSTOP,
          SA_NOCLDWAIT);

  private Signals() {}

  /**
   * The mask bit of one signal.
   *
   * @param sig 1..64
   * @return {@code 1 << (sig - 1)}
   */
  public static long bit(int sig) {
    return 1L << (sig - 1);
  }

  /**
   * Whether a number is a signal ({@code valid_signal}: 0..64, 0 being the null signal).
   *
   * @param sig the number
   * @return true for 0..64
   */
  public static boolean valid(long sig) {
    return sig >= 0 && sig <= NSIG;
  }

  /**
   * A signal's name without the {@code SIG} prefix, as strace prints it inside a set.
   *
   * @param sig 1..64
   * @return for example {@code USR1}, {@code RTMIN}, {@code RT_5}
   */
  public static String shortName(int sig) {
    if (sig >= 1 && sig <= 31) {
      return NAMES.get(sig - 1);
    }
    if (sig == SIGRTMIN) {
      return "RTMIN";
    }
    if (sig > SIGRTMIN && sig <= SIGRTMAX) {
      return "RT_" + (sig - SIGRTMIN);
    }
    return Integer.toString(sig);
  }

  /**
   * A signal's name as strace prints a signal argument: {@code SIGCHLD}, {@code SIGRT_32}, or the
   * plain number when it is not a signal ({@code 0}, {@code 65}).
   *
   * @param sig the number
   * @return the name
   */
  public static String name(long sig) {
    if (sig >= 1 && sig <= SIGRTMAX) {
      return "SIG" + shortName((int) sig);
    }
    return Long.toString(sig);
  }

  /**
   * A 64-bit signal set as strace prints it: {@code [USR1 RT_2]}, {@code []}, or, when 42 or more
   * of the 64 bits are set (strace prefers the shorter form), the complement: {@code ~[]}, {@code
   * ~[KILL STOP RTMIN RT_1]}. The 42 was measured with strace 6.1 on the reference machine.
   *
   * @param mask bit {@code n-1} for signal {@code n}
   * @return the text
   */
  public static String formatSet(long mask) {
    return appendSet(new StringBuilder(16), mask).toString();
  }

  /**
   * Appends a signal set as {@link #formatSet} prints it, visiting only the bits that are set.
   *
   * @param sb where it goes
   * @param mask bit {@code n-1} for signal {@code n}
   * @return {@code sb}
   */
  public static StringBuilder appendSet(StringBuilder sb, long mask) {
    boolean inverted = Long.bitCount(mask) >= 42;
    long shown = inverted ? ~mask : mask;
    sb.append(inverted ? "~[" : "[");
    boolean first = true;
    for (long rest = shown; rest != 0; rest &= rest - 1) {
      if (!first) {
        sb.append(' ');
      }
      int sig = Long.numberOfTrailingZeros(rest) + 1;
      if (sig > SIGRTMIN) {
        sb.append("RT_").append(sig - SIGRTMIN);
      } else {
        sb.append(shortName(sig));
      }
      first = false;
    }
    return sb.append(']');
  }

  /**
   * {@code sa_flags} as strace prints them, in strace's table order (not bit order): {@code
   * SA_RESTORER|SA_ONSTACK|SA_RESTART|SA_SIGINFO}, or {@code 0}.
   *
   * @param flags the bits
   * @return the text, unknown bits as hex ({@code 0x100 /* SA_??? *}{@code /} when none has a name)
   */
  public static String formatSaFlags(long flags) {
    StringBuilder sb = new StringBuilder();
    long rest = flags;
    for (int i = 0; i < SA_FLAG_BITS.size(); i++) {
      if ((rest & SA_FLAG_BITS.get(i)) != 0) {
        if (sb.length() > 0) {
          sb.append('|');
        }
        sb.append(SA_FLAG_NAMES.get(i));
        rest &= ~SA_FLAG_BITS.get(i);
      }
    }
    if (rest != 0) {
      boolean named = sb.length() > 0;
      if (named) {
        sb.append('|');
      }
      sb.append("0x").append(Long.toHexString(rest));
      if (!named) {
        sb.append(" /* SA_??? */");
      }
    }
    return sb.length() == 0 ? "0" : sb.toString();
  }
}
