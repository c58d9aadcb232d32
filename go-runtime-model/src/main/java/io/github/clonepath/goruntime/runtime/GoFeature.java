package io.github.clonepath.goruntime.runtime;

/**
 * A change in the runtime's creation paths, named after the release it arrived in. A {@link
 * Profile} holds the features of its release, so a path reads {@code has(GoFeature.X)} rather than
 * guessing the release from another switch.
 */
public enum GoFeature {
  /** _Gpreempted exists (asynchronous preemption). */
  G_PREEMPTED("go1.14"),
  /**
   * Asynchronous preemption: preemptone also signals the M (preemptM, SIGURG), whose handler
   * (doSigPreempt) makes a G caught at a safe point call asyncPreempt.
   */
  ASYNC_PREEMPT("go1.14"),
  /** Timers live on per-P heaps; schedtrace prints each P's timerslen. */
  PER_P_TIMERS("go1.14"),
  /** startm reserves the M id (mReserveID, under sched.lock) and passes it to newm and allocm. */
  RESERVE_ID_IN_STARTM("go1.15"),
  /** newproc, not newproc1, puts the new G on the run queue and calls wakep. */
  NEWPROC_CALLS_RUNQPUT("go1.15"),
  /** wakep itself returns when no P is idle, so newproc no longer checks before calling it. */
  WAKEP_CHECKS_NPIDLE("go1.15"),
  /** clone gets CLONE_SETTLS from the parent; before, the child sets FS with arch_prctl. */
  SETTLS_IN_PARENT("go1.16"),
  /** freeWait has three states (freeMStack, freeMRef, freeMWait) instead of 1 and 0. */
  FREE_WAIT_STATES("go1.20"),
  /** newosproc retries clone on EAGAIN (retryOnEAGAIN, up to 20 times). */
  RETRY_ON_EAGAIN("go1.20"),
  /** wakep takes the idle P under sched.lock before it calls startm. */
  WAKEP_TAKES_P("go1.20"),
  /** startm takes a lockheld argument and insists on a P when spinning. */
  STARTM_LOCKHELD("go1.21"),
  /** checkmcount does not count the extra Ms that cgo callbacks use. */
  CHECKMCOUNT_EXCLUDES_EXTRA("go1.21"),
  /**
   * sched.needspinning: a wakep that finds no idle P for its spinning M sets it, and an M about to
   * drop its P in findRunnable becomes spinning instead (the "delicate dance"); schedtrace prints
   * it.
   */
  NEEDSPINNING("go1.21"),
  /**
   * schedtrace's go1.26.8 text: needspinning after spinningthreads, gcwaiting and sysmonwait as
   * booleans, {@code nil} for a missing P, M or G where go1.19 printed -1, the local queues as
   * {@code [ 1 0 ]} and each P's schedtick after them. Which release between go1.21 and go1.26
   * brought each change is not pinned (the model has no profile in between), so go1.21.0's
   * schedtrace is refused.
   */
  SCHEDTRACE_126("go1.26"),
  /**
   * A non-cgo M's g0 stack is 16 KiB (allocm's malg(16384 × StackGuardMultiplier)), and so is
   * mstart0's OS-stack size when a cgo creator left stack.hi at 0.
   */
  G0_STACK_16K("go1.22"),
  /**
   * newproc1 takes whether the new goroutine starts parked and its wait reason; newproc passes
   * false and waitReasonZero, so a go statement's G still becomes runnable.
   */
  NEWPROC1_PARKED("go1.23"),
  /** allocm takes new(mPadded): an M fills a 2048-byte object, so Ms are 0x800 apart. */
  M_PADDED("go1.25"),
  /**
   * The heap base is randomized (malloc.go's randomizeHeapBase, on for linux/amd64): the arena
   * hints start at a drawn address, and the first mheap.grow starts a drawn number of 4 MiB chunks
   * into the arena and marks a drawn number of pages as used.
   */
  RANDOMIZED_HEAP_BASE("go1.26"),
  /**
   * The start-up mappings a go1.26.8 process makes (measured; reference go-1.26 FINDINGS): a 512
   * MiB scavenge index committed one page per chunk and without MADV_HUGEPAGE, MADV_NOHUGEPAGE on
   * the 32 MiB arena index and the 1 MiB chunk index, 69,648 bytes of heapArena metadata, and the
   * profiling bucket hash (1,439,992 bytes) after sigsave. Which release between go1.21 and go1.26
   * brought each of them is not pinned (the model has no profile in between); go1.21.0 keeps
   * go1.19's mappings, from its sources only.
   */
  STARTUP_MAPPINGS_126("go1.26"),
  /**
   * Each allocm takes persistent (never freed) memory: the go1.26.8 captures map a new 256 KiB
   * persistentalloc chunk at the second, fourth, sixth... M's allocm (the extra M of a cgo binary
   * counting as the first), which go1.19's never do. The stack traces of those mmaps (strace -k)
   * show who takes them: persistentalloc for span-set blocks, reached from mcommoninit's
   * mProfStackInit (profiling stack buffers, new since go1.23), and for fixalloc'd spans in the new
   * M's own first allocations. DEVIATION: those allocators are not modeled; the model charges a
   * fitted 128 KiB per M in mProfStackInit and 64 KiB to start-up, which puts the chunks where the
   * captures have them.
   */
  PERSISTENT_PER_M("go1.26");

  private final String since;

  /** The numbers of {@link #since}, read once: a profile asks every feature about its release. */
  private final int[] sinceNumbers;

  GoFeature(String since) {
    this.since = since;
    this.sinceNumbers = numbers(since);
  }

  /**
   * The release the feature arrived in.
   *
   * @return a tag such as go1.15
   */
  public String since() {
    return since;
  }

  /**
   * Whether a release has this feature.
   *
   * @param tag a release tag: go1.13, go1.21.0, ...
   * @return true if {@code tag} is {@link #since} or later
   */
  public boolean in(String tag) {
    return compare(numbers(tag), sinceNumbers) >= 0;
  }

  /**
   * Whether a release, given as its tag's numbers ({@link #numbers}), has this feature.
   *
   * @param tag the numbers of a release tag: {1, 21, 0} for go1.21.0
   * @return true if the release is {@link #since} or later
   */
  boolean in(int[] tag) {
    return compare(tag, sinceNumbers) >= 0;
  }

  /** Compares two go1.x[.y] tags by their numbers. */
  static int compare(String a, String b) {
    return compare(numbers(a), numbers(b));
  }

  private static int compare(int[] x, int[] y) {
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Integer.compare(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** The numbers of a go1.x[.y] tag: {1, 21, 0} for go1.21.0. */
  static int[] numbers(String tag) {
    String[] parts = tag.substring("go".length()).split("\\.");
    int[] n = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      n[i] = Integer.parseInt(parts[i]);
    }
    return n;
  }
}
