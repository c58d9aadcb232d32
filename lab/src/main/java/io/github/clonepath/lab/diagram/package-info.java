/**
 * Diagrams of live model state: the kinds ({@code thread-stack}, {@code tasks-and-structures}, ...)
 * that run a scenario and picture the state it leaves, as a {@link
 * io.github.clonepath.lab.diagram.Diagram} of nodes (boxes or tables), edges and clusters, with
 * writers for Mermaid and Graphviz DOT text. Nothing in the writers knows what the boxes mean.
 */
package io.github.clonepath.lab.diagram;
