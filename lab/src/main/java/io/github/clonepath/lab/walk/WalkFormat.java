package io.github.clonepath.lab.walk;

import io.github.clonepath.common.TraceEvent;
import java.util.List;

/** The ways a walkthrough can be printed. */
public enum WalkFormat {
  /** An indented call tree for a terminal: see {@link TextWalk}. */
  TEXT {
    @Override
    public String format(List<? extends TraceEvent> events) {
      return TextWalk.format(events);
    }
  },
  /** A nested list ready to paste into notes: see {@link MarkdownWalk}. */
  MARKDOWN {
    @Override
    public String format(List<? extends TraceEvent> events) {
      return MarkdownWalk.format(events);
    }
  },
  /** A tree for tools: see {@link JsonWalk}. */
  JSON {
    @Override
    public String format(List<? extends TraceEvent> events) {
      return JsonWalk.format(events);
    }
  };

  /**
   * Prints a run.
   *
   * @param events the run's events, in order
   * @return the walkthrough, ending with a newline
   */
  public abstract String format(List<? extends TraceEvent> events);
}
