package io.github.clonepath.cli.diagram;

import io.github.clonepath.lab.diagram.Diagram;
import java.util.List;

final class DiagramTestData {
  private DiagramTestData() {}

  static Diagram small() {
    return Diagram.builder("M after creation", Diagram.Direction.TOP_DOWN)
        .node(
            Diagram.Node.table(
                "m3", "m3", List.of(Diagram.Row.of("id", "3"), Diagram.Row.of("procid", "1236"))))
        .node(Diagram.Node.table("g0", "g0", List.of(Diagram.Row.of("stack 8 KiB"))))
        .node(Diagram.Node.box("p1", "P1 \"idle\""))
        .cluster("allm", "allm", List.of("m3"))
        .edge("m3", "p1", "nextp")
        .dashedEdge("m3", "g0", "g0")
        .build();
  }
}
