package io.github.clonepath.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The ordered events of one machine. Append-only while the machine runs (only {@link #clear()}
 * removes events); one per machine, never shared.
 */
public final class EventLog {
  private final List<TraceEvent> events = new ArrayList<>();

  /** An empty log. */
  public EventLog() {}

  /**
   * Appends one event.
   *
   * @param event what happened
   */
  public void append(TraceEvent event) {
    events.add(event);
  }

  /**
   * Drops every recorded event; later events are appended to the emptied log. For runs that would
   * otherwise keep every event ever made — between benchmark iterations, or in a long run whose
   * early trace is no longer wanted. The machine keeps no position in the log, so nothing else
   * changes: {@link #events()} views already handed out show the log empty, then growing again.
   */
  public void clear() {
    events.clear();
  }

  /**
   * The events so far, in order.
   *
   * @return a read-only view that grows as the machine runs
   */
  public List<TraceEvent> events() {
    return Collections.unmodifiableList(events);
  }

  /**
   * Only the system calls, in order.
   *
   * @return a new list
   */
  public List<SyscallEvent> syscalls() {
    List<SyscallEvent> out = new ArrayList<>();
    for (TraceEvent e : events) {
      if (e instanceof SyscallEvent s) {
        out.add(s);
      }
    }
    return out;
  }
}
