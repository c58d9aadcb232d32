package io.github.clonepath.common;

import java.util.Arrays;
import java.util.Objects;

/**
 * A system call completed: its name and x86_64 number, its raw arguments, its result and the few
 * pieces strace decodes from user memory or kernel state that a printer could not read back later.
 *
 * <p>The strace text is not built when the call happens: {@link #text()} asks the call's {@link
 * Printer} the first time a consumer reads it (a comparator, a walk, the command line's output) and
 * keeps the answer. A run whose log only counts, or keeps events nobody prints, never formats. What
 * the printer reads is the event alone: the arguments are numbers and the decoded pieces are an
 * immutable value captured at call time, never live model state, so the text is the same whenever
 * it is asked for.
 *
 * <p>A call that blocked is recorded once, when it returns, with its whole text: the model does not
 * reproduce strace's {@code <unfinished ...>} split, which only reflects how two real threads
 * happened to interleave.
 */
public final class SyscallEvent implements TraceEvent {
  /** Produces a call's strace text from what its event recorded. */
  @FunctionalInterface
  public interface Printer {
    /**
     * The call as strace 6.1 prints it after the pid, such as {@code gettid() = 1235}.
     *
     * @param call the recorded call
     * @return the text, result included
     */
    String text(SyscallEvent call);
  }

  private final long time;
  private final int tid;
  private final int depth;
  private final String name;
  private final int number;
  private final long[] args;
  private final long result;
  private final boolean returned;
  private final Object decoded;
  private final Printer printer;
  private String text;

  /**
   * A call whose text is already made: for tests, for parsed or replayed traces, and for calls
   * whose whole text is a constant.
   *
   * @param time virtual time in nanoseconds when the call returned
   * @param tid the calling task
   * @param depth nesting depth of modeled calls at the call site
   * @param name the system call's name, such as {@code clone3}
   * @param text the call as strace 6.1 prints it after the pid, such as {@code gettid() = 1235}
   * @param result the raw return value: the result, or {@code -errno}
   */
  public SyscallEvent(long time, int tid, int depth, String name, String text, long result) {
    this(time, tid, depth, name, new long[0], result, true, null, e -> e.text);
    this.text = Objects.requireNonNull(text);
  }

  /**
   * A call to be printed on demand.
   *
   * @param time virtual time in nanoseconds when the call returned
   * @param tid the calling task
   * @param depth nesting depth of modeled calls at the call site
   * @param name the system call's name, such as {@code clone3}
   * @param args the raw arguments in the call's order (the event keeps this array: do not change
   *     it)
   * @param result the raw return value: the result, or {@code -errno}
   * @param returned false when the task never returned from the call (strace's {@code = ?})
   * @param decoded the immutable pieces the printer needs beyond the arguments, or null
   * @param printer makes the text from this event
   */
  public SyscallEvent(
      long time,
      int tid,
      int depth,
      String name,
      long[] args,
      long result,
      boolean returned,
      Object decoded,
      Printer printer) {
    this.time = time;
    this.tid = tid;
    this.depth = depth;
    this.name = Objects.requireNonNull(name);
    this.number = SyscallNumbers.number(name);
    this.args = Objects.requireNonNull(args);
    this.result = result;
    this.returned = returned;
    this.decoded = decoded;
    this.printer = Objects.requireNonNull(printer);
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
   * The system call's name.
   *
   * @return such as {@code clone3}
   */
  public String name() {
    return name;
  }

  /**
   * The system call's x86_64 number, found from its name when the event was made: what {@code
   * strace -n} prints in brackets, and an index for a sink that counts by number.
   *
   * @return such as 435 for {@code clone3}, or {@link SyscallNumbers#NONE} for a name that is not a
   *     system call of x86_64
   */
  public int number() {
    return number;
  }

  /**
   * The raw return value.
   *
   * @return the result, or {@code -errno}
   */
  public long result() {
    return result;
  }

  /**
   * Whether the task came back from the call; strace prints {@code = ?} for one that did not (an
   * {@code exit}, or a call the group's exit ended).
   *
   * @return false when there is no result to print
   */
  public boolean returned() {
    return returned;
  }

  /**
   * One raw argument.
   *
   * @param i its position, 0 first
   * @return the register's value
   */
  public long arg(int i) {
    return args[i];
  }

  /**
   * How many arguments were recorded.
   *
   * @return 0 for a call made with its text
   */
  public int argCount() {
    return args.length;
  }

  /**
   * The decoded pieces captured at call time.
   *
   * @param <T> their type, which the call's printer knows
   * @param type their class
   * @return the value, or null when the call captured none
   */
  public <T> T decoded(Class<T> type) {
    return type.cast(decoded);
  }

  /**
   * The call as strace 6.1 prints it after the pid, made by the call's printer the first time it is
   * asked for.
   *
   * @return such as {@code gettid() = 1235}
   */
  public String text() {
    String t = text;
    if (t == null) {
      t = printer.text(this);
      text = t;
    }
    return t;
  }

  /** Equal when the same call is recorded at the same place with the same text. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SyscallEvent s
        && time == s.time
        && tid == s.tid
        && depth == s.depth
        && result == s.result
        && name.equals(s.name)
        && text().equals(s.text());
  }

  @Override
  public int hashCode() {
    return Objects.hash(time, tid, depth, name, text(), result);
  }

  @Override
  public String toString() {
    return "SyscallEvent[time="
        + time
        + ", tid="
        + tid
        + ", depth="
        + depth
        + ", name="
        + name
        + ", args="
        + Arrays.toString(args)
        + ", text="
        + text()
        + ", result="
        + result
        + "]";
  }
}
