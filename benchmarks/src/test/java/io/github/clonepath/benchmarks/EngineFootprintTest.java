package io.github.clonepath.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 100,000 sequential create+join in a 256 MiB heap, in a forked JVM: it must finish (a leak of a
 * joined thread's task, pid, TCB or user memory would run out of heap long before), and leave the
 * same tasks, pids and mappings as 10 rounds do.
 */
class EngineFootprintTest {
  @Test
  void aHundredThousandJoinedThreadsLeaveNothingBehindIn256MiB()
      throws IOException, InterruptedException {
    String[] small = fields(run(10));
    String[] big = fields(run(100_000));
    // tasks T pids P vmas V heap-mib H: everything but the heap equal
    assertEquals(List.of(small).subList(0, 6), List.of(big).subList(0, 6), String.join(" ", big));
  }

  private static String[] fields(String line) {
    return line.trim().split(" ");
  }

  private static String run(int n) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                EngineFootprint.class.getName(),
                Integer.toString(n))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
