package io.github.clonepath.common;

/**
 * An open modeled call, closed by try-with-resources when the modeled function returns.
 *
 * <p>{@code try (Frame f = tracer.enter()) { ...; f.note("count %d→%d", a, b); }}
 */
public interface Frame extends AutoCloseable {
  /**
   * Records what this call changed. Formats only when call tracing is on.
   *
   * @param format a {@link String#format} pattern
   * @param args its arguments
   */
  void note(String format, Object... args);

  /**
   * Whether notes are recorded: a hot call site whose note boxes numbers asks first, so that with
   * call tracing off it builds no argument array at all.
   *
   * @return false when {@link #note} does nothing
   */
  default boolean recording() {
    return true;
  }

  /** Ends the call. */
  @Override
  void close();
}
