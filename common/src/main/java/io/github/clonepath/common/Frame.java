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

  /** Ends the call. */
  @Override
  void close();
}
