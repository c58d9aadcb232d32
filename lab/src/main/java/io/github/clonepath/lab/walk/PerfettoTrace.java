package io.github.clonepath.lab.walk;

import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.NoteEvent;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A run as Chrome trace-event JSON, the format ui.perfetto.dev and chrome://tracing open: one
 * process per modeled process, one named track per task, each system call a complete ({@code X})
 * slice, the wait of a call that blocked a slice of its own nested in it, modeled calls (when call
 * recording is on) as slices around what they did, and a flow arrow from each {@code clone}, {@code
 * clone3}, {@code fork} or {@code vfork} to the child's first slice.
 *
 * <p>The clock. DEVIATION: the model's system calls and modeled calls take no virtual time (only
 * compute, sleeps and timeouts do), so on the bare virtual clock every slice would have no width
 * and the events of one instant would pile up. Each event therefore gets a step of its own: event
 * {@code i} of the log starts at its virtual time plus {@code i} steps of {@value #STEP_NANOS} ns,
 * and lasts one step. The order and the virtual time of every event are kept (each slice's {@code
 * args} carry its {@code virtual_ns}); durations are steps, not a measurement.
 *
 * <p>Blocking. A task runs its code in no virtual time and is never preempted, so when other tasks'
 * events (or a jump of the clock) come between two events of one task, the task was blocked in the
 * system call its second event records: that call's slice starts right after the task's previous
 * event, and a {@code blocked} slice covers the wait inside it. A task's first event is not a wait:
 * the child ran as soon as the scheduler picked it.
 *
 * <p>Processes. A task that a clone made with {@code CLONE_THREAD} joins its parent's process; any
 * other task (a fork, a clone without {@code CLONE_THREAD}, a task that no recorded call made) is a
 * process of its own, numbered by its tid. Only tasks that made a system call get a track: the
 * kernel's own contexts (boot, timers), which record modeled calls only, are left out.
 *
 * <p>Flows. The arrow starts where the parent's clone slice starts and ends at the child's first
 * slice; after a {@code CLONE_VFORK} the child runs while the parent waits inside the call, so the
 * arrow still points forward.
 */
public final class PerfettoTrace {
  /** The width each event is given on the display clock, in nanoseconds. */
  public static final long STEP_NANOS = 1000;

  private PerfettoTrace() {}

  /**
   * Names for the tracks. A task the function names null gets {@code T<n> main}, {@code T<n>
   * pthread} or {@code T<n> fork}: its place among the run's tasks in the order they first ran, and
   * how it was made (no recorded clone; a clone with {@code CLONE_THREAD}; any other).
   *
   * @param task a task's track name, such as {@code m2 (sysmon)}, from its tid, or null
   * @param process a process's name from its tgid
   */
  public record Names(IntFunction<String> task, IntFunction<String> process) {}

  /**
   * Prints a run.
   *
   * @param events the run's events, in order
   * @param names how tracks are named
   * @return a JSON document ending with a newline
   */
  public static String format(List<? extends TraceEvent> events, Names names) {
    return new Builder(events).build(names);
  }

  private static final class Builder {
    private final List<? extends TraceEvent> events;
    private final Map<Integer, Integer> tgid = new LinkedHashMap<>();
    private final List<Object> out = new ArrayList<>();
    private final Map<Integer, Integer> lastIndex = new HashMap<>();
    private final Map<Integer, List<Open>> stacks = new HashMap<>();
    private final Map<Integer, Long> flowStart = new LinkedHashMap<>();
    private final Map<Integer, Integer> parent = new HashMap<>();
    private final Set<Integer> shown = new HashSet<>();
    private final Map<Integer, String> kind = new HashMap<>();

    Builder(List<? extends TraceEvent> events) {
      this.events = events;
    }

    String build(Names names) {
      Map<Integer, Integer> firstIndex = new LinkedHashMap<>();
      for (int i = 0; i < events.size(); i++) {
        if (events.get(i) instanceof SyscallEvent s) {
          shown.add(s.tid());
          tgid.putIfAbsent(s.tid(), s.tid());
          if (creates(s)) {
            int child = (int) s.result();
            boolean thread = s.name().startsWith("clone") && s.text().contains("CLONE_THREAD");
            tgid.put(child, thread ? tgid.get(s.tid()) : child);
            kind.put(child, thread ? "pthread" : "fork");
          }
        }
      }
      for (int i = 0; i < events.size(); i++) {
        TraceEvent e = events.get(i);
        if (!shown.contains(e.tid())) {
          continue;
        }
        firstIndex.putIfAbsent(e.tid(), i);
        List<Open> stack = stacks.computeIfAbsent(e.tid(), t -> new ArrayList<>());
        Integer prev = lastIndex.get(e.tid());
        if (e instanceof CallEvent c) {
          close(stack, c.depth());
          Open o = new Open(c.source().function(), "call", i);
          o.args.put("source", c.source().toString());
          stack.add(o);
        } else if (e instanceof NoteEvent n) {
          if (n.depth() < stack.size()) {
            stack.get(n.depth()).notes.add(n.text());
          }
        } else if (e instanceof SyscallEvent s) {
          close(stack, s.depth());
          syscall(s, i, prev);
        }
        lastIndex.put(e.tid(), i);
      }
      stacks.forEach((tid, stack) -> close(stack, 0));
      flowStart.forEach(
          (child, ts) -> {
            Integer first = firstIndex.get(child);
            if (first != null) {
              out.add(flow("s", child, parent.get(child), ts));
              out.add(flow("f", child, child, start(first)));
            }
          });
      List<Object> all = new ArrayList<>(metadata(names, firstIndex.keySet()));
      all.addAll(out);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("displayTimeUnit", "ns");
      doc.put("traceEvents", all);
      return Json.write(doc);
    }

    private static boolean creates(SyscallEvent s) {
      boolean clone =
          switch (s.name()) {
            case "clone", "clone3", "fork", "vfork" -> true;
            default -> false;
          };
      return clone && s.result() > 0;
    }

    private void syscall(SyscallEvent s, int i, Integer prev) {
      boolean blocked = prev != null && (prev != i - 1 || events.get(prev).time() != s.time());
      long begin = blocked ? start(prev) + STEP_NANOS : start(i);
      long end = start(i) + STEP_NANOS;
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("strace", s.text());
      args.put("result", s.result());
      args.put("virtual_ns", s.time());
      out.add(slice(s.name(), "syscall", s.tid(), begin, end - begin, args));
      if (blocked) {
        Map<String, Object> wait = new LinkedHashMap<>();
        wait.put("since_virtual_ns", events.get(prev).time());
        wait.put("until_virtual_ns", s.time());
        out.add(slice("blocked in " + s.name(), "blocked", s.tid(), begin, start(i) - begin, wait));
      }
      if (creates(s)) {
        flowStart.put((int) s.result(), begin);
        parent.put((int) s.result(), s.tid());
      }
    }

    private void close(List<Open> stack, int depth) {
      while (stack.size() > depth) {
        Open o = stack.remove(stack.size() - 1);
        int tid = events.get(o.index).tid();
        long begin = start(o.index);
        long end = start(lastIndex.get(tid)) + STEP_NANOS;
        if (!o.notes.isEmpty()) {
          o.args.put("notes", o.notes);
        }
        o.args.put("virtual_ns", events.get(o.index).time());
        out.add(slice(o.name, o.category, tid, begin, end - begin, o.args));
      }
    }

    private List<Object> metadata(Names names, Set<Integer> tids) {
      List<Object> meta = new ArrayList<>();
      Map<Integer, Boolean> seen = new LinkedHashMap<>();
      int order = 0;
      for (int tid : tids) {
        Map.Entry<Integer, Integer> t = Map.entry(tid, tgid.get(tid));
        int pid = t.getValue();
        if (seen.putIfAbsent(pid, true) == null) {
          meta.add(meta("process_name", pid, pid, names.process().apply(pid)));
        }
        String name = names.task().apply(t.getKey());
        if (name == null) {
          name = "T" + (order + 1) + " " + kind.getOrDefault(t.getKey(), "main");
        }
        meta.add(meta("thread_name", pid, t.getKey(), name));
        Map<String, Object> sort = new LinkedHashMap<>();
        sort.put("sort_index", order++);
        meta.add(event("thread_sort_index", "M", pid, t.getKey(), sort));
      }
      return meta;
    }

    private Map<String, Object> meta(String what, int pid, int tid, String name) {
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("name", name);
      return event(what, "M", pid, tid, args);
    }

    private Map<String, Object> slice(
        String name, String cat, int tid, long ts, long dur, Map<String, Object> args) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("cat", cat);
      m.put("ph", "X");
      m.put("ts", micros(ts));
      m.put("dur", micros(dur));
      m.put("pid", tgid.get(tid));
      m.put("tid", tid);
      m.put("args", args);
      return m;
    }

    private Map<String, Object> flow(String ph, int id, int tid, long ts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", "clone");
      m.put("cat", "clone");
      m.put("ph", ph);
      m.put("id", id);
      m.put("ts", micros(ts));
      m.put("pid", tgid.get(tid));
      m.put("tid", tid);
      if (ph.equals("f")) {
        m.put("bp", "e");
      }
      return m;
    }

    private Map<String, Object> event(
        String name, String ph, int pid, int tid, Map<String, Object> args) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("ph", ph);
      m.put("pid", pid);
      m.put("tid", tid);
      m.put("args", args);
      return m;
    }

    /** Event {@code i}'s start on the display clock, in nanoseconds. */
    private long start(int i) {
      return events.get(i).time() + (long) i * STEP_NANOS;
    }

    /** Nanoseconds in the format's unit, microseconds, written without an exponent. */
    private static BigDecimal micros(long nanos) {
      return BigDecimal.valueOf(nanos, 3);
    }
  }

  private static final class Open {
    final String name;
    final String category;
    final int index;
    final Map<String, Object> args = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();

    Open(String name, String category, int index) {
      this.name = name;
      this.category = category;
      this.index = index;
    }
  }
}
