package io.github.clonepath.goruntime;

import io.github.clonepath.goruntime.runtime.GoFeature;
import io.github.clonepath.goruntime.runtime.Profile;

/**
 * How a Go program is started: the runtime's knobs that decide how many threads it makes and how.
 * Immutable; each {@code with...} returns a changed copy.
 *
 * @param version the Go release whose call graph is followed
 * @param gomaxprocs {@code GOMAXPROCS}; the reference machine's default is 2 (its CPU count)
 * @param cgo whether the binary links cgo (new Ms through {@code _cgo_thread_start})
 * @param libcThreads whether newosproc uses pthread_create (the libc-thread path)
 * @param maxThreads {@code debug.SetMaxThreads} before main runs (10000 is the runtime's default)
 * @param seed seed of the runtime's fastrand (work-stealing order, randomizeScheduler)
 * @param randomizeScheduler the race-mode scheduling noise; off as in a normal build
 * @param godebug the {@code GODEBUG} environment variable, "" for none; the model follows {@code
 *     schedtrace=N} (sysmon prints a scheduler summary to stderr every N ms) and {@code
 *     scheddetail=1} (with it, a line per P, M and G), for go1.13, go1.14 and go1.19, and refuses
 *     every other key
 * @param heapBase go1.26.8's randomized heap base (the first free heap page after mheap.grow's
 *     random padding: its 64 MiB arena is the first hinted reservation, its 4 MiB chunk the first
 *     commit), so that a run can repeat one real process's draws; 0 for the model's fixed
 *     0xc000000000 (DEVIATION: no draw); earlier releases have no randomized base and refuse one
 */
public record GoOptions(
    GoVersion version,
    int gomaxprocs,
    boolean cgo,
    boolean libcThreads,
    int maxThreads,
    long seed,
    boolean randomizeScheduler,
    String godebug,
    long heapBase) {

  /** Go 1.19, GOMAXPROCS=2, no cgo, 10000 threads, seed 1, no randomization, no GODEBUG. */
  public static final GoOptions DEFAULT =
      new GoOptions(GoVersion.GO1_19, 2, false, false, 10000, 1, false, "", 0);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException for a value out of range, or a GODEBUG key the model does not
   *     follow (see {@link io.github.clonepath.goruntime.runtime.Debug#check})
   */
  public GoOptions {
    if (version == null) {
      throw new IllegalArgumentException("a Go version is required");
    }
    if (gomaxprocs < 1 || gomaxprocs > 1024) {
      throw new IllegalArgumentException("GOMAXPROCS must be within [1, 1024]: " + gomaxprocs);
    }
    if (maxThreads < 1) {
      throw new IllegalArgumentException("maxThreads must be positive: " + maxThreads);
    }
    io.github.clonepath.goruntime.runtime.Debug.check(godebug, version.tag());
    if (heapBase != 0) {
      if (!Profile.of(version.tag()).has(GoFeature.RANDOMIZED_HEAP_BASE)) {
        throw new IllegalArgumentException(
            version.tag()
                + " has no randomized heap base (go1.26.8 has): its heap starts at"
                + " 0xc000000000");
      }
      if (heapBase < 0x10000000L || heapBase >= 0x7f0000000000L || heapBase % 8192 != 0) {
        throw new IllegalArgumentException(
            "a heap base is an 8 KiB-aligned address in [0x10000000, 0x7f0000000000): 0x"
                + Long.toHexString(heapBase));
      }
    }
  }

  /**
   * Options without a heap base (every release's heap at its own fixed start), as before go1.26.8
   * was modeled.
   *
   * @param version the Go release
   * @param gomaxprocs {@code GOMAXPROCS}
   * @param cgo whether the binary links cgo
   * @param libcThreads whether newosproc uses pthread_create
   * @param maxThreads {@code debug.SetMaxThreads}
   * @param seed the fastrand seed
   * @param randomizeScheduler the race-mode scheduling noise
   * @param godebug the {@code GODEBUG} variable
   */
  public GoOptions(
      GoVersion version,
      int gomaxprocs,
      boolean cgo,
      boolean libcThreads,
      int maxThreads,
      long seed,
      boolean randomizeScheduler,
      String godebug) {
    this(version, gomaxprocs, cgo, libcThreads, maxThreads, seed, randomizeScheduler, godebug, 0);
  }

  /**
   * With a randomized heap base, as go1.26.8's mallocinit and first mheap.grow drew it in one real
   * process.
   *
   * @param base the first free heap page (8 KiB aligned, in the user half of the address space)
   * @return a changed copy
   * @throws IllegalArgumentException for a release without a randomized base, or a bad address
   */
  public GoOptions withHeapBase(long base) {
    return new GoOptions(
        version, gomaxprocs, cgo, libcThreads, maxThreads, seed, randomizeScheduler, godebug, base);
  }

  /**
   * With a Go release.
   *
   * @param v the release
   * @return a changed copy
   */
  public GoOptions withVersion(GoVersion v) {
    return new GoOptions(
        v, gomaxprocs, cgo, libcThreads, maxThreads, seed, randomizeScheduler, godebug, heapBase);
  }

  /**
   * With GOMAXPROCS.
   *
   * @param n Ps
   * @return a changed copy
   */
  public GoOptions withGomaxprocs(int n) {
    return new GoOptions(
        version, n, cgo, libcThreads, maxThreads, seed, randomizeScheduler, godebug, heapBase);
  }

  /**
   * With or without cgo.
   *
   * @param on whether cgo is linked
   * @return a changed copy
   */
  public GoOptions withCgo(boolean on) {
    return new GoOptions(
        version,
        gomaxprocs,
        on,
        libcThreads,
        maxThreads,
        seed,
        randomizeScheduler,
        godebug,
        heapBase);
  }

  /**
   * With or without the libc-thread path.
   *
   * @param on whether newosproc uses pthread_create
   * @return a changed copy
   */
  public GoOptions withLibcThreads(boolean on) {
    return new GoOptions(
        version, gomaxprocs, cgo, on, maxThreads, seed, randomizeScheduler, godebug, heapBase);
  }

  /**
   * With a thread limit.
   *
   * @param n sched.maxmcount
   * @return a changed copy
   */
  public GoOptions withMaxThreads(int n) {
    return new GoOptions(
        version, gomaxprocs, cgo, libcThreads, n, seed, randomizeScheduler, godebug, heapBase);
  }

  /**
   * With a seed.
   *
   * @param s the seed
   * @return a changed copy
   */
  public GoOptions withSeed(long s) {
    return new GoOptions(
        version,
        gomaxprocs,
        cgo,
        libcThreads,
        maxThreads,
        s,
        randomizeScheduler,
        godebug,
        heapBase);
  }

  /**
   * With randomizeScheduler on or off.
   *
   * @param on whether runqput randomizes
   * @return a changed copy
   */
  public GoOptions withRandomizeScheduler(boolean on) {
    return new GoOptions(
        version, gomaxprocs, cgo, libcThreads, maxThreads, seed, on, godebug, heapBase);
  }

  /**
   * With a {@code GODEBUG} value, as the environment variable would set it.
   *
   * @param value comma-separated {@code key=value} fields, such as {@code
   *     schedtrace=100,scheddetail=1}; "" for none
   * @return a changed copy
   * @throws IllegalArgumentException for a key other than schedtrace and scheddetail, or a value
   *     that is not a 32-bit whole number
   */
  public GoOptions withGodebug(String value) {
    return new GoOptions(
        version,
        gomaxprocs,
        cgo,
        libcThreads,
        maxThreads,
        seed,
        randomizeScheduler,
        value,
        heapBase);
  }

  /**
   * With {@code GODEBUG=schedtrace=periodMillis} (and {@code scheddetail=1} when detailed): sysmon
   * prints the scheduler's state to stderr every periodMillis ms, the first time when it starts.
   *
   * @param periodMillis the period in milliseconds, at least 1
   * @param detailed whether each trace lists every P, M and G
   * @return a changed copy
   */
  public GoOptions withSchedtrace(int periodMillis, boolean detailed) {
    if (periodMillis < 1) {
      throw new IllegalArgumentException(
          "a schedtrace period is at least 1 ms (0 or less prints nothing): " + periodMillis);
    }
    return withGodebug("schedtrace=" + periodMillis + (detailed ? ",scheddetail=1" : ""));
  }
}
