package io.github.clonepath.kernel.syscall;

/**
 * {@code futex(2)} operations and flags ({@code include/uapi/linux/futex.h}), and the operation
 * word as strace 6.1 prints it.
 */
public final class Futex {
  public static final int FUTEX_WAIT = 0;
  public static final int FUTEX_WAKE = 1;
  public static final int FUTEX_WAIT_BITSET = 9;
  public static final int FUTEX_WAKE_BITSET = 10;

  /** The word is private to the address space: no shared key lookup. */
  public static final int FUTEX_PRIVATE_FLAG = 128;

  /** WAIT_BITSET: the absolute timeout is against CLOCK_REALTIME. */
  public static final int FUTEX_CLOCK_REALTIME = 256;

  /** Mask of the command bits. */
  public static final int FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

  /** The bitset that matches every waiter. */
  public static final int FUTEX_BITSET_MATCH_ANY = 0xffffffff;

  private Futex() {}

  /**
   * The operation as strace prints it: {@code FUTEX_WAKE_PRIVATE}, {@code
   * FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME}, {@code 0x63 /* FUTEX_??? *}{@code /}.
   *
   * @param op the raw operation word
   * @return the text
   */
  public static String formatOp(int op) {
    int cmd = op & FUTEX_CMD_MASK;
    String name =
        switch (cmd) {
          case FUTEX_WAIT -> "FUTEX_WAIT";
          case FUTEX_WAKE -> "FUTEX_WAKE";
          case FUTEX_WAIT_BITSET -> "FUTEX_WAIT_BITSET";
          case FUTEX_WAKE_BITSET -> "FUTEX_WAKE_BITSET";
          default -> null;
        };
    if (name == null) {
      return "0x" + Integer.toHexString(op) + " /* FUTEX_??? */";
    }
    StringBuilder sb = new StringBuilder(name);
    if ((op & FUTEX_PRIVATE_FLAG) != 0) {
      sb.append("_PRIVATE");
    }
    if ((op & FUTEX_CLOCK_REALTIME) != 0) {
      sb.append("|FUTEX_CLOCK_REALTIME");
    }
    return sb.toString();
  }

  /**
   * A bitset argument as strace prints it.
   *
   * @param bitset the value
   * @return {@code FUTEX_BITSET_MATCH_ANY} or hex
   */
  public static String formatBitset(int bitset) {
    if (bitset == FUTEX_BITSET_MATCH_ANY) {
      return "FUTEX_BITSET_MATCH_ANY";
    }
    return bitset == 0 ? "0" : "0x" + Integer.toHexString(bitset);
  }
}
