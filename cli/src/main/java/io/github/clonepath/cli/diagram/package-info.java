/**
 * {@code clonepath diagram KIND}: draws live model state as Mermaid, Graphviz DOT or SVG. The text
 * formats come from {@link io.github.clonepath.common.diagram.Diagram}; SVG is rendered here, in
 * Java, by PlantUML with its pure-Java layout, so no native tool is needed.
 */
package io.github.clonepath.cli.diagram;
