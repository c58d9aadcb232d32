package io.github.clonepath.cli.diagram;

import io.github.clonepath.lab.diagram.Diagram;

/**
 * Writes a {@link Diagram} as a PlantUML object diagram laid out by Smetana, PlantUML's pure-Java
 * port of Graphviz's dot, so rendering needs no native tool.
 *
 * <p>A plain node is an {@code object}; a table is a {@code map} (key {@code =>} values joined by
 * {@code ", "}) when every row has a value, else an {@code object} whose body lists the rows; a
 * cluster is a {@code package}; an edge is {@code -->}, dashed {@code ..>}, with {@code : label}.
 * Double quotes in names become single quotes, the one character a PlantUML name cannot hold.
 */
public final class PlantUml {
  private PlantUml() {}

  /**
   * The PlantUML text.
   *
   * @param d the diagram
   * @return the text from {@code @startuml} to {@code @enduml}, ending with a newline
   */
  public static String write(Diagram d) {
    StringBuilder out = new StringBuilder("@startuml\n!pragma layout smetana\n");
    out.append("title ").append(d.title()).append('\n');
    out.append(d.direction() == Diagram.Direction.TOP_DOWN ? "top to bottom" : "left to right");
    out.append(" direction\n");
    for (Diagram.Cluster c : d.clusters()) {
      out.append("package ").append(quote(c.label())).append(" as ").append(c.id()).append(" {\n");
      for (String m : c.members()) {
        node(out, d.node(m), "  ");
      }
      out.append("}\n");
    }
    for (Diagram.Node n : d.unclustered()) {
      node(out, n, "");
    }
    for (Diagram.Edge e : d.edges()) {
      out.append(e.from()).append(e.dashed() ? " ..> " : " --> ").append(e.to());
      if (!e.label().isEmpty()) {
        out.append(" : ").append(e.label());
      }
      out.append('\n');
    }
    return out.append("@enduml\n").toString();
  }

  private static void node(StringBuilder out, Diagram.Node n, String indent) {
    boolean map = !n.rows().isEmpty() && n.rows().stream().allMatch(r -> r.cells().size() > 1);
    out.append(indent).append(map ? "map " : "object ").append(quote(n.title()));
    out.append(" as ").append(n.id());
    if (n.rows().isEmpty()) {
      out.append('\n');
      return;
    }
    out.append(" {\n");
    for (Diagram.Row r : n.rows()) {
      out.append(indent).append("  ");
      if (map) {
        out.append(r.cells().get(0))
            .append(" => ")
            .append(String.join(", ", r.cells().subList(1, r.cells().size())));
      } else {
        out.append(String.join(" ", r.cells()));
      }
      out.append('\n');
    }
    out.append(indent).append("}\n");
  }

  private static String quote(String s) {
    return "\"" + s.replace('"', '\'') + "\"";
  }
}
