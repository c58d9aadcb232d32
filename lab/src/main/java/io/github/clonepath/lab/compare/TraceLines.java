package io.github.clonepath.lab.compare;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import java.util.function.Consumer;

/**
 * One side of a comparison, read as it comes: each call is handed on once, in trace order, and only
 * what the comparator's rules look at is kept. A real capture is fed by {@link
 * StraceParser#parse(java.io.BufferedReader, Consumer)} line by line; a model run by its event
 * log's sink ({@link #modelSink()}) while it runs, or from the events a run kept.
 */
public interface TraceLines extends Consumer<TraceLine> {
  /**
   * Whether a call of this name can count; the others need not even be printed.
   *
   * @param name a call's name
   * @return true for the calls the comparator's filter keeps
   */
  boolean wants(String name);

  /**
   * Hands on a model's call as the parser reads the line strace prints for it: its text is made
   * only when a call of its name can count (the printers start every text with the call's name).
   *
   * @param e the model's call
   */
  default void model(SyscallEvent e) {
    if (wants(e.name())) {
      TraceLine l = StraceParser.line(e);
      if (l != null) {
        accept(l);
      }
    }
  }

  /**
   * A sink for a run's event log that hands on its system calls and drops the other events.
   *
   * @return the sink
   */
  default Consumer<TraceEvent> modelSink() {
    return e -> {
      if (e instanceof SyscallEvent s) {
        model(s);
      }
    };
  }
}
