package io.github.clonepath.goruntime.runtime;

/**
 * What differs between the Go releases the model follows, as switches the creation paths read. Each
 * switch names the release that introduced the behaviour (see the module README).
 *
 * @param tag the release, as {@code @Source} names it: go1.13, go1.14, go1.19 or go1.21.0
 * @param reserveIdInStartm {@code mReserveID} under sched.lock in startm and the id passed to newm
 *     and allocm (go1.15+); before, mcommoninit numbers the M itself
 * @param freeWaitStates three freeWait states freeMStack/freeMRef/freeMWait (go1.20+); before, 1
 *     while the thread still runs and 0 once its stack may be freed
 * @param retryOnEagain newosproc retries clone up to 20 times on EAGAIN (go1.20+)
 * @param wakepTakesP wakep takes the idle P under sched.lock before startm (go1.20+)
 * @param startmLockheld startm takes a lockheld argument (go1.21)
 * @param checkmcountExcludesExtra checkmcount ignores cgo extra Ms (go1.21)
 * @param settlsInParent clone gets CLONE_SETTLS from the parent (go1.16+); before, the child calls
 *     arch_prctl(ARCH_SET_FS) itself
 * @param newprocCallsRunqput newproc, not newproc1, puts the G on the run queue (go1.15+)
 * @param gPreempted the _Gpreempted state exists (go1.14+)
 * @param perPTimers timers live on per-P heaps and schedtrace prints each P's {@code timerslen}
 *     (go1.14+)
 * @param g0StackSize the non-cgo g0 stack
 * @param stackGuard {@code _StackGuard}
 */
public record Profile(
    String tag,
    boolean reserveIdInStartm,
    boolean freeWaitStates,
    boolean retryOnEagain,
    boolean wakepTakesP,
    boolean startmLockheld,
    boolean checkmcountExcludesExtra,
    boolean settlsInParent,
    boolean newprocCallsRunqput,
    boolean gPreempted,
    boolean perPTimers,
    int g0StackSize,
    int stackGuard) {

  /**
   * The profile of one release.
   *
   * @param tag go1.13, go1.14, go1.19 or go1.21.0
   * @return its switches
   * @throws IllegalArgumentException for a release the model does not follow
   */
  public static Profile of(String tag) {
    return switch (tag) {
      case "go1.13" ->
          new Profile(
              tag, false, false, false, false, false, false, false, false, false, false, 8192, 880);
      case "go1.14" ->
          new Profile(
              tag, false, false, false, false, false, false, false, false, true, true, 8192, 896);
      case "go1.19" ->
          new Profile(
              tag, true, false, false, false, false, false, true, true, true, true, 8192, 928);
      case "go1.21.0" ->
          new Profile(tag, true, true, true, true, true, true, true, true, true, true, 8192, 928);
      default ->
          throw new IllegalArgumentException(
              "no Go profile " + tag + "; use go1.13, go1.14, go1.19 or go1.21.0");
    };
  }

  /**
   * The highest G status value this release has.
   *
   * @return 9 with _Gpreempted, else 8
   */
  public int maxGStatus() {
    return gPreempted ? GStatus.GPREEMPTED : GStatus.GCOPYSTACK;
  }
}
