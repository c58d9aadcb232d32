package io.github.clonepath.goruntime.runtime;

import java.util.List;

/**
 * How a Go process is started.
 *
 * @param profile the Go release
 * @param gomaxprocs number of Ps
 * @param cgo whether the binary links cgo (Ms through _cgo_thread_start and pthread_create)
 * @param libcThreads whether newosproc creates threads with pthread_create (seed 002's path)
 * @param seed seed of the runtime's fastrand (work stealing order, randomizeScheduler)
 * @param randomizeScheduler Go's race-mode scheduling noise: half of runnext puts go to the tail
 * @param userInitLocks the program's init calls runtime.LockOSThread
 * @param main the main goroutine's body (main.main)
 * @param godebug the GODEBUG environment variable, "" for none (see {@link Debug#check})
 * @param heapBase go1.26.8's randomized heap base, 0 for the model's fixed one (see {@link Mheap})
 */
public record RuntimeOptions(
    Profile profile,
    int gomaxprocs,
    boolean cgo,
    boolean libcThreads,
    long seed,
    boolean randomizeScheduler,
    boolean userInitLocks,
    List<Op> main,
    String godebug,
    long heapBase) {

  /** Checks the values. */
  public RuntimeOptions {
    if (gomaxprocs < 1 || gomaxprocs > 1024) {
      throw new IllegalArgumentException("GOMAXPROCS must be within [1, 1024]: " + gomaxprocs);
    }
    if (cgo && libcThreads) {
      throw new IllegalArgumentException(
          "cgo and libcThreads are two different ways to create Ms (newm1's cgo branch and the"
              + " libc-thread newosproc): choose one");
    }
    main = List.copyOf(main);
    Debug.check(godebug, profile.tag());
  }

  /**
   * A plain binary: no cgo, no libc threads, no init-time lock, no GODEBUG, fastrand seed 1, no
   * scheduling noise, and an empty main.
   *
   * @param profile the Go release
   * @param gomaxprocs number of Ps
   * @return the options
   */
  public static RuntimeOptions plain(Profile profile, int gomaxprocs) {
    return new RuntimeOptions(profile, gomaxprocs, false, false, 1, false, false, List.of(), "", 0);
  }
}
