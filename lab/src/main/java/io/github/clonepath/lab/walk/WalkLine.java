package io.github.clonepath.lab.walk;

import com.google.common.collect.ImmutableList;
import io.github.clonepath.common.SourceRef;

/**
 * One line of a walkthrough as text and Markdown print it, in the order the events happened.
 *
 * <p>Lines are what the text and Markdown views share; they differ only in how they print each
 * kind.
 */
sealed interface WalkLine {
  /** The task the line belongs to. */
  int tid();

  /**
   * The walk switches to (or starts with) this task.
   *
   * @param tid the task's id
   */
  record TaskHeader(int tid) implements WalkLine {}

  /**
   * A modeled call, with the notes it recorded before it called anything else; or a run of
   * identical calls that changed nothing (the same function at the same depth, one after another,
   * with no notes and nothing under them), printed once with their count.
   *
   * @param tid the task
   * @param depth nesting depth
   * @param source the real function
   * @param notes state changes, in order
   * @param times how many calls the line stands for, 1 unless collapsed
   */
  record Call(int tid, int depth, SourceRef source, ImmutableList<String> notes, int times)
      implements WalkLine {
    /** The function's name, with {@code " ×N"} when the line stands for N calls. */
    String name() {
      return source.function() + (times > 1 ? " ×" + times : "");
    }
  }

  /**
   * Notes a call recorded after its line was printed (after its child calls or another task ran).
   *
   * @param tid the task
   * @param depth the depth of the call the notes belong to
   * @param notes state changes, in order
   */
  record LateNotes(int tid, int depth, ImmutableList<String> notes) implements WalkLine {}

  /**
   * A completed system call.
   *
   * @param tid the task
   * @param depth nesting depth of modeled calls at the call site
   * @param text the call in strace's syntax, without a pid prefix
   */
  record Syscall(int tid, int depth, String text) implements WalkLine {}
}
