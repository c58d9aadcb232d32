package io.github.clonepath.lab.diagram;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A picture of some model state: boxes and tables, arrows between them, and named groups.
 *
 * <p>Writers print nodes in the order given, clusters first (each with its members), then the nodes
 * in no cluster, then the edges, so the same state always gives the same text.
 *
 * @param title what the picture shows
 * @param direction how the layout flows
 * @param nodes the boxes and tables
 * @param edges the arrows
 * @param clusters the groups; a node is in at most one
 */
public record Diagram(
    String title,
    Direction direction,
    ImmutableList<Node> nodes,
    ImmutableList<Edge> edges,
    ImmutableList<Cluster> clusters) {

  private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  /** How the layout flows. */
  public enum Direction {
    /** Top to bottom. */
    TOP_DOWN,
    /** Left to right. */
    LEFT_RIGHT
  }

  /**
   * A box, or a table when it has rows.
   *
   * @param id a unique identifier: a letter, then letters, digits or underscores
   * @param title the text in the box, or the table's heading
   * @param rows the table's rows, empty for a plain box
   */
  public record Node(String id, String title, ImmutableList<Row> rows) {
    /** Checks the parts. */
    public Node {
      checkId(id);
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(rows, "rows");
    }

    /**
     * A plain box.
     *
     * @param id its identifier
     * @param title its text
     * @return the node
     */
    public static Node box(String id, String title) {
      return new Node(id, title, ImmutableList.of());
    }

    /**
     * A table.
     *
     * @param id its identifier
     * @param title its heading
     * @param rows its rows, at least one
     * @return the node
     */
    public static Node table(String id, String title, List<Row> rows) {
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("a table needs rows; use Node.box for " + id);
      }
      return new Node(id, title, ImmutableList.copyOf(rows));
    }
  }

  /**
   * One row of a table: a key and its values ({@code id | 3}, or {@code guard | 0x0 | 4096}).
   *
   * @param cells at least one cell
   */
  public record Row(ImmutableList<String> cells) {
    /** Checks the parts. */
    public Row {
      if (cells.isEmpty()) {
        throw new IllegalArgumentException("a row needs at least one cell");
      }
    }

    /**
     * A row.
     *
     * @param first the key
     * @param rest the values
     * @return the row
     */
    public static Row of(String first, String... rest) {
      return new Row(ImmutableList.<String>builder().add(first).add(rest).build());
    }
  }

  /**
   * An arrow.
   *
   * @param from the source node's id
   * @param to the target node's id
   * @param label text on the arrow, empty for none
   * @param dashed drawn dashed (a weaker link: a list, a cache, a pointer not owned)
   */
  public record Edge(String from, String to, String label, boolean dashed) {
    /** Checks the parts. */
    public Edge {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(label, "label");
    }
  }

  /**
   * A named group of nodes.
   *
   * @param id a unique identifier, distinct from every node's
   * @param label the group's caption
   * @param members ids of the nodes in it
   */
  public record Cluster(String id, String label, ImmutableList<String> members) {
    /** Checks the parts. */
    public Cluster {
      checkId(id);
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(members, "members");
    }
  }

  /** Checks that ids are unique and that edges and clusters name existing nodes. */
  public Diagram {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(direction, "direction");
    Set<String> ids = new HashSet<>();
    for (Node n : nodes) {
      if (!ids.add(n.id())) {
        throw new IllegalArgumentException("two nodes share the id " + n.id());
      }
    }
    for (Edge e : edges) {
      if (!ids.contains(e.from()) || !ids.contains(e.to())) {
        throw new IllegalArgumentException(
            "edge " + e.from() + " -> " + e.to() + " names a node the diagram does not have");
      }
    }
    Map<String, String> clusterOf = new HashMap<>();
    for (Cluster c : clusters) {
      if (!ids.add(c.id())) {
        throw new IllegalArgumentException("cluster id " + c.id() + " is already used");
      }
      for (String m : c.members()) {
        if (nodes.stream().noneMatch(n -> n.id().equals(m))) {
          throw new IllegalArgumentException("cluster " + c.id() + " names no node " + m);
        }
        String before = clusterOf.put(m, c.id());
        if (before != null) {
          throw new IllegalArgumentException(
              "node " + m + " is in two clusters: " + before + " and " + c.id());
        }
      }
    }
  }

  /**
   * Starts a diagram.
   *
   * @param title what it shows
   * @param direction how it flows
   * @return a builder
   */
  public static Builder builder(String title, Direction direction) {
    return new Builder(title, direction);
  }

  /**
   * The nodes in no cluster, in order.
   *
   * @return those nodes
   */
  public List<Node> unclustered() {
    Set<String> inCluster = new HashSet<>();
    clusters.forEach(c -> inCluster.addAll(c.members()));
    return nodes.stream().filter(n -> !inCluster.contains(n.id())).toList();
  }

  /**
   * A node by id.
   *
   * @param id the node's id
   * @return the node
   * @throws IllegalArgumentException if there is none
   */
  public Node node(String id) {
    return nodes.stream()
        .filter(n -> n.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + id));
  }

  /**
   * As Mermaid flowchart text.
   *
   * @return the text, see {@link MermaidWriter}
   */
  public String toMermaid() {
    return MermaidWriter.write(this);
  }

  /**
   * As Graphviz DOT text.
   *
   * @return the text, see {@link DotWriter}
   */
  public String toDot() {
    return DotWriter.write(this);
  }

  private static void checkId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a diagram id is a letter followed by letters, digits or underscores: " + id);
    }
  }

  /** Collects the parts of a diagram in order. */
  public static final class Builder {
    private final String title;
    private final Direction direction;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<Cluster> clusters = new ArrayList<>();

    private Builder(String title, Direction direction) {
      this.title = title;
      this.direction = direction;
    }

    /**
     * Adds a node.
     *
     * @param node the node
     * @return this builder
     */
    public Builder node(Node node) {
      nodes.add(node);
      return this;
    }

    /**
     * Adds a solid arrow.
     *
     * @param from source id
     * @param to target id
     * @param label text on it, empty for none
     * @return this builder
     */
    public Builder edge(String from, String to, String label) {
      edges.add(new Edge(from, to, label, false));
      return this;
    }

    /**
     * Adds a dashed arrow.
     *
     * @param from source id
     * @param to target id
     * @param label text on it, empty for none
     * @return this builder
     */
    public Builder dashedEdge(String from, String to, String label) {
      edges.add(new Edge(from, to, label, true));
      return this;
    }

    /**
     * Adds a cluster.
     *
     * @param id its id
     * @param label its caption
     * @param members ids of its nodes
     * @return this builder
     */
    public Builder cluster(String id, String label, List<String> members) {
      clusters.add(new Cluster(id, label, ImmutableList.copyOf(members)));
      return this;
    }

    /**
     * The diagram.
     *
     * @return the checked diagram
     */
    public Diagram build() {
      return new Diagram(
          title,
          direction,
          ImmutableList.copyOf(nodes),
          ImmutableList.copyOf(edges),
          ImmutableList.copyOf(clusters));
    }
  }
}
