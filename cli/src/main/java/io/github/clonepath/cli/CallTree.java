package io.github.clonepath.cli;

import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.NoteEvent;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import java.util.List;

/** Prints the event log as an indented call tree per event, with notes and system calls. */
final class CallTree {
  private CallTree() {}

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
