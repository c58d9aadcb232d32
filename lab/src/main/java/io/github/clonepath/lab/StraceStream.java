package io.github.clonepath.lab;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.kernel.syscall.Strace;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * An event sink that writes each system call as its strace line while the model runs, and keeps
 * nothing: the first line reaches the output at once, and the run's memory does not grow with its
 * trace ({@code RunOptions.DEFAULT.streamingTo(new StraceStream(out))}, what {@code clonepath run}
 * does). When the reader goes away (a closed pipe, {@code | head -1}) the next check throws {@link
 * Closed}, so the run stops instead of modeling on for nobody.
 */
public final class StraceStream implements Consumer<TraceEvent> {
  /** Lines between flushes after the first: a flush is a write(2), too dear for every line. */
  private static final int FLUSH_EVERY = 1024;

  /** Thrown from inside the machine's step when the output is closed. */
  public static final class Closed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Closed() {
      super("the output was closed", null, false, false);
    }
  }

  private final PrintWriter out;
  private final StringBuilder line = new StringBuilder(128);
  private long lines;

  /**
   * A sink over a writer.
   *
   * @param out where the lines go; flushed after the first line and every 1024th
   */
  public StraceStream(PrintWriter out) {
    this.out = out;
  }

  /**
   * Writes the event's line if it is a system call.
   *
   * @param e the event
   * @throws Closed when the writer has failed, checked at the flushes
   */
  @Override
  public void accept(TraceEvent e) {
    if (!(e instanceof SyscallEvent s)) {
      return;
    }
    line.setLength(0);
    Strace.append(line, s).append('\n');
    out.append(line);
    lines++;
    if (lines == 1 || lines % FLUSH_EVERY == 0) {
      // checkError flushes, and tells whether any write so far failed
      if (out.checkError()) {
        throw new Closed();
      }
    }
  }

  /**
   * Whether {@code t} or one of its causes is a {@link Closed}: the machine may wrap what a sink
   * throws.
   *
   * @param t what the run threw
   * @return true when the output was closed
   */
  public static boolean closed(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof Closed) {
        return true;
      }
    }
    return false;
  }
}
