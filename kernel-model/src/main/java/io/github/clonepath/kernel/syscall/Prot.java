package io.github.clonepath.kernel.syscall;

import com.google.common.collect.ImmutableMap;

/**
 * The {@code PROT_*} protection bits of {@code include/uapi/asm-generic/mman-common.h}, and their
 * names as strace prints them.
 */
public final class Prot {
  /** No access. */
  public static final int PROT_NONE = 0x0;

  /** Pages may be read. */
  public static final int PROT_READ = 0x1;

  /** Pages may be written. */
  public static final int PROT_WRITE = 0x2;

  /** Pages may be executed. */
  public static final int PROT_EXEC = 0x4;

  /** Pages may be used for atomic operations (accepted and ignored on x86-64). */
  public static final int PROT_SEM = 0x8;

  /** mprotect only: extend the change down to the start of a grows-down mapping. */
  public static final int PROT_GROWSDOWN = 0x01000000;

  /** mprotect only: extend the change up to the end of a grows-up mapping (none on x86-64). */
  public static final int PROT_GROWSUP = 0x02000000;

  /** The named bits in the order strace prints them. */
  public static final ImmutableMap<String, Integer> BY_NAME =
      ImmutableMap.<String, Integer>builder()
          .put("PROT_READ", PROT_READ)
          .put("PROT_WRITE", PROT_WRITE)
          .put("PROT_EXEC", PROT_EXEC)
          .put("PROT_SEM", PROT_SEM)
          .put("PROT_GROWSDOWN", PROT_GROWSDOWN)
          .put("PROT_GROWSUP", PROT_GROWSUP)
          .buildOrThrow();

  private Prot() {}

  /**
   * Prints protection bits as strace 6.1 does.
   *
   * @param prot the bits
   * @return for example {@code PROT_READ|PROT_WRITE}, {@code PROT_NONE}, {@code PROT_READ|0x10} for
   *     an unnamed rest, or {@code 0x10 /* PROT_??? *}{@code /} when no bit has a name
   */
  public static String format(int prot) {
    if (prot == 0) {
      return "PROT_NONE";
    }
    return FlagText.join(BY_NAME, prot & 0xffffffffL, new StringBuilder(), "PROT_???");
  }
}
