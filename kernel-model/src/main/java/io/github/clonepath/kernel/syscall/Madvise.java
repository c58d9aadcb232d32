package io.github.clonepath.kernel.syscall;

import com.google.common.collect.ImmutableMap;

/** The {@code MADV_*} advice values of madvise, and their names as strace prints them. */
public final class Madvise {
  /** Default behaviour: clears RANDOM and SEQUENTIAL. */
  public static final int MADV_NORMAL = 0;

  /** Expect random access (VM_RAND_READ). */
  public static final int MADV_RANDOM = 1;

  /** Expect sequential access (VM_SEQ_READ). */
  public static final int MADV_SEQUENTIAL = 2;

  /** Read ahead soon. */
  public static final int MADV_WILLNEED = 3;

  /** Drop the pages now; private anonymous memory reads back as zeros. */
  public static final int MADV_DONTNEED = 4;

  /** The pages may be freed lazily. */
  public static final int MADV_FREE = 8;

  /** Punch a hole in the shared backing object. */
  public static final int MADV_REMOVE = 9;

  /** Do not copy this range into a forked child (VM_DONTCOPY). */
  public static final int MADV_DONTFORK = 10;

  /** Undo MADV_DONTFORK. */
  public static final int MADV_DOFORK = 11;

  /** KSM may merge identical pages. */
  public static final int MADV_MERGEABLE = 12;

  /** Undo MADV_MERGEABLE. */
  public static final int MADV_UNMERGEABLE = 13;

  /** Prefer transparent huge pages (VM_HUGEPAGE). */
  public static final int MADV_HUGEPAGE = 14;

  /** Never use transparent huge pages (VM_NOHUGEPAGE). */
  public static final int MADV_NOHUGEPAGE = 15;

  /** Leave out of core dumps (VM_DONTDUMP). */
  public static final int MADV_DONTDUMP = 16;

  /** Undo MADV_DONTDUMP. */
  public static final int MADV_DODUMP = 17;

  /** A forked child gets this range zero-filled (VM_WIPEONFORK). */
  public static final int MADV_WIPEONFORK = 18;

  /** Undo MADV_WIPEONFORK. */
  public static final int MADV_KEEPONFORK = 19;

  /** Deactivate the pages. */
  public static final int MADV_COLD = 20;

  /** Reclaim the pages. */
  public static final int MADV_PAGEOUT = 21;

  /** Fault the pages in for reading. */
  public static final int MADV_POPULATE_READ = 22;

  /** Fault the pages in for writing. */
  public static final int MADV_POPULATE_WRITE = 23;

  /** MADV_DONTNEED that also applies to locked pages. */
  public static final int MADV_DONTNEED_LOCKED = 24;

  /** Collapse the range into transparent huge pages now. */
  public static final int MADV_COLLAPSE = 25;

  /** Poison the pages (needs CONFIG_MEMORY_FAILURE and CAP_SYS_ADMIN). */
  public static final int MADV_HWPOISON = 100;

  /** Soft-offline the pages (needs CONFIG_MEMORY_FAILURE and CAP_SYS_ADMIN). */
  public static final int MADV_SOFT_OFFLINE = 101;

  /** Every advice by value, with the name strace 6.1 prints. */
  public static final ImmutableMap<Integer, String> NAMES =
      ImmutableMap.<Integer, String>builder()
          .put(MADV_NORMAL, "MADV_NORMAL")
          .put(MADV_RANDOM, "MADV_RANDOM")
          .put(MADV_SEQUENTIAL, "MADV_SEQUENTIAL")
          .put(MADV_WILLNEED, "MADV_WILLNEED")
          .put(MADV_DONTNEED, "MADV_DONTNEED")
          .put(MADV_FREE, "MADV_FREE")
          .put(MADV_REMOVE, "MADV_REMOVE")
          .put(MADV_DONTFORK, "MADV_DONTFORK")
          .put(MADV_DOFORK, "MADV_DOFORK")
          .put(MADV_MERGEABLE, "MADV_MERGEABLE")
          .put(MADV_UNMERGEABLE, "MADV_UNMERGEABLE")
          .put(MADV_HUGEPAGE, "MADV_HUGEPAGE")
          .put(MADV_NOHUGEPAGE, "MADV_NOHUGEPAGE")
          .put(MADV_DONTDUMP, "MADV_DONTDUMP")
          .put(MADV_DODUMP, "MADV_DODUMP")
          .put(MADV_WIPEONFORK, "MADV_WIPEONFORK")
          .put(MADV_KEEPONFORK, "MADV_KEEPONFORK")
          .put(MADV_COLD, "MADV_COLD")
          .put(MADV_PAGEOUT, "MADV_PAGEOUT")
          .put(MADV_POPULATE_READ, "MADV_POPULATE_READ")
          .put(MADV_POPULATE_WRITE, "MADV_POPULATE_WRITE")
          .put(MADV_DONTNEED_LOCKED, "MADV_DONTNEED_LOCKED")
          .put(MADV_COLLAPSE, "MADV_COLLAPSE")
          .put(MADV_HWPOISON, "MADV_HWPOISON")
          .put(MADV_SOFT_OFFLINE, "MADV_SOFT_OFFLINE")
          .buildOrThrow();

  private Madvise() {}

  /**
   * Prints an advice value as strace 6.1 does.
   *
   * @param advice the value
   * @return for example {@code MADV_DONTNEED}, or {@code 0x4d2 /* MADV_??? *}{@code /} for an
   *     unknown value
   */
  public static String format(int advice) {
    String name = NAMES.get(advice);
    return name != null ? name : "0x" + Integer.toHexString(advice) + " /* MADV_??? */";
  }
}
