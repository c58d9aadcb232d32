package io.github.clonepath.goruntime;

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
 */
public record GoOptions(
    GoVersion version,
    int gomaxprocs,
    boolean cgo,
    boolean libcThreads,
    int maxThreads,
    long seed,
    boolean randomizeScheduler) {

  /** Go 1.19, GOMAXPROCS=2, no cgo, 10000 threads, seed 1, no randomization. */
  public static final GoOptions DEFAULT =
      new GoOptions(GoVersion.GO1_19, 2, false, false, 10000, 1, false);

  /** Checks the values. */
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
  }

  /**
   * With a Go release.
   *
   * @param v the release
   * @return a changed copy
   */
  public GoOptions withVersion(GoVersion v) {
    return new GoOptions(v, gomaxprocs, cgo, libcThreads, maxThreads, seed, randomizeScheduler);
  }

  /**
   * With GOMAXPROCS.
   *
   * @param n Ps
   * @return a changed copy
   */
  public GoOptions withGomaxprocs(int n) {
    return new GoOptions(version, n, cgo, libcThreads, maxThreads, seed, randomizeScheduler);
  }

  /**
   * With or without cgo.
   *
   * @param on whether cgo is linked
   * @return a changed copy
   */
  public GoOptions withCgo(boolean on) {
    return new GoOptions(
        version, gomaxprocs, on, libcThreads, maxThreads, seed, randomizeScheduler);
  }

  /**
   * With or without the libc-thread path.
   *
   * @param on whether newosproc uses pthread_create
   * @return a changed copy
   */
  public GoOptions withLibcThreads(boolean on) {
    return new GoOptions(version, gomaxprocs, cgo, on, maxThreads, seed, randomizeScheduler);
  }

  /**
   * With a thread limit.
   *
   * @param n sched.maxmcount
   * @return a changed copy
   */
  public GoOptions withMaxThreads(int n) {
    return new GoOptions(version, gomaxprocs, cgo, libcThreads, n, seed, randomizeScheduler);
  }

  /**
   * With a seed.
   *
   * @param s the seed
   * @return a changed copy
   */
  public GoOptions withSeed(long s) {
    return new GoOptions(version, gomaxprocs, cgo, libcThreads, maxThreads, s, randomizeScheduler);
  }

  /**
   * With randomizeScheduler on or off.
   *
   * @param on whether runqput randomizes
   * @return a changed copy
   */
  public GoOptions withRandomizeScheduler(boolean on) {
    return new GoOptions(version, gomaxprocs, cgo, libcThreads, maxThreads, seed, on);
  }
}
