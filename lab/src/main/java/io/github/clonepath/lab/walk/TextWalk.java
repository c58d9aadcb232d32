package io.github.clonepath.lab.walk;

import io.github.clonepath.common.SourceRef;
import io.github.clonepath.common.TraceEvent;
import java.util.List;

/**
 * The terminal view of a walkthrough: an indented call tree, one line per modeled call.
 *
 * <p>Each call line is the real function's name, indented two spaces per depth and padded so the
 * references form a column, then where to read it ({@code runtime/proc.go:2385 (go1.21.0)}), then
 * after {@code " — "} the state changes the call recorded before calling anything else, joined by
 * {@code "; "}. Notes recorded later go on a continuation line {@code "↳ ..."} one level deeper.
 * System calls print in strace's syntax at their depth, where they returned (as strace prints a
 * completed call, so after the kernel functions they ran). A line {@code == tid N ==} starts the
 * walk and marks every switch to another task. A run of identical calls that changed nothing is one
 * line, the name followed by {@code ×N}.
 */
public final class TextWalk {
  private TextWalk() {}

  /**
   * Prints a run.
   *
   * @param events the run's events, in order
   * @return the call tree, one line per call, note run or system call
   */
  public static String format(List<? extends TraceEvent> events) {
    List<WalkLine> lines = WalkLines.of(events);
    int width = 0;
    for (WalkLine l : lines) {
      if (l instanceof WalkLine.Call c) {
        width = Math.max(width, 2 * c.depth() + c.name().length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (WalkLine l : lines) {
      if (l instanceof WalkLine.TaskHeader h) {
        out.append("== tid ").append(h.tid()).append(" ==");
      } else if (l instanceof WalkLine.Call c) {
        String name = indent(c.depth()) + c.name();
        out.append(name).append(" ".repeat(width - name.length())).append("  ");
        out.append(location(c.source()));
        if (!c.notes().isEmpty()) {
          out.append("  — ").append(String.join("; ", c.notes()));
        }
      } else if (l instanceof WalkLine.LateNotes n) {
        out.append(indent(n.depth() + 1)).append("↳ ").append(String.join("; ", n.notes()));
      } else if (l instanceof WalkLine.Syscall s) {
        out.append(indent(s.depth())).append(s.text());
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Where to read a function, without its name: {@code runtime/proc.go:2385 (go1.21.0)}, or {@code
   * kernel/fork.c (Linux 6.2)} when the line is not pinned.
   *
   * @param ref the reference
   * @return file, line when known, and version
   */
  static String location(SourceRef ref) {
    return ref.file() + (ref.line() > 0 ? ":" + ref.line() : "") + " (" + ref.version() + ")";
  }

  private static String indent(int depth) {
    return "  ".repeat(depth);
  }
}
