/**
 * {@code clonepath diagram KIND}: prints the lab's diagrams as Mermaid or Graphviz DOT text, or
 * renders them to SVG here, in Java, by PlantUML with its pure-Java layout, so no native tool is
 * needed.
 */
package io.github.clonepath.cli.diagram;
