package io.github.clonepath.lab.scenario;

import io.github.clonepath.kernel.syscall.Errno;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a step read as values, each refused with the line and what was expected when it is
 * not one: a word that does not fit is a mistake in the scenario, never a number that wraps.
 */
final class StepArgs {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,19})(ns|us|ms|s)?");

  private StepArgs() {}

  /**
   * A duration: nanoseconds, or a whole number with {@code ns}, {@code us}, {@code ms} or {@code
   * s}; at most 2^63-1 ns (292 years), the range of a 64-bit {@code time.Duration} or of a {@code
   * timespec} in nanoseconds.
   *
   * @param s the step
   * @param i the word's index
   * @return nanoseconds
   */
  static long duration(Step s, int i) {
    return duration(s.arg(i), s.verb(), s.line());
  }

  /**
   * A duration word, as {@link #duration(Step, int)}.
   *
   * @param word the word
   * @param what what needs it, for the message
   * @param line the line, or 0
   * @return nanoseconds
   */
  static long duration(String word, String what, int line) {
    Matcher m = DURATION.matcher(word);
    if (m.matches()) {
      long scale =
          switch (m.group(2) == null ? "ns" : m.group(2)) {
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            default -> 1L;
          };
      try {
        return Math.multiplyExact(Long.parseLong(m.group(1)), scale);
      } catch (ArithmeticException | NumberFormatException e) {
        throw new ScenarioException(
            line, what + " needs a duration up to 2^63-1 ns (about 292 years), got '" + word + "'");
      }
    }
    throw new ScenarioException(
        line, what + " needs a duration such as 10ms, 1s or 20000ns, got '" + word + "'");
  }

  /**
   * A signed 64-bit number, decimal or {@code 0x} hexadecimal.
   *
   * @param s the step
   * @param i the word's index
   * @return the number
   */
  static long number(Step s, int i) {
    return number(s.arg(i), s.verb(), s.line());
  }

  /**
   * A number word, as {@link #number(Step, int)}.
   *
   * @param word the word
   * @param what what needs it, for the message
   * @param line the line, or 0
   * @return the number
   */
  static long number(String word, String what, int line) {
    try {
      return Long.decode(word);
    } catch (NumberFormatException e) {
      throw new ScenarioException(
          line,
          what
              + " needs a whole number from -2^63 to 2^63-1 (decimal or 0x hex), got '"
              + word
              + "'");
    }
  }

  /**
   * A size: an unsigned 64-bit number ({@code size_t}), decimal or {@code 0x} hexadecimal.
   *
   * @param word the word
   * @param what what needs it, for the message
   * @param line the line
   * @return the size, as the 64 bits of the unsigned value
   */
  static long size(String word, String what, int line) {
    try {
      if (word.startsWith("0x") || word.startsWith("0X")) {
        return Long.parseUnsignedLong(word.substring(2), 16);
      }
      return Long.parseUnsignedLong(word);
    } catch (NumberFormatException e) {
      throw new ScenarioException(
          line, what + " needs a size from 0 to 2^64-1 (decimal or 0x hex), got '" + word + "'");
    }
  }

  /**
   * A user or group id, or another 32-bit whole number.
   *
   * @param s the step
   * @param i the word's index
   * @return the number
   */
  static int id(Step s, int i) {
    String word = s.arg(i);
    try {
      return Integer.parseInt(word);
    } catch (NumberFormatException e) {
      throw new ScenarioException(
          s.line(), s.verb() + " needs a whole number of 32 bits, got '" + word + "'");
    }
  }

  /**
   * An errno by name, such as {@code EPERM}.
   *
   * @param s the step
   * @param i the word's index
   * @return the errno
   */
  static Errno errno(Step s, int i) {
    return errno(s.arg(i), s);
  }

  /**
   * An errno by name or number, or 0 for success ({@code expect=0}).
   *
   * @param s the step, for the message
   * @param word the word
   * @return the number
   */
  static int errnoOrZero(Step s, String word) {
    if (isDigits(word, 4)) {
      return Integer.parseInt(word);
    }
    return errno(word, s).number();
  }

  /** {@code \d{1,max}}, read without a regular expression: every checked create and join asks. */
  static boolean isDigits(String word, int max) {
    if (word.isEmpty() || word.length() > max) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static Errno errno(String word, Step s) {
    try {
      return Errno.valueOf(word);
    } catch (IllegalArgumentException e) {
      throw new ScenarioException(
          s.line(),
          s.verb()
              + " needs an errno name such as EPERM, EAGAIN or ENOSYS (errno(3)), got '"
              + word
              + "'");
    }
  }
}
