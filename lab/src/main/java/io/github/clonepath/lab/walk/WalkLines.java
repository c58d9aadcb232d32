package io.github.clonepath.lab.walk;

import com.google.common.collect.ImmutableList;
import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.NoteEvent;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns events into walkthrough lines.
 *
 * <p>A note joins the line of its call when that line is the last one printed (same task, same
 * depth); otherwise it goes on a {@link WalkLine.LateNotes} line, which later notes of the same
 * call join in turn. A header line is printed first and whenever the next line is of another task.
 * A call identical to the line just printed (same task, depth and function, neither with notes)
 * joins that line's count; a note for such a collapsed line splits its last call off again.
 */
final class WalkLines {
  private WalkLines() {}

  static List<WalkLine> of(List<? extends TraceEvent> events) {
    List<WalkLine> out = new ArrayList<>();
    int currentTid = 0;
    boolean started = false;
    for (TraceEvent e : events) {
      if (!started || e.tid() != currentTid) {
        out.add(new WalkLine.TaskHeader(e.tid()));
        currentTid = e.tid();
        started = true;
      }
      WalkLine last = out.get(out.size() - 1);
      if (e instanceof CallEvent c) {
        if (last instanceof WalkLine.Call p
            && p.depth() == c.depth()
            && p.source().equals(c.source())
            && p.notes().isEmpty()) {
          out.set(
              out.size() - 1,
              new WalkLine.Call(p.tid(), p.depth(), p.source(), p.notes(), p.times() + 1));
        } else {
          out.add(new WalkLine.Call(c.tid(), c.depth(), c.source(), ImmutableList.of(), 1));
        }
      } else if (e instanceof SyscallEvent s) {
        out.add(new WalkLine.Syscall(s.tid(), s.depth(), s.text()));
      } else if (e instanceof NoteEvent n) {
        if (last instanceof WalkLine.Call c && c.depth() == n.depth() && c.times() > 1) {
          out.set(
              out.size() - 1,
              new WalkLine.Call(c.tid(), c.depth(), c.source(), c.notes(), c.times() - 1));
          out.add(new WalkLine.Call(c.tid(), c.depth(), c.source(), ImmutableList.of(n.text()), 1));
        } else if (last instanceof WalkLine.Call c && c.depth() == n.depth()) {
          out.set(
              out.size() - 1,
              new WalkLine.Call(c.tid(), c.depth(), c.source(), plus(c.notes(), n.text()), 1));
        } else if (last instanceof WalkLine.LateNotes l && l.depth() == n.depth()) {
          out.set(
              out.size() - 1,
              new WalkLine.LateNotes(l.tid(), l.depth(), plus(l.notes(), n.text())));
        } else {
          out.add(new WalkLine.LateNotes(n.tid(), n.depth(), ImmutableList.of(n.text())));
        }
      }
    }
    return out;
  }

  private static ImmutableList<String> plus(ImmutableList<String> list, String s) {
    return ImmutableList.<String>builderWithExpectedSize(list.size() + 1)
        .addAll(list)
        .add(s)
        .build();
  }
}
