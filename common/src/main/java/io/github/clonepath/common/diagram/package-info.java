/**
 * Pictures of model state as plain values: a {@link io.github.clonepath.common.diagram.Diagram} of
 * nodes (boxes or tables), edges and clusters, with writers for Mermaid and Graphviz DOT text.
 *
 * <p>Each layer's door hands its state out as a diagram; the command line prints the text or
 * renders it. Nothing here knows what the boxes mean: no model logic.
 */
package io.github.clonepath.common.diagram;
