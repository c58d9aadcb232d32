package io.github.clonepath.lab.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Mermaid and DOT writers, checked against text written by hand from their rules. */
class DiagramWritersTest {

  private static Diagram mAfterCreation() {
    return Diagram.builder("M after creation", Diagram.Direction.TOP_DOWN)
        .node(
            Diagram.Node.table(
                "m3",
                "m3",
                List.of(
                    Diagram.Row.of("id", "3"),
                    Diagram.Row.of("g0 stack", "[0xc000080000, 0xc000082000)"))))
        .node(Diagram.Node.box("p1", "P1 \"idle\" <nextp>"))
        .cluster("allm", "allm", List.of("m3"))
        .edge("m3", "p1", "nextp")
        .dashedEdge("p1", "m3", "")
        .build();
  }

  @Test
  void mermaidPutsClustersFirstThenLoneNodesThenEdges() {
    String expected =
        """
        ---
        title: "M after creation"
        ---
        flowchart TB
          subgraph allm["allm"]
            m3["m3<br/>id: 3<br/>g0 stack: [0xc000080000, 0xc000082000)"]
          end
          p1["P1 #quot;idle#quot; #lt;nextp#gt;"]
          m3 -->|"nextp"| p1
          p1 -.-> m3
        """;
    assertEquals(expected, mAfterCreation().toMermaid());
  }

  @Test
  void dotDrawsTablesAsHtmlLabelsAndEscapesStrings() {
    String expected =
        """
        digraph "M after creation" {
          label="M after creation";
          labelloc=t;
          rankdir=TB;
          node [shape=box];
          subgraph cluster_allm {
            label="allm";
            m3 [shape=plain, label=<<table border="0" cellborder="1" cellspacing="0">\
        <tr><td colspan="2"><b>m3</b></td></tr>\
        <tr><td>id</td><td>3</td></tr>\
        <tr><td>g0 stack</td><td>[0xc000080000, 0xc000082000)</td></tr>\
        </table>>];
          }
          p1 [label="P1 \\"idle\\" <nextp>"];
          m3 -> p1 [label="nextp"];
          p1 -> m3 [style=dashed];
        }
        """;
    assertEquals(expected, mAfterCreation().toDot());
  }

  @Test
  void aShortTableRowSpansItsLastCellAndHtmlIsEscaped() {
    Diagram d =
        Diagram.builder("stack", Diagram.Direction.LEFT_RIGHT)
            .node(
                Diagram.Node.table(
                    "s",
                    "thread stack",
                    List.of(
                        Diagram.Row.of("guard", "+0", "4096 B"),
                        Diagram.Row.of("TLS & TCB", "+8384512"))))
            .build();
    String expected =
        """
        digraph "stack" {
          label="stack";
          labelloc=t;
          rankdir=LR;
          node [shape=box];
          s [shape=plain, label=<<table border="0" cellborder="1" cellspacing="0">\
        <tr><td colspan="3"><b>thread stack</b></td></tr>\
        <tr><td>guard</td><td>+0</td><td>4096 B</td></tr>\
        <tr><td>TLS &amp; TCB</td><td colspan="2">+8384512</td></tr>\
        </table>>];
        }
        """;
    assertEquals(expected, d.toDot());
    String mermaid =
        """
        ---
        title: "stack"
        ---
        flowchart LR
          s["thread stack<br/>guard: +0, 4096 B<br/>TLS & TCB: +8384512"]
        """;
    assertEquals(mermaid, d.toMermaid());
  }

  @Test
  void edgesAndClustersMustNameExistingNodes() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Diagram.builder("x", Diagram.Direction.TOP_DOWN)
                .node(Diagram.Node.box("a", "a"))
                .edge("a", "b", "")
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Diagram.builder("x", Diagram.Direction.TOP_DOWN)
                .node(Diagram.Node.box("a", "a"))
                .cluster("c", "c", List.of("nope"))
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Diagram.builder("x", Diagram.Direction.TOP_DOWN)
                .node(Diagram.Node.box("a", "a"))
                .cluster("c", "c", List.of("a"))
                .cluster("d", "d", List.of("a"))
                .build());
    assertThrows(IllegalArgumentException.class, () -> Diagram.Node.box("1bad", "x"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Diagram.builder("x", Diagram.Direction.TOP_DOWN)
                .node(Diagram.Node.box("a", "a"))
                .node(Diagram.Node.box("a", "b"))
                .build());
  }
}
