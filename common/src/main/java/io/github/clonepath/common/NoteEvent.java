package io.github.clonepath.common;

/**
 * A state change made by the innermost open modeled call, in a few words.
 *
 * @param time virtual time in nanoseconds
 * @param tid the running task
 * @param depth depth of the call the note belongs to
 * @param text what changed, such as {@code copy_files: shared, count 2→3}
 */
public record NoteEvent(long time, int tid, int depth, String text) implements TraceEvent {}
