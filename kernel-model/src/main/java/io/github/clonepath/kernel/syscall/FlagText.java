package io.github.clonepath.kernel.syscall;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Joins named flag bits with {@code |} as strace 6.1's {@code printflags_ex} does: the unnamed rest
 * in hex last, and a value with no named bit at all as hex with the table's "unknown" comment
 * ({@code 0x10 /* PROT_??? *}{@code /}).
 */
final class FlagText {
  private FlagText() {}

  /**
   * Appends the names of the set bits in table order, then any unnamed rest as hex.
   *
   * @param names bit values by name, in strace's print order
   * @param bits the bits to print (unsigned)
   * @param sb where to append; may already hold a prefix, which is then joined with {@code |}
   * @return the whole text of {@code sb}
   */
  static String join(Map<String, ? extends Number> names, long bits, StringBuilder sb) {
    return join(names, bits, sb, null);
  }

  /**
   * As {@link #join(Map, long, StringBuilder)}, but a value none of whose bits has a name (and no
   * prefix) is printed as hex followed by {@code /* unknown *}{@code /}, as strace prints it.
   *
   * @param names bit values by name, in strace's print order
   * @param bits the bits to print (unsigned)
   * @param sb where to append
   * @param unknown the comment for a value with no named bit, such as {@code PROT_???}; null for
   *     none
   * @return the whole text of {@code sb}
   */
  static String join(
      Map<String, ? extends Number> names, long bits, StringBuilder sb, @Nullable String unknown) {
    boolean named = sb.length() > 0;
    long rest = bits;
    for (Map.Entry<String, ? extends Number> e : names.entrySet()) {
      long bit = e.getValue().longValue();
      if (bit != 0 && (rest & bit) == bit) {
        sep(sb).append(e.getKey());
        rest &= ~bit;
        named = true;
      }
    }
    if (rest != 0) {
      sep(sb).append("0x").append(Long.toHexString(rest));
      if (!named && unknown != null) {
        sb.append(" /* ").append(unknown).append(" */");
      }
    }
    return sb.toString();
  }

  private static StringBuilder sep(StringBuilder sb) {
    if (sb.length() > 0) {
      sb.append('|');
    }
    return sb;
  }
}
