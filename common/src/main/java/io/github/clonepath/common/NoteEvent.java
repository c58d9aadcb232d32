package io.github.clonepath.common;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A state change made by the innermost open modeled call, in a few words.
 *
 * <p>A note keeps its {@link String#format} pattern and arguments and is formatted the first time
 * {@link #text()} is read. Arguments are kept only when they are values that cannot change later
 * (strings, boxed numbers, booleans, characters, enum constants); a note given anything else (a
 * list, a model object whose {@code toString} reads live state) is formatted at once, so its text
 * is always what was true when it was made.
 */
public final class NoteEvent implements TraceEvent {
  private final long time;
  private final int tid;
  private final int depth;
  private final String format;

  /** The pattern's arguments; null once the text is made at the note's creation. */
  private final Object[] args;

  private String text;

  /**
   * A note whose text is made.
   *
   * @param time virtual time in nanoseconds
   * @param tid the running task
   * @param depth depth of the call the note belongs to
   * @param text what changed, such as {@code copy_files: shared, count 2→3}
   */
  public NoteEvent(long time, int tid, int depth, String text) {
    this.time = time;
    this.tid = tid;
    this.depth = depth;
    this.format = null;
    this.args = null;
    this.text = Objects.requireNonNull(text);
  }

  /**
   * A note to be formatted when read.
   *
   * @param time virtual time in nanoseconds
   * @param tid the running task
   * @param depth depth of the call the note belongs to
   * @param format a {@link String#format} pattern
   * @param args its arguments (the note keeps this array: do not change it)
   */
  public NoteEvent(long time, int tid, int depth, String format, Object... args) {
    this.time = time;
    this.tid = tid;
    this.depth = depth;
    if (allValues(args)) {
      this.format = format;
      this.args = args;
    } else {
      this.format = null;
      this.args = null;
      this.text = String.format(format, args);
    }
  }

  private static boolean allValues(Object[] args) {
    for (Object a : args) {
      if (!(a == null
          || a instanceof String
          || a instanceof Integer
          || a instanceof Long
          || a instanceof Short
          || a instanceof Byte
          || a instanceof Double
          || a instanceof Float
          || a instanceof BigInteger
          || a instanceof Boolean
          || a instanceof Character
          || a instanceof Enum<?>)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long time() {
    return time;
  }

  @Override
  public int tid() {
    return tid;
  }

  @Override
  public int depth() {
    return depth;
  }

  /**
   * What changed, formatted the first time it is asked for.
   *
   * @return such as {@code copy_files: shared, count 2→3}
   */
  public String text() {
    String t = text;
    if (t == null) {
      t = String.format(format, args);
      text = t;
    }
    return t;
  }

  /** Equal when the same note is made at the same place with the same text. */
  @Override
  public boolean equals(Object o) {
    return o instanceof NoteEvent n
        && time == n.time
        && tid == n.tid
        && depth == n.depth
        && text().equals(n.text());
  }

  @Override
  public int hashCode() {
    return Objects.hash(time, tid, depth, text());
  }

  @Override
  public String toString() {
    return "NoteEvent[time="
        + time
        + ", tid="
        + tid
        + ", depth="
        + depth
        + ", text="
        + text()
        + "]";
  }
}
