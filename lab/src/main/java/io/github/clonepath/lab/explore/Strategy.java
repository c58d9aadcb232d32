package io.github.clonepath.lab.explore;

import io.github.clonepath.kernel.syscall.Chooser.Point;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** How schedules are chosen. */
public enum Strategy {
  /** A seeded random walk: every point answered uniformly at random. */
  RANDOM,
  /**
   * Probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010): random distinct task
   * priorities, the highest-priority runnable task runs, and at d-1 random points the running
   * task's priority drops below all others; a bug of depth d is found with probability at least
   * 1/(n k^(d-1)).
   */
  PCT,
  /**
   * Exhaustive depth-first search over every schedule that departs from the default one at most K
   * times (a delay bound, which counts every non-default answer, so K = 0 is the default schedule
   * alone).
   */
  DFS;

  /** The random walk of one run. */
  static Recorder.Walk random(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return (point, current, runnable, index) ->
        r.nextInt(point == Point.PICK ? runnable.length : 2);
  }

  /**
   * The PCT walk of one run.
   *
   * @param seed the run's seed
   * @param depth the bug depth d
   * @param points about how many points a run has (the default run's count)
   */
  static Recorder.Walk pct(long seed, int depth, int points) {
    SplittableRandom r = new SplittableRandom(seed);
    Set<Integer> change = new HashSet<>();
    Map<Integer, Integer> lowered = new HashMap<>();
    for (int j = 1; j < depth; j++) {
      int at = r.nextInt(Math.max(1, points));
      change.add(at);
      lowered.put(at, depth - j);
    }
    Map<Integer, Long> prio = new HashMap<>();
    return (point, current, runnable, index) -> {
      if (point == Point.USER) {
        // a user-space race takes its other outcome only at a change point
        return change.contains(index) ? 1 : 0;
      }
      for (int t : runnable) {
        prio.computeIfAbsent(t, x -> (long) depth + 1 + r.nextInt(1 << 20));
      }
      if (current != 0) {
        prio.computeIfAbsent(current, x -> (long) depth + 1 + r.nextInt(1 << 20));
        if (change.contains(index)) {
          prio.put(current, (long) lowered.get(index));
        }
      }
      if (runnable.length == 0) {
        // only a timer is pending: stall until it fires only at a change point
        return change.contains(index) ? 1 : 0;
      }
      int best = 0;
      for (int i = 1; i < runnable.length; i++) {
        if (prio.get(runnable[i]) > prio.get(runnable[best])) {
          best = i;
        }
      }
      if (point == Point.PICK) {
        return best;
      }
      return prio.get(runnable[best]) > prio.get(current) ? 1 : 0;
    };
  }
}
