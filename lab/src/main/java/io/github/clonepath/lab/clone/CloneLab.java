package io.github.clonepath.lab.clone;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Snapshot;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.kernel.syscall.StructInfo;
import io.github.clonepath.kernel.syscall.TaskInfo;
import io.github.clonepath.kernel.syscall.UserContext;
import io.github.clonepath.kernel.syscall.Wait;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One clone with a report: the strace line, the five structures (shared or copied, every refcount
 * before the call, after it and in the child), and after the child exited what was released.
 *
 * <p>The snapshots come from {@link Machine#inspect()}: "before" right before the call, "after"
 * when the child first runs (so a CLONE_VFORK parent is still asleep then), "released" once the
 * child is gone — reaped by the caller with {@code wait4(pid, __WALL)} when the caller is its
 * parent, otherwise released by the kernel (a thread) or by its real parent (CLONE_PARENT).
 */
public final class CloneLab {
  /** The five structures in {@code copy_process} order of the report. */
  private static final List<StructInfo.Kind> KINDS = List.of(StructInfo.Kind.values());

  /** Yields before giving up on a child that does not go away. */
  private static final int MAX_YIELDS = 10_000;

  private final CaseRunner runner;

  /**
   * A lab on machines of one configuration.
   *
   * @param config the machine booted for the run
   */
  public CloneLab(MachineConfig config) {
    this.runner = new CaseRunner(config);
  }

  /** The snapshots of one run. */
  private static final class Snaps {
    Snapshot before;
    Snapshot after;
    Snapshot released;
    int caller;
    int child;

    /** The child's five structures, watched from its first run on. */
    final Map<StructInfo.Kind, Supplier<StructInfo>> childStructs =
        new EnumMap<>(StructInfo.Kind.class);
  }

  /**
   * Runs the case and prints the report.
   *
   * @param c the case
   * @param out receives each line
   */
  public void run(CloneCase c, Consumer<String> out) {
    Snaps s = new Snaps();
    CaseRunner.Outcome o =
        runner.run(
            c,
            new CaseRunner.Hooks() {
              @Override
              public void beforeCall(Machine machine) {
                s.before = machine.inspect();
                for (TaskInfo t : s.before.tasks()) {
                  if (t.comm().equals(CaseRunner.COMM)) {
                    s.caller = t.tid();
                  }
                }
              }

              @Override
              public Continuation child(Machine machine) {
                return (cc, zero) -> {
                  s.after = machine.inspect();
                  for (TaskInfo t : s.after.tasks()) {
                    if (find(s.before, t.tid()) == null) {
                      for (StructInfo.Kind k : KINDS) {
                        s.childStructs.put(k, machine.watch(t.tid(), k));
                      }
                    }
                  }
                  cc.exit(0);
                };
              }

              @Override
              public Continuation after(Machine machine) {
                return (ctx, r) -> {
                  if (r < 0) {
                    s.after = machine.inspect();
                    ctx.exitGroup(0);
                    return;
                  }
                  s.child = (int) r;
                  awaitRelease(ctx, machine, s, 0);
                };
              }
            });
    int caller = o.caller();
    for (SyscallEvent e : o.machine().log().syscalls()) {
      if (e.tid() == caller && (e.name().equals("clone") || e.name().equals("clone3"))) {
        out.accept(Strace.line(e));
        break;
      }
    }
    out.accept("");
    TaskInfo parentBefore = s.before.task(caller);
    TaskInfo parentAfter = s.after.task(caller);
    if (o.result() < 0) {
      Errno e = Errno.ofResult(o.result());
      boolean same = true;
      for (StructInfo.Kind k : KINDS) {
        same &= parentBefore.structure(k).counts().equals(parentAfter.structure(k).counts());
      }
      same &= s.before.tasks().size() == s.after.tasks().size();
      out.accept(
          "failed with "
              + e.name()
              + " ("
              + e.text()
              + "): "
              + (same
                  ? "no task was created and every count is as before."
                  : "but the task table or a count changed."));
      out.accept("");
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"struct", "parent before", "parent after"});
      for (StructInfo.Kind k : KINDS) {
        rows.add(
            new String[] {
              k.field(), counts(parentBefore.structure(k)), counts(parentAfter.structure(k))
            });
      }
      table(rows, out);
      return;
    }
    TaskInfo child = s.after.task(s.child);
    out.accept(
        String.format(
            "pid %d created task %d: tgid %d, parent %d, exit signal %s",
            caller,
            child.tid(),
            child.tgid(),
            child.parentTgid(),
            child.exitSignal() < 0 ? "none (thread)" : Signals.name(child.exitSignal())));
    out.accept("");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"struct", "sharing", "parent before", "parent after", "child"});
    for (StructInfo.Kind k : KINDS) {
      StructInfo cs = child.structure(k);
      rows.add(
          new String[] {
            k.field(),
            shared(parentBefore, child, k) ? "shared" : "copied",
            counts(parentBefore.structure(k)),
            counts(parentAfter.structure(k)),
            counts(cs)
          });
    }
    table(rows, out);
    out.accept("");
    out.accept(
        "after task "
            + child.tid()
            + " exited (exit_mm, exit_files, exit_fs; release_task: __exit_signal,"
            + " __cleanup_sighand):");
    List<String[]> rel = new ArrayList<>();
    TaskInfo parentEnd = s.released.task(caller);
    for (StructInfo.Kind k : KINDS) {
      StructInfo cs = child.structure(k);
      String what;
      if (shared(parentBefore, child, k)) {
        what =
            "the child's reference dropped: "
                + changes(parentAfter.structure(k), parentEnd.structure(k));
      } else if (holders(s.released, k, cs.id()) == 0) {
        // the model's own counters of the copy, read after the last holder let go
        StructInfo end = s.childStructs.get(k).get();
        boolean freed = end.counts().values().stream().allMatch(n -> n == 0);
        what =
            (freed ? "the child's copy freed: " : "the child's copy held by no task, not freed: ")
                + changes(cs, end);
      } else {
        what = "the child's copy is still held by " + holders(s.released, k, cs.id()) + " tasks";
      }
      rel.add(new String[] {k.field(), what});
    }
    table(rel, out);
  }

  /** Waits until the child has left the task table, then takes the last snapshot and ends. */
  private static void awaitRelease(UserContext ctx, Machine machine, Snaps s, int yields) {
    Snapshot now = machine.inspect();
    TaskInfo child = find(now, s.child);
    if (child == null) {
      s.released = now;
      ctx.exitGroup(0);
      return;
    }
    if (child.parentTgid() == s.caller && child.exitSignal() >= 0) {
      ctx.wait4(s.child, 0, Wait.__WALL, 0, (c2, r) -> awaitRelease(c2, machine, s, yields));
      return;
    }
    if (yields >= MAX_YIELDS) {
      throw new IllegalStateException("task " + s.child + " never went away: " + child.state());
    }
    ctx.schedYield((c2, r) -> awaitRelease(c2, machine, s, yields + 1));
  }

  private static TaskInfo find(Snapshot s, int tid) {
    for (TaskInfo t : s.tasks()) {
      if (t.tid() == tid) {
        return t;
      }
    }
    return null;
  }

  private static boolean shared(TaskInfo parent, TaskInfo child, StructInfo.Kind kind) {
    return parent.structure(kind).id() == child.structure(kind).id();
  }

  private static int holders(Snapshot s, StructInfo.Kind kind, int id) {
    int n = 0;
    for (TaskInfo t : s.tasks()) {
      if (t.structure(kind).id() == id) {
        n++;
      }
    }
    return n;
  }

  private static String counts(StructInfo s) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Integer> e : s.counts().entrySet()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.length() == 0 ? "(none)" : sb.toString();
  }

  /** {@code name a→b} for each counter, both read from the model. */
  private static String changes(StructInfo from, StructInfo to) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Integer> e : from.counts().entrySet()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      int after = to.counts().get(e.getKey());
      sb.append(e.getKey()).append(' ').append(e.getValue()).append('→').append(after);
    }
    return sb.toString();
  }

  private static void table(List<String[]> rows, Consumer<String> out) {
    int cols = rows.get(0).length;
    int[] w = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < cols; i++) {
        sb.append(r[i]);
        if (i < cols - 1) {
          sb.append(" ".repeat(w[i] - r[i].length() + 2));
        }
      }
      out.accept(sb.toString());
    }
  }
}
