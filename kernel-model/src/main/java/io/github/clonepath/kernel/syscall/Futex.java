package io.github.clonepath.kernel.syscall;

import com.google.common.collect.ImmutableList;

/**
 * {@code futex(2)} operations and flags ({@code include/uapi/linux/futex.h}), and the operation
 * word as strace 6.1 prints it.
 */
public final class Futex {
  public static final int FUTEX_WAIT = 0;
  public static final int FUTEX_WAKE = 1;
  public static final int FUTEX_FD = 2;
  public static final int FUTEX_WAIT_BITSET = 9;
  public static final int FUTEX_WAKE_BITSET = 10;
  public static final int FUTEX_WAIT_REQUEUE_PI = 11;

  /** The word is private to the address space: no shared key lookup. */
  public static final int FUTEX_PRIVATE_FLAG = 128;

  /** WAIT, WAIT_BITSET, WAIT_REQUEUE_PI: the timeout is against CLOCK_REALTIME. */
  public static final int FUTEX_CLOCK_REALTIME = 256;

  /** Mask of the command bits. */
  public static final int FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

  /** The bitset that matches every waiter. */
  public static final int FUTEX_BITSET_MATCH_ANY = 0xffffffff;

  private Futex() {}

  /** Every command's name by its number, as strace 6.1's table spells them. */
  private static final ImmutableList<String> COMMANDS =
      ImmutableList.of(
          "FUTEX_WAIT",
          "FUTEX_WAKE",
          "FUTEX_FD",
          "FUTEX_REQUEUE",
          "FUTEX_CMP_REQUEUE",
          "FUTEX_WAKE_OP",
          "FUTEX_LOCK_PI",
          "FUTEX_UNLOCK_PI",
          "FUTEX_TRYLOCK_PI",
          "FUTEX_WAIT_BITSET",
          "FUTEX_WAKE_BITSET",
          "FUTEX_WAIT_REQUEUE_PI",
          "FUTEX_CMP_REQUEUE_PI",
          "FUTEX_LOCK_PI2");

  /**
   * The operation as strace 6.1 prints it: {@code FUTEX_WAKE_PRIVATE}, {@code
   * FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME}, {@code 0x63 /* FUTEX_??? *}{@code /}. strace's table
   * names whole operation words, so a word it lacks is unknown as a whole: any bit beside the
   * command, PRIVATE and CLOCK_REALTIME; CLOCK_REALTIME with a command other than WAIT, WAIT_BITSET
   * and WAIT_REQUEUE_PI ({@code 0x101 /* FUTEX_??? *}{@code /}); and FUTEX_FD has no PRIVATE name
   * ({@code FUTEX_FD|FUTEX_PRIVATE_FLAG}), all as measured with strace 6.1.
   *
   * @param op the raw operation word
   * @return the text
   */
  public static String formatOp(int op) {
    int cmd = op & FUTEX_CMD_MASK;
    boolean realtime = (op & FUTEX_CLOCK_REALTIME) != 0;
    boolean priv = (op & FUTEX_PRIVATE_FLAG) != 0;
    boolean clockAllowed =
        cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAIT_REQUEUE_PI;
    if (cmd < 0 || cmd >= COMMANDS.size() || (realtime && !clockAllowed)) {
      return "0x" + Integer.toHexString(op) + " /* FUTEX_??? */";
    }
    StringBuilder sb = new StringBuilder(COMMANDS.get(cmd));
    if (priv) {
      sb.append(cmd == FUTEX_FD ? "|FUTEX_PRIVATE_FLAG" : "_PRIVATE");
    }
    if (realtime) {
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
