package io.github.clonepath.lab.diagram;

/**
 * Writes a {@link Diagram} as Graphviz DOT.
 *
 * <p>A {@code digraph} with the title as its graph label on top, {@code rankdir=TB} or {@code LR},
 * boxes by default; each cluster is a {@code subgraph cluster_id} with its label and nodes; a plain
 * node is {@code id [label="text"]}; a table is an HTML-like label, {@code shape=plain}, with the
 * title in bold over the whole width and one table row per row, the last cell of a short row
 * spanning the rest; an edge is {@code a -> b} with {@code label} and {@code style=dashed} when
 * set. Strings escape {@code "} and {@code \}; HTML-like labels escape {@code & < > "}. Two spaces
 * indent each level.
 */
public final class DotWriter {
  private DotWriter() {}

  /**
   * The DOT text.
   *
   * @param d the diagram
   * @return the text, ending with a newline
   */
  public static String write(Diagram d) {
    StringBuilder out = new StringBuilder();
    out.append("digraph ").append(quote(d.title())).append(" {\n");
    out.append("  label=").append(quote(d.title())).append(";\n");
    out.append("  labelloc=t;\n");
    out.append("  rankdir=").append(d.direction() == Diagram.Direction.TOP_DOWN ? "TB" : "LR");
    out.append(";\n");
    out.append("  node [shape=box];\n");
    for (Diagram.Cluster c : d.clusters()) {
      out.append("  subgraph cluster_").append(c.id()).append(" {\n");
      out.append("    label=").append(quote(c.label())).append(";\n");
      for (String m : c.members()) {
        node(out, d.node(m), "    ");
      }
      out.append("  }\n");
    }
    for (Diagram.Node n : d.unclustered()) {
      node(out, n, "  ");
    }
    for (Diagram.Edge e : d.edges()) {
      out.append("  ").append(e.from()).append(" -> ").append(e.to());
      StringBuilder attrs = new StringBuilder();
      if (!e.label().isEmpty()) {
        attrs.append("label=").append(quote(e.label()));
      }
      if (e.dashed()) {
        attrs.append(attrs.length() > 0 ? ", " : "").append("style=dashed");
      }
      if (attrs.length() > 0) {
        out.append(" [").append(attrs).append(']');
      }
      out.append(";\n");
    }
    return out.append("}\n").toString();
  }

  private static void node(StringBuilder out, Diagram.Node n, String indent) {
    out.append(indent).append(n.id());
    if (n.rows().isEmpty()) {
      out.append(" [label=").append(quote(n.title())).append("];\n");
      return;
    }
    int width = n.rows().stream().mapToInt(r -> r.cells().size()).max().orElse(1);
    out.append(" [shape=plain, label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\">");
    out.append("<tr><td colspan=\"").append(width).append("\"><b>");
    out.append(html(n.title())).append("</b></td></tr>");
    for (Diagram.Row r : n.rows()) {
      out.append("<tr>");
      for (int i = 0; i < r.cells().size(); i++) {
        boolean last = i == r.cells().size() - 1;
        int span = last ? width - r.cells().size() + 1 : 1;
        out.append(span > 1 ? "<td colspan=\"" + span + "\">" : "<td>");
        out.append(html(r.cells().get(i))).append("</td>");
      }
      out.append("</tr>");
    }
    out.append("</table>>];\n");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String html(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
