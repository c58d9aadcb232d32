package io.github.clonepath.cli.walk;

import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.TraceEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The stretch of a run a walk narrates: from the n-th call of one real function, up to (not
 * including) the first call of another, keeping only the task that made the starting call and the
 * tasks that appeared after it (its new threads), so unrelated threads of the same run (a Go
 * program's sysmon, other Ms) stay out.
 */
final class Window {
  private Window() {}

  /**
   * Cuts a window.
   *
   * @param events a whole run
   * @param start the real function whose call opens the window
   * @param occurrence which call of it, 1 for the first
   * @param end the real function whose first call after the start closes the window, or null to run
   *     to the end of the log
   * @return the events of the window
   * @throws IllegalStateException if the run never made that call (a defect of the topic)
   */
  static List<TraceEvent> cut(
      List<? extends TraceEvent> events, String start, int occurrence, String end) {
    int from = -1;
    int seen = 0;
    for (int i = 0; i < events.size() && from < 0; i++) {
      if (isCall(events.get(i), start) && ++seen == occurrence) {
        from = i;
      }
    }
    if (from < 0) {
      throw new IllegalStateException(
          "the run made " + seen + " calls of " + start + ", not " + occurrence);
    }
    Set<Integer> before = new HashSet<>();
    for (int i = 0; i < from; i++) {
      before.add(events.get(i).tid());
    }
    int starter = events.get(from).tid();
    List<TraceEvent> out = new ArrayList<>();
    for (int i = from; i < events.size(); i++) {
      TraceEvent e = events.get(i);
      if (i > from && end != null && isCall(e, end)) {
        break;
      }
      if (e.tid() == starter || !before.contains(e.tid())) {
        out.add(e);
      }
    }
    return out;
  }

  private static boolean isCall(TraceEvent e, String function) {
    return e instanceof CallEvent c && c.source().function().equals(function);
  }
}
