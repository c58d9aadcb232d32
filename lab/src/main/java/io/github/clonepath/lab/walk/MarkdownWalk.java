package io.github.clonepath.lab.walk;

import io.github.clonepath.common.TraceEvent;
import java.util.List;

/**
 * The walkthrough as Markdown, ready to paste into notes: one nested list per stretch of a task.
 *
 * <p>Each task stretch starts with a bold {@code **tid N**} paragraph. A call is a list item: the
 * function in a code span, where to read it, and after {@code " — "} its notes; later notes are an
 * item {@code "↳ ..."} one level deeper; a system call is an item holding its strace text in a code
 * span. Nesting follows the call depth, counted from the shallowest line of the stretch and never
 * more than one level below the previous item, so a stretch that starts deep inside a call (a task
 * resuming after another ran) still renders as a list and never as an indented code block. Text
 * outside code spans has Markdown's special characters escaped.
 */
public final class MarkdownWalk {
  private MarkdownWalk() {}

  /**
   * Prints a run.
   *
   * @param events the run's events, in order
   * @return CommonMark text
   */
  public static String format(List<? extends TraceEvent> events) {
    List<WalkLine> lines = WalkLines.of(events);
    StringBuilder out = new StringBuilder();
    int base = 0;
    int previous = -1;
    for (int i = 0; i < lines.size(); i++) {
      WalkLine l = lines.get(i);
      if (l instanceof WalkLine.TaskHeader h) {
        if (i > 0) {
          out.append('\n');
        }
        out.append("**tid ").append(h.tid()).append("**\n\n");
        base = shallowest(lines, i + 1);
        previous = -1;
        continue;
      }
      int level = Math.max(0, Math.min(depthOf(l) - base, previous + 1));
      previous = level;
      out.append("  ".repeat(level)).append("- ");
      if (l instanceof WalkLine.Call c) {
        out.append(code(c.source().function()))
            .append(c.times() > 1 ? " ×" + c.times() : "")
            .append(' ')
            .append(escape(TextWalk.location(c.source())));
        if (!c.notes().isEmpty()) {
          out.append(" — ").append(escape(String.join("; ", c.notes())));
        }
      } else if (l instanceof WalkLine.LateNotes n) {
        out.append("↳ ").append(escape(String.join("; ", n.notes())));
      } else if (l instanceof WalkLine.Syscall s) {
        out.append(code(s.text()));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static int depthOf(WalkLine l) {
    if (l instanceof WalkLine.Call c) {
      return c.depth();
    }
    if (l instanceof WalkLine.LateNotes n) {
      return n.depth() + 1;
    }
    return ((WalkLine.Syscall) l).depth();
  }

  private static int shallowest(List<WalkLine> lines, int from) {
    int min = Integer.MAX_VALUE;
    for (int i = from; i < lines.size() && !(lines.get(i) instanceof WalkLine.TaskHeader); i++) {
      min = Math.min(min, depthOf(lines.get(i)));
    }
    return min == Integer.MAX_VALUE ? 0 : min;
  }

  /**
   * A CommonMark code span holding {@code text} literally: the fence is one backtick longer than
   * the longest run of backticks inside, padded with a space when the text starts or ends with one.
   */
  static String code(String text) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    String pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
    return fence + pad + text + pad + fence;
  }

  /**
   * Escapes what could start emphasis, code, a link or HTML in running text, and nothing more, so
   * the raw text stays readable: {@code \\ ` * < > # |} always; {@code _} only at a word's edge
   * (CommonMark never reads an underscore inside a word as emphasis, so {@code copy_files} stays as
   * it is); {@code ]} only where it would close a link ({@code ](} or {@code ][}).
   */
  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      boolean special =
          "\\`*<>#|".indexOf(ch) >= 0
              || (ch == '_' && !(wordChar(text, i - 1) && wordChar(text, i + 1)))
              || (ch == ']' && i + 1 < text.length() && "([".indexOf(text.charAt(i + 1)) >= 0);
      if (special) {
        b.append('\\');
      }
      b.append(ch);
    }
    return b.toString();
  }

  private static boolean wordChar(String text, int i) {
    return i >= 0 && i < text.length() && Character.isLetterOrDigit(text.charAt(i));
  }
}
