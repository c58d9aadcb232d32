package io.github.clonepath.lab.diagram;

/**
 * Writes a {@link Diagram} as a Mermaid flowchart.
 *
 * <p>The title goes in the front matter; {@code flowchart TB} or {@code LR}; each cluster is a
 * {@code subgraph id["label"]} holding its nodes; a node is {@code id["text"]}, where a table's
 * text is its title and then one line per row ({@code key: value, value}) joined by {@code <br/>};
 * an edge is {@code a -->|"label"| b}, dashed {@code a -.->|"label"| b}, without the label part
 * when it has none. Quotes and angle brackets in text become Mermaid entity codes ({@code #quot;},
 * {@code #lt;}, {@code #gt;}). Two spaces indent each level.
 */
public final class MermaidWriter {
  private MermaidWriter() {}

  /**
   * The Mermaid text.
   *
   * @param d the diagram
   * @return the text, ending with a newline
   */
  public static String write(Diagram d) {
    StringBuilder out = new StringBuilder();
    out.append("---\ntitle: \"")
        .append(d.title().replace("\\", "\\\\").replace("\"", "\\\""))
        .append("\"\n---\n");
    out.append("flowchart ").append(d.direction() == Diagram.Direction.TOP_DOWN ? "TB" : "LR");
    out.append('\n');
    for (Diagram.Cluster c : d.clusters()) {
      out.append("  subgraph ")
          .append(c.id())
          .append("[\"")
          .append(text(c.label()))
          .append("\"]\n");
      for (String m : c.members()) {
        node(out, d.node(m), "    ");
      }
      out.append("  end\n");
    }
    for (Diagram.Node n : d.unclustered()) {
      node(out, n, "  ");
    }
    for (Diagram.Edge e : d.edges()) {
      out.append("  ").append(e.from()).append(e.dashed() ? " -.->" : " -->");
      if (!e.label().isEmpty()) {
        out.append("|\"").append(text(e.label())).append("\"|");
      }
      out.append(' ').append(e.to()).append('\n');
    }
    return out.toString();
  }

  private static void node(StringBuilder out, Diagram.Node n, String indent) {
    out.append(indent).append(n.id()).append("[\"").append(text(n.title()));
    for (Diagram.Row r : n.rows()) {
      out.append("<br/>").append(text(rowText(r)));
    }
    out.append("\"]\n");
  }

  /** A row as one line: {@code key: v1, v2}, or just the key when it is alone. */
  static String rowText(Diagram.Row r) {
    if (r.cells().size() == 1) {
      return r.cells().get(0);
    }
    return r.cells().get(0) + ": " + String.join(", ", r.cells().subList(1, r.cells().size()));
  }

  private static String text(String s) {
    return s.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
  }
}
