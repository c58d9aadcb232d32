package io.github.clonepath.lab.scenario;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Where a running thread program is: the step to run next, inside however many loops. Loops are
 * run, not written out, so a {@code repeat 1000000000} costs one level here, and each step's {@code
 * $i} is the round of the innermost loop it is in.
 */
final class ProgramCursor {
  /** One list of steps being run: the program, or the body of a loop in one of its rounds. */
  private static final class Level {
    final List<Step> steps;
    final int count;
    int pc;
    int round;

    Level(List<Step> steps, int count) {
      this.steps = steps;
      this.count = count;
    }
  }

  private final ArrayDeque<Level> levels = new ArrayDeque<>();
  private Step current;

  /**
   * A cursor at a program's first step.
   *
   * @param program the steps
   */
  ProgramCursor(List<Step> program) {
    levels.push(new Level(program, 1));
  }

  /**
   * The step to run now, entering and leaving loops as it goes; {@code $i} replaced by the round.
   * Asking again before {@link #advance()} gives the same step (a spin that waits retries it).
   *
   * @return the step, or null at the end of the program
   */
  Step current() {
    if (current != null) {
      return current;
    }
    while (true) {
      Level top = levels.peek();
      if (top.pc < top.steps.size()) {
        Step s = top.steps.get(top.pc);
        if (s.isRepeat()) {
          levels.push(new Level(s.body(), s.count()));
          continue;
        }
        current = levels.size() > 1 ? s.inRound(top.round) : s;
        return current;
      }
      if (levels.size() == 1) {
        return null;
      }
      if (++top.round < top.count) {
        top.pc = 0;
      } else {
        levels.pop();
        levels.peek().pc++;
      }
    }
  }

  /** Moves past the current step. */
  void advance() {
    current();
    current = null;
    levels.peek().pc++;
  }
}
