package io.github.clonepath.lab;

import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.NoteEvent;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import java.util.List;

/**
 * A run's event log as one indented line per event, in the order the machine made them: what {@code
 * run --format calls} prints, where interleaved threads stay interleaved (a walk's tree regroups
 * them per thread).
 */
final class CallLines {
  private CallLines() {}

  static String render(List<TraceEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (TraceEvent e : events) {
      String pad = "  ".repeat(e.depth());
      if (e instanceof CallEvent c) {
        sb.append(String.format("%-5d %s%s%n", c.tid(), pad, c.source()));
      } else if (e instanceof NoteEvent n) {
        sb.append(String.format("%-5d %s  · %s%n", n.tid(), pad, n.text()));
      } else if (e instanceof SyscallEvent s) {
        sb.append(String.format("%-5d %s%s%n", s.tid(), pad, s.text()));
      }
    }
    return sb.toString();
  }
}
