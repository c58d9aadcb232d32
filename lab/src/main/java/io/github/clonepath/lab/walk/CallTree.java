package io.github.clonepath.lab.walk;

import com.google.common.collect.ImmutableList;
import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.NoteEvent;
import io.github.clonepath.common.SourceRef;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The modeled calls of a run as one tree per task, rebuilt from the events' depths.
 *
 * <p>A call at depth {@code d} is a child of the task's open call at depth {@code d - 1} and closes
 * every open call at depth {@code d} or deeper; a system call at depth {@code d} belongs to the
 * open call at depth {@code d - 1} (at depth 0, to the task itself); a note belongs to the open
 * call at its own depth. Tasks are listed in the order they first appear.
 *
 * @param tasks one entry per task
 */
public record CallTree(ImmutableList<TaskCalls> tasks) {

  /**
   * One modeled call and everything under it.
   *
   * @param source the real function
   * @param notes what it changed, in order
   * @param syscalls the system calls it made directly, in order
   * @param children the modeled calls it made, in order
   */
  public record CallNode(
      SourceRef source,
      ImmutableList<String> notes,
      ImmutableList<SyscallEvent> syscalls,
      ImmutableList<CallNode> children) {}

  /**
   * The outermost calls of one task.
   *
   * @param tid the task
   * @param calls its outermost modeled calls
   * @param syscalls system calls made outside any modeled call
   * @param notes notes with no open call at their depth (none when the events are well formed)
   */
  public record TaskCalls(
      int tid,
      ImmutableList<CallNode> calls,
      ImmutableList<SyscallEvent> syscalls,
      ImmutableList<String> notes) {}

  /**
   * Builds the tree.
   *
   * @param events a run's events, in order
   * @return the calls of each task
   */
  public static CallTree of(List<? extends TraceEvent> events) {
    Map<Integer, Open> roots = new LinkedHashMap<>();
    Map<Integer, List<Open>> stacks = new LinkedHashMap<>();
    for (TraceEvent e : events) {
      Open root = roots.computeIfAbsent(e.tid(), t -> new Open(null));
      List<Open> stack = stacks.computeIfAbsent(e.tid(), t -> new ArrayList<>());
      if (e instanceof CallEvent c) {
        truncate(stack, c.depth());
        Open node = new Open(c.source());
        parentAt(root, stack, stack.size()).children.add(node);
        stack.add(node);
      } else if (e instanceof SyscallEvent s) {
        truncate(stack, s.depth());
        parentAt(root, stack, stack.size()).syscalls.add(s);
      } else if (e instanceof NoteEvent n) {
        Open owner = n.depth() < stack.size() ? stack.get(n.depth()) : root;
        owner.notes.add(n.text());
      }
    }
    ImmutableList.Builder<TaskCalls> tasks = ImmutableList.builder();
    roots.forEach(
        (tid, root) ->
            tasks.add(
                new TaskCalls(
                    tid,
                    root.children.stream()
                        .map(Open::freeze)
                        .collect(ImmutableList.toImmutableList()),
                    ImmutableList.copyOf(root.syscalls),
                    ImmutableList.copyOf(root.notes))));
    return new CallTree(tasks.build());
  }

  private static void truncate(List<Open> stack, int depth) {
    while (stack.size() > depth) {
      stack.remove(stack.size() - 1);
    }
  }

  private static Open parentAt(Open root, List<Open> stack, int size) {
    return size == 0 ? root : stack.get(size - 1);
  }

  private static final class Open {
    final SourceRef source;
    final List<String> notes = new ArrayList<>();
    final List<SyscallEvent> syscalls = new ArrayList<>();
    final List<Open> children = new ArrayList<>();

    Open(SourceRef source) {
      this.source = source;
    }

    CallNode freeze() {
      return new CallNode(
          source,
          ImmutableList.copyOf(notes),
          ImmutableList.copyOf(syscalls),
          children.stream().map(Open::freeze).collect(ImmutableList.toImmutableList()));
    }
  }
}
