package io.github.clonepath.lab.scenario;

/** A scenario text or step the runner cannot use, with the line it came from. */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An error at a line.
   *
   * @param line the 1-based line, or 0 when not tied to one
   * @param message what is wrong and what to write instead
   */
  public ScenarioException(int line, String message) {
    super(line > 0 ? "line " + line + ": " + message : message);
  }
}
