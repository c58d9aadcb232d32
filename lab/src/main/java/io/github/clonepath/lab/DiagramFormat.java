package io.github.clonepath.lab;

import io.github.clonepath.lab.diagram.Diagram;

/**
 * The text formats a diagram is written in without any renderer on the class path: paste Mermaid
 * into Markdown, feed DOT to Graphviz. (SVG is drawn by the command line, which carries a
 * renderer.)
 */
public enum DiagramFormat {
  /** A Mermaid flowchart. */
  MERMAID {
    @Override
    public String write(Diagram d) {
      return d.toMermaid();
    }
  },
  /** A Graphviz digraph. */
  DOT {
    @Override
    public String write(Diagram d) {
      return d.toDot();
    }
  };

  /**
   * Writes a picture.
   *
   * @param d the picture
   * @return its text, ending with a newline
   */
  public abstract String write(Diagram d);
}
