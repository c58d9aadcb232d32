package io.github.clonepath.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
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

  @Test
  void aCountingLogSeesTheSameCallsAndLeavesTheSameProcessAsACollectingOne() {
    String[] maps = new String[2];
    long[] calls = new long[2];
    for (int i = 0; i < 2; i++) {
      Machine m = Machine.boot(MachineConfig.DEFAULT);
      if (i == 1) {
        m.log().countOnly();
      }
      int k = i;
      EngineBenchmark.createJoinLoop(m, 50, ctx -> maps[k] = m.maps((int) ctx.getpid()));
      calls[i] = i == 0 ? m.log().syscalls().size() : m.log().syscallCount();
    }
    assertEquals(calls[0], calls[1], "system calls made");
    assertEquals(maps[0], maps[1], "the address space before exit");
  }
}
