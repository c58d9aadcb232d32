package io.github.clonepath.lab.diagram;

import com.google.common.collect.ImmutableList;

/**
 * The pictures this build offers. A kind is listed here only once the layer whose state it draws is
 * modeled.
 */
public final class DiagramKinds {
  /** Every kind, in the order the help lists them. */
  public static final ImmutableList<DiagramKind> ALL =
      ImmutableList.of(
          new TasksAndStructuresKind(),
          new ThreadStackKind(),
          new MAfterCreationKind(),
          new PsAndRunqsKind());

  private DiagramKinds() {}
}
