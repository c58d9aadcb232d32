package io.github.clonepath.lab.walk;

import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.NoteEvent;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.lab.scenario.StepStates;
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
    int from = nth(events, start, occurrence);
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

  /**
   * Cuts the window of one call: the n-th call of a real function with everything it called, its
   * system calls and notes, and the threads its clone or clone3 made, each up to (not including)
   * its first call of {@code childEnd}. Whatever the run did before, after, or on other threads (a
   * Go program's sysmon, other Ms) stays out.
   *
   * @param events a whole run
   * @param start the real function whose call the walk narrates
   * @param occurrence which call of it, 1 for the first
   * @param childEnd the real function whose first call closes a new thread's stretch, or null to
   *     keep the new threads to the end of the log
   * @return the events of the window
   * @throws IllegalStateException if the run never made that call (a defect of the topic)
   */
  static List<TraceEvent> subtree(
      List<? extends TraceEvent> events, String start, int occurrence, String childEnd) {
    int from = nth(events, start, occurrence);
    int starter = events.get(from).tid();
    int depth = events.get(from).depth();
    int last = events.size();
    Set<Integer> children = new HashSet<>();
    for (int i = from; i < events.size() && last == events.size(); i++) {
      TraceEvent e = events.get(i);
      if (e.tid() != starter) {
        continue;
      }
      if (i > from && e.depth() <= depth && !(e.depth() == depth && e instanceof NoteEvent)) {
        last = i;
      } else if (e instanceof SyscallEvent s
          && (s.name().equals("clone") || s.name().equals("clone3"))
          && s.result() > 0) {
        children.add((int) s.result());
      }
    }
    Set<Integer> closed = new HashSet<>();
    List<TraceEvent> out = new ArrayList<>();
    for (int i = from; i < events.size(); i++) {
      TraceEvent e = events.get(i);
      if (e.tid() == starter) {
        if (i < last) {
          out.add(StepStates.derived(shallower(e, depth), e));
        }
      } else if (children.contains(e.tid()) && !closed.contains(e.tid())) {
        if (childEnd != null && isCall(e, childEnd)) {
          closed.add(e.tid());
        } else {
          out.add(e);
        }
      }
    }
    return out;
  }

  /**
   * How many calls of a real function the run made before an event.
   *
   * @param events a whole run
   * @param function the real function
   * @param before the index of the event
   * @return the count
   */
  static int callsBefore(List<? extends TraceEvent> events, String function, int before) {
    int n = 0;
    for (int i = 0; i < before; i++) {
      if (isCall(events.get(i), function)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The index of the first call of a real function whose own notes (on its task, before its next
   * sibling) contain a text.
   *
   * @param events a whole run
   * @param function the real function
   * @param note what one of its notes contains
   * @return the index of the call event
   * @throws IllegalStateException if no call of it recorded such a note (a defect of the topic)
   */
  static int firstCallNoting(List<? extends TraceEvent> events, String function, String note) {
    for (int i = 0; i < events.size(); i++) {
      if (!isCall(events.get(i), function)) {
        continue;
      }
      TraceEvent call = events.get(i);
      for (int j = i + 1; j < events.size(); j++) {
        TraceEvent e = events.get(j);
        if (e.tid() != call.tid()) {
          continue;
        }
        if (e.depth() <= call.depth() && !(e instanceof NoteEvent)) {
          break;
        }
        if (e instanceof NoteEvent n && n.depth() == call.depth() && n.text().contains(note)) {
          return i;
        }
      }
    }
    throw new IllegalStateException("no call of " + function + " noted '" + note + "'");
  }

  /** The index of the n-th call of a real function; a run without it is a defect of the topic. */
  private static int nth(List<? extends TraceEvent> events, String start, int occurrence) {
    int seen = 0;
    for (int i = 0; i < events.size(); i++) {
      if (isCall(events.get(i), start) && ++seen == occurrence) {
        return i;
      }
    }
    throw new IllegalStateException(
        "the run made " + seen + " calls of " + start + ", not " + occurrence);
  }

  /** The event as if the window's first call were at depth 0, so its tree starts at the margin. */
  private static TraceEvent shallower(TraceEvent e, int by) {
    if (e instanceof CallEvent c) {
      return new CallEvent(c.time(), c.tid(), c.depth() - by, c.source());
    }
    if (e instanceof NoteEvent n) {
      return new NoteEvent(n.time(), n.tid(), n.depth() - by, n.text());
    }
    SyscallEvent s = (SyscallEvent) e;
    return new SyscallEvent(s.time(), s.tid(), s.depth() - by, s.name(), s.text(), s.result());
  }

  private static boolean isCall(TraceEvent e, String function) {
    return e instanceof CallEvent c && c.source().function().equals(function);
  }
}
