package io.github.clonepath.common;

/**
 * One thing the model did, as the event log records it.
 *
 * <p>Every view of a run (strace text, call trees, JSON, diagrams) is a formatter over these
 * events, so the views can never disagree with each other.
 */
public sealed interface TraceEvent permits CallEvent, NoteEvent, SyscallEvent {
  /** Virtual time in nanoseconds since the machine booted. */
  long time();

  /** The task (thread id) that was running. */
  int tid();

  /** The nesting depth of modeled calls on that task when the event happened, 0 outermost. */
  int depth();
}
