package io.github.clonepath.lab.scenario;

/**
 * A scenario the lab cannot run, or a run that did not end as its scenario says it should. The
 * message is one line in the form compilers use, {@code FILE:LINE: what is wrong}: the file (or
 * built-in name) and line where it was written, when known.
 *
 * <p>Two kinds, because a user answers them differently: a mistake in the text (an unknown verb, a
 * word that is not a duration, a thread name nobody created) is {@linkplain #isBadInput() bad
 * input}, found before the run starts wherever it can be; an outcome (a deadlock, a {@code
 * pthread_create} that returned another errno than the scenario expects) is what the model did with
 * a valid scenario.
 */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String detail;
  private final boolean badInput;

  private ScenarioException(String source, int line, String detail, boolean badInput) {
    super(detail);
    this.source = source;
    this.line = line;
    this.detail = detail;
    this.badInput = badInput;
  }

  /**
   * A mistake in the scenario's text at a line.
   *
   * @param line the 1-based line, or 0 when not tied to one
   * @param message what is wrong and what to write instead
   */
  public ScenarioException(int line, String message) {
    this(null, line, message, true);
  }

  /**
   * A run that did not end as the scenario says (a deadlock, an unexpected errno).
   *
   * @param line the line of the step, or 0 when not tied to one
   * @param message what happened
   * @return the exception
   */
  public static ScenarioException outcome(int line, String message) {
    return new ScenarioException(null, line, message, false);
  }

  /**
   * The same error, naming the file it is in (kept if a file is already named).
   *
   * @param file the scenario's file or built-in name, as the user wrote it
   * @return the error with its file
   */
  public ScenarioException in(String file) {
    return source != null ? this : new ScenarioException(file, line, detail, badInput);
  }

  /**
   * Whether the scenario's text is wrong (rather than the run ending otherwise than it says).
   *
   * @return true for a mistake in the text
   */
  public boolean isBadInput() {
    return badInput;
  }

  /**
   * The line the error is at.
   *
   * @return the 1-based line, or 0 when not tied to one
   */
  public int line() {
    return line;
  }

  /**
   * The file the error is in.
   *
   * @return the file or built-in name, or null when not known
   */
  public String source() {
    return source;
  }

  /**
   * What is wrong, without the file and line.
   *
   * @return the detail
   */
  public String detail() {
    return detail;
  }

  @Override
  public String getMessage() {
    String at = line > 0 ? (source != null ? source + ":" + line : "line " + line) : source;
    return at == null ? detail : at + ": " + detail;
  }
}
