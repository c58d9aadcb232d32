package io.github.clonepath.lab.sys;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Madvise;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.Signals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A syscall playground script: one call or {@code maps} per line, as the README documents.
 *
 * <p>Parsing stops at the first line it cannot read; {@link #items()} holds what came before it and
 * {@link #error()} says what was wrong, so the good prefix can still run.
 */
public final class SysScript {

  /** The calls a script may make, with their argument counts. */
  static final ImmutableMap<String, Integer> CALLS =
      ImmutableMap.<String, Integer>builder()
          .put("mmap", 6)
          .put("munmap", 2)
          .put("mprotect", 3)
          .put("madvise", 3)
          .put("gettid", 0)
          .put("getpid", 0)
          .put("clone", 5)
          .put("exit", 1)
          .buildOrThrow();

  /** Every symbolic constant a script may name. */
  static final ImmutableMap<String, Long> SYMBOLS = symbols();

  private static final Pattern REF =
      Pattern.compile("\\$([0-9]+)(?:\\s*([+-])\\s*(0[xX][0-9a-fA-F]+|[0-9]+))?");

  /** One item of a script. */
  public sealed interface Item permits Call, Maps {
    /** The 1-based line number in the script. */
    int line();
  }

  /**
   * A call line.
   *
   * @param line its line number
   * @param name the system call
   * @param args its arguments
   */
  public record Call(int line, String name, ImmutableList<Arg> args) implements Item {}

  /**
   * A {@code maps} line.
   *
   * @param line its line number
   */
  public record Maps(int line) implements Item {}

  /** An argument: a value now, or a reference to an earlier call's result. */
  public sealed interface Arg permits Literal, Ref {}

  /**
   * A value given in the script.
   *
   * @param value the value
   */
  public record Literal(long value) implements Arg {}

  /**
   * {@code $N+K}: the result of the N-th call line, plus K.
   *
   * @param call the 1-based call number
   * @param offset K, 0 when absent
   */
  public record Ref(int call, long offset) implements Arg {}

  /**
   * A line that could not be read.
   *
   * @param line its number
   * @param message what was wrong
   */
  public record ParseError(int line, String message) {}

  private final ImmutableList<Item> items;
  private final ParseError error;

  private SysScript(ImmutableList<Item> items, ParseError error) {
    this.items = items;
    this.error = error;
  }

  /**
   * The items before the first unreadable line (all of them when every line is readable).
   *
   * @return the items in order
   */
  public ImmutableList<Item> items() {
    return items;
  }

  /**
   * The first unreadable line.
   *
   * @return the error, or null when the whole script was read
   */
  public ParseError error() {
    return error;
  }

  /**
   * Reads a script.
   *
   * @param text the whole script
   * @return the parsed script
   */
  public static SysScript parse(String text) {
    List<Item> items = new ArrayList<>();
    int calls = 0;
    int lineNo = 0;
    for (int at = 0; at <= text.length(); ) {
      // lines end at \n or \r\n, as a regular expression "\r?\n" would split them
      int nl = text.indexOf('\n', at);
      int end = nl < 0 ? text.length() : nl;
      int cut = nl > at && text.charAt(nl - 1) == '\r' ? end - 1 : end;
      String line = text.substring(at, cut).strip();
      at = end + 1;
      lineNo++;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.equals("maps")) {
        items.add(new Maps(lineNo));
        continue;
      }
      try {
        items.add(parseCall(lineNo, line, calls));
        calls++;
      } catch (IllegalArgumentException e) {
        return new SysScript(ImmutableList.copyOf(items), new ParseError(lineNo, e.getMessage()));
      }
    }
    return new SysScript(ImmutableList.copyOf(items), null);
  }

  private static Call parseCall(int lineNo, String line, int callsBefore) {
    // NAME \s* ( ANY ) with no line terminator inside, read by hand: one script line is one call,
    // and a long script would otherwise spend its time in the regular-expression engine
    int n = 0;
    while (n < line.length() && isNameChar(line.charAt(n))) {
      n++;
    }
    int open = n;
    while (open < line.length() && isRegexSpace(line.charAt(open))) {
      open++;
    }
    int close = line.length() - 1;
    if (n == 0
        || open >= line.length()
        || line.charAt(open) != '('
        || close <= open
        || line.charAt(close) != ')'
        || hasLineTerminator(line, open + 1, close)) {
      throw new IllegalArgumentException("expected name(arg, ...) or maps, got '" + line + "'");
    }
    String name = line.substring(0, n);
    Integer arity = CALLS.get(name);
    if (arity == null) {
      throw new IllegalArgumentException(
          "unknown call '" + name + "'; the playground knows " + String.join(", ", CALLS.keySet()));
    }
    String inner = line.substring(open + 1, close).strip();
    List<Arg> args = new ArrayList<>();
    if (!inner.isEmpty()) {
      for (String a : inner.split(",", -1)) {
        args.add(parseArg(a.strip(), callsBefore));
      }
    }
    if (args.size() != arity) {
      throw new IllegalArgumentException(
          name + " takes " + arity + " argument(s), got " + args.size());
    }
    return new Call(lineNo, name, ImmutableList.copyOf(args));
  }

  private static Arg parseArg(String a, int callsBefore) {
    if (a.isEmpty()) {
      throw new IllegalArgumentException("empty argument");
    }
    if (a.equals("NULL")) {
      return new Literal(0);
    }
    // the first character tells a reference or a number from a constant, so a line of constants
    // costs one map lookup per name and no regular expression
    char c = a.charAt(0);
    Matcher ref = c == '$' ? REF.matcher(a) : null;
    if (ref != null && ref.matches()) {
      String digits = ref.group(1);
      int n = digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
      if (n < 1 || n > callsBefore) {
        throw new IllegalArgumentException(
            "$" + digits + " names no earlier call (" + callsBefore + " call(s) so far)");
      }
      long k = ref.group(3) == null ? 0 : number(ref.group(3));
      return new Ref(n, "-".equals(ref.group(2)) ? -k : k);
    }
    if ((c == '-' || Character.isDigit(c)) && isNumber(a)) {
      return new Literal(number(a));
    }
    if (a.indexOf('|') < 0) {
      return new Literal(constant(a));
    }
    long value = 0;
    for (String part : a.split("\\|", -1)) {
      value |= constant(part.strip());
    }
    return new Literal(value);
  }

  /** A named constant, or a number written where one may stand. */
  private static long constant(String p) {
    Long v = SYMBOLS.get(p);
    if (v == null && isNumber(p)) {
      v = number(p);
    }
    if (v == null) {
      throw new IllegalArgumentException("unknown constant '" + p + "'");
    }
    return v;
  }

  private static boolean isNameChar(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
  }

  /** What {@code \s} matches in a Java regular expression: {@code [ \t\n\x0B\f\r]}. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c >= '\t' && c <= '\r';
  }

  /** Whether [from, to) holds a character that {@code .} does not match. */
  private static boolean hasLineTerminator(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }

  /** {@code -?(0[xX][0-9a-fA-F]+|[0-9]+)}: a decimal or hex literal, maybe negative. */
  private static boolean isNumber(String s) {
    int i = s.startsWith("-") ? 1 : 0;
    boolean hex =
        s.length() > i + 1
            && s.charAt(i) == '0'
            && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X');
    if (hex) {
      i += 2;
    }
    if (i == s.length()) {
      return false;
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean digit = c >= '0' && c <= '9' || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
      if (!digit) {
        return false;
      }
    }
    return true;
  }

  /**
   * A literal as a register holds it: decimal from -2^63 to 2^64-1 (a value above 2^63-1 is the
   * unsigned reading of the same 64 bits, as C's {@code (unsigned long)} would pass it), or up to
   * 16 hex digits; anything wider is refused rather than wrapped.
   */
  private static long number(String s) {
    boolean neg = s.startsWith("-");
    String digits = neg ? s.substring(1) : s;
    try {
      if (digits.startsWith("0x") || digits.startsWith("0X")) {
        long v = Long.parseUnsignedLong(digits.substring(2), 16);
        return neg ? -v : v;
      }
      return neg ? Long.parseLong(s) : Long.parseUnsignedLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(s + " does not fit in 64 bits");
    }
  }

  private static ImmutableMap<String, Long> symbols() {
    Map<String, Long> m = new HashMap<>();
    Prot.BY_NAME.forEach((k, v) -> m.put(k, (long) v));
    MapFlags.BY_NAME.forEach((k, v) -> m.put(k, (long) v));
    MapFlags.TYPE_NAMES.forEach((v, k) -> m.put(k, (long) v));
    Madvise.NAMES.forEach((v, k) -> m.put(k, (long) v));
    CloneFlags.BY_NAME.forEach(m::put);
    // clone's exit signal, in the low byte of its flags as strace prints it (CLONE_VM|SIGCHLD)
    for (int sig = 1; sig <= 31; sig++) {
      m.put(Signals.name(sig), (long) sig);
    }
    m.put("PROT_NONE", 0L);
    return ImmutableMap.copyOf(m);
  }
}
