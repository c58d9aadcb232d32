package io.github.clonepath.common;

/**
 * A modeled function was entered.
 *
 * @param time virtual time in nanoseconds
 * @param tid the running task
 * @param depth nesting depth of the call, 0 outermost
 * @param source the real function it models
 */
public record CallEvent(long time, int tid, int depth, SourceRef source) implements TraceEvent {}
