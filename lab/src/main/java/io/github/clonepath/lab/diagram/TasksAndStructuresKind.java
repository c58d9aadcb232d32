package io.github.clonepath.lab.diagram;

import io.github.clonepath.kernel.syscall.Snapshot;
import io.github.clonepath.kernel.syscall.StructInfo;
import io.github.clonepath.kernel.syscall.TaskInfo;
import io.github.clonepath.lab.scenario.CloneVsFork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code diagram tasks-and-structures}: which task points at which mm, fs, files, sighand and
 * signal, with their reference counts, taken from the kernel's task table while a process, its
 * second thread and a forked child all live (the clone-vs-fork scenario).
 */
public final class TasksAndStructuresKind implements DiagramKind {
  @Override
  public String name() {
    return "tasks-and-structures";
  }

  @Override
  public String summary() {
    return "tasks and the mm/fs/files/sighand/signal they point at, with refcounts (Linux)";
  }

  @Override
  public Diagram draw() {
    Snapshot s =
        CloneVsFork.run(CloneVsFork.Failure.NONE)
            .whileAllLive()
            .orElseThrow(() -> new IllegalStateException("the scenario made no thread"));
    return draw(s, "clone-vs-fork");
  }

  /**
   * Draws the tasks of one program.
   *
   * @param s the task table
   * @param comm the program's name; other tasks (the shell, init) are left out
   * @return one cluster per thread group, one table per task and per structure; structures are
   *     numbered per kind in the order the tasks reach them ({@code mm #1}), so the picture does
   *     not depend on how the kernel identifies them
   */
  static Diagram draw(Snapshot s, String comm) {
    Diagram.Builder d =
        Diagram.builder(
            "Tasks and the five structures they point at (refcounts by their Linux names)",
            Diagram.Direction.LEFT_RIGHT);
    Map<Integer, List<String>> groups = new LinkedHashMap<>();
    Map<String, String> structures = new LinkedHashMap<>();
    Map<String, Integer> perKind = new LinkedHashMap<>();
    List<TaskInfo> tasks = s.tasks().stream().filter(t -> t.comm().equals(comm)).toList();
    for (TaskInfo t : tasks) {
      String id = "t" + t.tid();
      d.node(
          Diagram.Node.table(
              id,
              "task " + t.tid() + (t.tid() == t.tgid() ? " (leader)" : " (thread)"),
              List.of(
                  Diagram.Row.of("tgid", Integer.toString(t.tgid())),
                  Diagram.Row.of("exit_signal", Integer.toString(t.exitSignal())))));
      groups.computeIfAbsent(t.tgid(), g -> new ArrayList<>()).add(id);
    }
    for (TaskInfo t : tasks) {
      for (StructInfo st : t.structures()) {
        String kind = st.kind().field();
        String key = kind + "_" + st.id();
        String id = structures.get(key);
        if (id == null) {
          int n = perKind.merge(kind, 1, Integer::sum);
          id = kind + n;
          structures.put(key, id);
          List<Diagram.Row> rows = new ArrayList<>();
          st.counts().forEach((k, v) -> rows.add(Diagram.Row.of(k, Integer.toString(v))));
          d.node(Diagram.Node.table(id, kind + " #" + n, rows));
        }
        d.edge("t" + t.tid(), id, kind);
      }
    }
    groups.forEach((tgid, members) -> d.cluster("g" + tgid, "thread group " + tgid, members));
    return d.build();
  }
}
