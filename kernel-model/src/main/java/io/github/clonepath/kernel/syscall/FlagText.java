package io.github.clonepath.kernel.syscall;

import java.util.Map;

/** Joins named flag bits with {@code |} as strace does, the unnamed rest in hex last. */
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
    long rest = bits;
    for (Map.Entry<String, ? extends Number> e : names.entrySet()) {
      long bit = e.getValue().longValue();
      if (bit != 0 && (rest & bit) == bit) {
        sep(sb).append(e.getKey());
        rest &= ~bit;
      }
    }
    if (rest != 0) {
      sep(sb).append("0x").append(Long.toHexString(rest));
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
