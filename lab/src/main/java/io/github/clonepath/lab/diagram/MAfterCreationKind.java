package io.github.clonepath.lab.diagram;

import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.GoProgram;
import io.github.clonepath.goruntime.GoSnapshot;
import io.github.clonepath.goruntime.GoVersion;
import io.github.clonepath.lab.scenario.GoWalk;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code diagram m-after-creation} (seed 001's figure): the M that newm just made for an idle P,
 * taken after its clone and before its thread ran (go1.13): its id and address, its g0's and its
 * signal goroutine's stacks with their bounds, the allm list it heads, and the P in its nextp.
 */
public final class MAfterCreationKind implements DiagramKind {
  @Override
  public String name() {
    return "m-after-creation";
  }

  @Override
  public String summary() {
    return "the M newm made: g0 and gsignal stacks, allm, the P in nextp (Go 1.13)";
  }

  @Override
  public Diagram draw() {
    return draw(snapshot());
  }

  /**
   * The state drawn: the first moment an M other than m0 has been cloned with a P in its nextp and
   * its thread has not taken it yet.
   *
   * @return the snapshot
   */
  public static GoSnapshot snapshot() {
    GoOptions o = GoOptions.DEFAULT.withVersion(GoVersion.GO1_13);
    GoProgram main = GoProgram.empty().compute(1_000_000L);
    return GoWalk.firstSnapshot(o, main, s -> newM(s) != null);
  }

  /**
   * The M just made: cloned, with a P to take.
   *
   * @param s a snapshot
   * @return that M, or null
   */
  public static GoSnapshot.M newM(GoSnapshot s) {
    for (GoSnapshot.M m : s.allm()) {
      if (m.id() != 0 && m.childStack() != 0 && m.nextp() >= 0 && m.p() < 0) {
        return m;
      }
    }
    return null;
  }

  static Diagram draw(GoSnapshot s) {
    GoSnapshot.M nm = newM(s);
    Diagram.Builder b =
        Diagram.builder(
            "m" + nm.id() + " after newm: its stacks, allm and nextp",
            Diagram.Direction.LEFT_RIGHT);
    List<String> chain = new ArrayList<>();
    b.node(Diagram.Node.box("allm", "allm"));
    String prev = "allm";
    for (GoSnapshot.M m : s.allm()) {
      String id = "m" + m.id();
      chain.add(id);
      if (m == nm) {
        b.node(
            Diagram.Node.table(
                id,
                "m" + m.id() + " at 0x" + Long.toHexString(m.addr()),
                List.of(
                    Diagram.Row.of("id", Long.toString(m.id())),
                    Diagram.Row.of("g0.stack", bounds(m.g0Lo(), m.g0Hi())),
                    Diagram.Row.of("gsignal.stack", bounds(m.gsignalLo(), m.gsignalHi())),
                    Diagram.Row.of("clone child_stack", "0x" + Long.toHexString(m.childStack())),
                    Diagram.Row.of("spinning", Boolean.toString(m.spinning())))));
      } else {
        b.node(Diagram.Node.box(id, "m" + m.id()));
      }
      b.edge(prev, id, prev.equals("allm") ? "head" : "alllink");
      prev = id;
    }
    GoSnapshot.P p = s.ps().get(nm.nextp());
    b.node(
        Diagram.Node.table(
            "p" + p.id(),
            "p" + p.id(),
            List.of(
                Diagram.Row.of("status", p.status()), Diagram.Row.of("m", Long.toString(p.m())))));
    b.edge("m" + nm.id(), "p" + p.id(), "nextp");
    return b.build();
  }

  private static String bounds(long lo, long hi) {
    return String.format("[0x%x, 0x%x), %d B", lo, hi, hi - lo);
  }
}
