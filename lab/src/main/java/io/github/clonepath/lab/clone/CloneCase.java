package io.github.clonepath.lab.clone;

import com.google.common.collect.ImmutableMap;
import io.github.clonepath.kernel.syscall.CloneFlags;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of {@code clonepath clone --batch}: the api word and its {@code key=value} fields.
 *
 * <p>A field not given keeps its default: {@code flags=0}, {@code exit_signal=0} (a zeroed {@code
 * struct clone_args}), {@code stack=none}, {@code stack_size} 65536 with a stack and 0 without,
 * {@code size=88}, and valid, distinct pointers for pidfd, parent_tid, child_tid and tls.
 *
 * @param line the line as read
 * @param clone3 whether the api is clone3 (else legacy clone)
 * @param flags the flag bits
 * @param exitSignal the exit signal (for clone, ORed into the flags word)
 * @param stack whether a freshly mapped stack is passed
 * @param stackSize clone3's stack_size
 * @param size clone3's struct size
 * @param extra the {@code extra=} items by name
 */
public record CloneCase(
    String line,
    boolean clone3,
    long flags,
    long exitSignal,
    boolean stack,
    long stackSize,
    long size,
    ImmutableMap<String, String> extra) {

  /** Default stack size for {@code stack=valid}. */
  public static final long DEFAULT_STACK_SIZE = 65536;

  /** The {@code extra=} items and the values each accepts ({@code N}: a number, {@code 0x}). */
  static final ImmutableMap<String, String> EXTRAS =
      ImmutableMap.<String, String>builder()
          .put("pidfd", "same_as_parent_tid|null")
          .put("parent_tid", "null")
          .put("child_tid", "unmapped")
          .put("tls", "noncanonical")
          .put("tail", "nonzero")
          .put("args", "null|page_end")
          .put("stack_addr", "0x…")
          .put("set_tid", "null|valid|unmapped")
          .put("set_tid_size", "N (0 to 2^64-1)")
          .put("set_tid_val", "N|pid_max (N from -2^31 to 2^31-1)")
          .put("cgroup", "N (0 to 2^64-1)")
          .buildOrThrow();

  /** Keys that only clone3 has. */
  private static final ImmutableMap<String, Boolean> CLONE3_ONLY =
      ImmutableMap.of(
          "stack_size",
          true,
          "size",
          true,
          "tail",
          true,
          "args",
          true,
          "set_tid",
          true,
          "set_tid_size",
          true,
          "set_tid_val",
          true,
          "cgroup",
          true);

  /** A line that cannot be read. */
  public static final class SyntaxError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SyntaxError(String message) {
      super(message);
    }
  }

  /**
   * Reads one case line.
   *
   * @param line for example {@code clone3 flags=CLONE_VM|CLONE_VFORK exit_signal=17 stack=valid}
   * @return the case
   * @throws SyntaxError for an unknown api, key or value
   */
  public static CloneCase parse(String line) {
    String[] words = line.trim().split("\\s+");
    boolean clone3;
    switch (words[0]) {
      case "clone" -> clone3 = false;
      case "clone3" -> clone3 = true;
      default -> throw new SyntaxError("unknown api '" + words[0] + "'; use clone or clone3");
    }
    long flags = 0;
    long exitSignal = 0;
    boolean stack = false;
    Long stackSize = null;
    long size = 88;
    Map<String, String> extra = new LinkedHashMap<>();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (int i = 1; i < words.length; i++) {
      String w = words[i];
      int eq = w.indexOf('=');
      if (eq <= 0) {
        throw new SyntaxError("'" + w + "' is not key=value");
      }
      String key = w.substring(0, eq);
      String value = w.substring(eq + 1);
      if (seen.put(key, true) != null) {
        throw new SyntaxError("key " + key + " given twice");
      }
      if (!clone3 && CLONE3_ONLY.containsKey(key)) {
        throw new SyntaxError(key + "= applies to clone3 only");
      }
      switch (key) {
        case "flags" -> flags = parseFlags(value);
        case "exit_signal" -> exitSignal = parseNumber(key, value);
        case "stack" -> {
          switch (value) {
            case "none" -> stack = false;
            case "valid" -> stack = true;
            default -> throw new SyntaxError("stack=" + value + ": use none or valid");
          }
        }
        case "stack_size" -> stackSize = parseNumber(key, value);
        case "size" -> size = parseNumber(key, value);
        case "extra" -> parseExtra(value, clone3, extra);
        default ->
            throw new SyntaxError(
                "unknown key '"
                    + key
                    + "'; use flags, exit_signal, stack, stack_size, size or extra");
      }
    }
    long ss =
        stackSize != null ? stackSize : (stack || extra.containsKey("stack_addr") ? 65536 : 0);
    return new CloneCase(
        line, clone3, flags, exitSignal, stack, ss, size, ImmutableMap.copyOf(extra));
  }

  private static void parseExtra(String value, boolean clone3, Map<String, String> extra) {
    for (String item : value.split(",")) {
      int colon = item.indexOf(':');
      if (colon <= 0) {
        throw new SyntaxError("extra item '" + item + "' is not name:value");
      }
      String name = item.substring(0, colon);
      String v = item.substring(colon + 1);
      String allowed = EXTRAS.get(name);
      if (allowed == null) {
        throw new SyntaxError(
            "unknown extra '" + name + "'; use one of " + String.join(", ", EXTRAS.keySet()));
      }
      if (!clone3 && CLONE3_ONLY.containsKey(name)) {
        throw new SyntaxError("extra " + name + " applies to clone3 only");
      }
      boolean ok =
          switch (name) {
            case "stack_addr" -> v.startsWith("0x") && isHex(v.substring(2));
            // u64 fields of struct clone_args
            case "set_tid_size", "cgroup" -> u64(name, v);
            // a pid_t: any int32, negative included (the kernel answers EINVAL)
            case "set_tid_val" -> v.equals("pid_max") || int32(name, v);
            default -> ("|" + allowed + "|").contains("|" + v + "|");
          };
      if (!ok) {
        throw new SyntaxError("extra " + name + ":" + v + ": use " + name + ":" + allowed);
      }
      if (extra.put(name, v) != null) {
        throw new SyntaxError("extra " + name + " given twice");
      }
    }
  }

  /**
   * Reads a flag word: {@code 0}, or {@code |}-joined {@code CLONE_*} names and {@code 0x} hex
   * literals.
   *
   * @param text the word
   * @return the bits
   * @throws SyntaxError for an unknown name
   */
  public static long parseFlags(String text) {
    long bits = 0;
    for (String part : text.split("\\|", -1)) {
      Long named = CloneFlags.BY_NAME.get(part);
      if (named != null) {
        bits |= named;
      } else if (part.equals("0")) {
        continue;
      } else if (part.startsWith("0x") && isHex(part.substring(2))) {
        bits |= Long.parseUnsignedLong(part.substring(2), 16);
      } else {
        throw new SyntaxError(
            "unknown flag '" + part + "'; use CLONE_* names, 0 or 0x hex literals");
      }
    }
    return bits;
  }

  private static long parseNumber(String key, String value) {
    if (value.startsWith("0x") && isHex(value.substring(2))) {
      return Long.parseUnsignedLong(value.substring(2), 16);
    }
    if (!isNumber(value)) {
      throw new SyntaxError(key + "=" + value + ": use a decimal number");
    }
    return Long.parseUnsignedLong(value);
  }

  /** Whether {@code v} is a decimal u64; a longer run of digits is refused as out of range. */
  private static boolean u64(String name, String v) {
    if (!v.isEmpty() && v.chars().allMatch(Character::isDigit) && !isNumber(v)) {
      throw new SyntaxError("extra " + name + ":" + v + ": does not fit in 64 bits (unsigned)");
    }
    return isNumber(v);
  }

  /** Whether {@code v} is a decimal int32, sign allowed; out of range is refused as such. */
  private static boolean int32(String name, String v) {
    String digits = v.startsWith("-") ? v.substring(1) : v;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    try {
      Integer.parseInt(v);
      return true;
    } catch (NumberFormatException e) {
      throw new SyntaxError(
          "extra " + name + ":" + v + ": does not fit in a pid_t (-2147483648 to 2147483647)");
    }
  }

  private static boolean isNumber(String v) {
    if (v.isEmpty() || v.length() > 20) {
      return false;
    }
    for (char c : v.toCharArray()) {
      if (c < '0' || c > '9') {
        return false;
      }
    }
    try {
      Long.parseUnsignedLong(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isHex(String v) {
    if (v.isEmpty() || v.length() > 16) {
      return false;
    }
    for (char c : v.toCharArray()) {
      if (Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
