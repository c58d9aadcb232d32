package io.github.clonepath.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Runs each engine benchmark body once, so a broken one fails the build. */
class EngineBenchmarkSmokeTest {
  private final EngineBenchmark b = new EngineBenchmark();

  @Test
  void glibcCreateJoinJoinsEveryThreadAndKeepsNoEvents() {
    b.boot();
    assertEquals(EngineBenchmark.OPS, b.glibcCreateJoin());
    assertTrue(b.machine().log().events().isEmpty(), "a counting log keeps nothing");
    // per round: clone3, the child's rseq... at least the clone3 and the exit of each thread
    assertTrue(b.machine().log().syscallCount() >= 2L * EngineBenchmark.OPS);
  }

  @Test
  void kernelCloneExitReapReapsEveryChild() {
    b.boot();
    assertEquals(EngineBenchmark.OPS, b.kernelCloneExitReap());
    // clone, exit and wait4 per round, exit_group at the end
    assertEquals(3L * EngineBenchmark.OPS + 1, b.machine().log().syscallCount());
  }

  @Test
  void goSpawnExitRunsEveryGoroutine() {
    b.boot();
    assertTrue(b.goSpawnExit() >= EngineBenchmark.OPS);
  }
}
