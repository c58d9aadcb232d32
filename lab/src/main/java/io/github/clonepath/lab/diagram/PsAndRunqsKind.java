package io.github.clonepath.lab.diagram;

import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.GoProgram;
import io.github.clonepath.goruntime.GoSnapshot;
import io.github.clonepath.lab.scenario.GoWalk;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code diagram ps-and-runqs}: the Ps with their local run queues and runnext, and the global run
 * queue, at the moment a go statement first overflows a P's ring: main starts 300 goroutines in a
 * row (go1.19, GOMAXPROCS=2), each newproc puts the new G in runnext and kicks the previous one to
 * the tail, and when the ring is full runqputslow moves half of it plus the kicked G to the global
 * queue.
 */
public final class PsAndRunqsKind implements DiagramKind {
  /** Goroutines main starts, more than one ring holds. */
  static final int GOROUTINES = 300;

  @Override
  public String name() {
    return "ps-and-runqs";
  }

  @Override
  public String summary() {
    return "the Ps with their run queues and runnext, and the global queue (Go 1.19)";
  }

  @Override
  public Diagram draw() {
    return draw(snapshot());
  }

  /**
   * The state drawn: the first moment the global run queue holds goroutines.
   *
   * @return the snapshot
   */
  public static GoSnapshot snapshot() {
    GoProgram main =
        GoProgram.empty()
            .go("main.worker", GoProgram.empty().compute(1_000L), GOROUTINES)
            .compute(1_000_000L);
    return GoWalk.firstSnapshot(GoOptions.DEFAULT, main, s -> !s.globalRunq().isEmpty());
  }

  static Diagram draw(GoSnapshot s) {
    Diagram.Builder b =
        Diagram.builder(
            "Ps, their run queues (" + s.runqSize() + " slots each) and the global queue",
            Diagram.Direction.LEFT_RIGHT);
    List<String> ps = new ArrayList<>();
    for (GoSnapshot.P p : s.ps()) {
      String id = "p" + p.id();
      ps.add(id);
      b.node(
          Diagram.Node.table(
              id,
              id + " (" + p.status() + (p.m() >= 0 ? ", m" + p.m() : "") + ")",
              List.of(
                  Diagram.Row.of("runnext", p.runnext() < 0 ? "none" : "g" + p.runnext()),
                  Diagram.Row.of("runq", p.runq().size() + " of " + s.runqSize()),
                  Diagram.Row.of("head … tail", goids(p.runq())))));
    }
    b.node(
        Diagram.Node.table(
            "sched_runq",
            "sched.runq (global)",
            List.of(
                Diagram.Row.of("length", Integer.toString(s.globalRunq().size())),
                Diagram.Row.of("head … tail", goids(s.globalRunq())))));
    b.cluster("allp", "allp", ps);
    return b.build();
  }

  /** The first and last three goids, or all of them when there are few. */
  private static String goids(List<Long> q) {
    if (q.isEmpty()) {
      return "empty";
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < q.size(); i++) {
      if (i < 3 || i >= q.size() - 3) {
        out.add("g" + q.get(i));
      } else if (i == 3) {
        out.add("…");
      }
    }
    return String.join(" ", out);
  }
}
