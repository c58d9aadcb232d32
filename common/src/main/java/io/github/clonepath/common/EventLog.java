package io.github.clonepath.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The ordered events of one machine. Append-only; one per machine, never shared. */
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
