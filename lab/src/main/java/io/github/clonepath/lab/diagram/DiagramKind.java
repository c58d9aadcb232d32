package io.github.clonepath.lab.diagram;

/** One picture of model state: it runs a scenario through the doors and draws what it left. */
public interface DiagramKind {
  /**
   * The name on the command line.
   *
   * @return for example {@code m-after-creation}
   */
  String name();

  /**
   * What the picture shows, in one line.
   *
   * @return the summary
   */
  String summary();

  /**
   * Runs the scenario and draws the state.
   *
   * @return the picture
   */
  Diagram draw();
}
