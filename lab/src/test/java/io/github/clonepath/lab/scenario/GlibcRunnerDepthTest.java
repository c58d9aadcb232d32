package io.github.clonepath.lab.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Machine;
import org.junit.jupiter.api.Test;

/** The interpreter's stack depth does not grow with the number of threads a program joins. */
class GlibcRunnerDepthTest {
  @Test
  void joiningThousandsOfThreadsThatAlreadyExitedDoesNotRecurse() {
    // Every thread has exited before main joins it, so each pthread_join returns without blocking:
    // the join's continuation is called at once, from inside the previous step.
    int n = 2_000;
    String text =
        String.join(
            "\n",
            "scenario many-joins",
            "set glibc.pthread.stack_cache_size 0",
            "program main",
            "  repeat " + n,
            "    create t$i worker",
            "  end",
            "  sleep 1000000000",
            "  repeat " + n,
            "    join t$i",
            "  end",
            "  write joined",
            "end",
            "program worker",
            "  return",
            "end",
            "");
    Machine m = new GlibcRunner(ScenarioParser.parse(text, "many-joins")).run((Long) null);
    String trace = m.strace();
    assertTrue(trace.contains("write(1, \"joined\\n\", 7) = 7"), "main wrote after the joins");
    assertTrue(trace.endsWith("exit_group(0) = ?\n"), "main returned from main");
  }
}
