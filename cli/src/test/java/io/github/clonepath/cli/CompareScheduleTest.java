package io.github.clonepath.cli;

import static io.github.clonepath.cli.GoScenariosTest.cli;
import static io.github.clonepath.cli.GoScenariosTest.reference;
import static io.github.clonepath.cli.GoScenariosTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.clonepath.cli.GoScenariosTest.Run;
import io.github.clonepath.lab.explore.Explorer;
import io.github.clonepath.lab.explore.Strategy;
import io.github.clonepath.lab.scenario.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare SCENARIO REAL.trace --schedule TOKEN}: the run follows a schedule that {@code
 * explore} printed, and a Go run's signal deliveries are placed against the capture's.
 */
class CompareScheduleTest {
  private static final String SIGNAL = "--- SIGURG {";

  /** A go/a_hello schedule, found by seeded random exploration, in which a SIGURG arrives. */
  private static String preemptingSchedule() {
    Explorer e = new Explorer(Scenarios.load("go/a_hello", Map.of()));
    for (Explorer.Found f : e.explore(Strategy.RANDOM, 300, 1, 0, 0).outcomes()) {
      if (e.run(f.schedule()).strace().contains(SIGNAL)) {
        return f.schedule().token();
      }
    }
    return fail("no explored schedule of go/a_hello delivers a SIGURG");
  }

  @Test
  @DisplayName("the default compare counts the capture's four SIGURGs and the model's none")
  void theDefaultScheduleReportsTheSignalCounts() throws Exception {
    Run r = cli("compare", "go/a_hello", reference("a_hello.strace").toString());
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("signals delivered: real 4, model 0"), r.out());
  }

  @Test
  @DisplayName(
      "a replayed schedule's SIGURG is compared: the capture without its signal lines fails it,"
          + " though every birth still matches")
  void aReplayedSignalTheCaptureLacksFailsTheComparison(@TempDir Path dir) throws Exception {
    String token = preemptingSchedule();
    String stripped =
        text("a_hello.strace")
            .lines()
            .filter(l -> !l.contains(SIGNAL))
            .collect(Collectors.joining("\n", "", "\n"));
    Path capture = Files.writeString(dir.resolve("a_hello.strace"), stripped);
    Run r = cli("compare", "go/a_hello", capture.toString(), "--schedule", token);
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().contains("signals delivered: real 0, model "), r.out());
    assertTrue(r.out().contains(": signal DIFFERS"), r.out());
    assertFalse(r.out().contains("DIFFERS at call"), r.out());
    assertTrue(r.out().endsWith("traces differ\n"), r.out());
  }

  @Test
  @DisplayName("--schedule takes neither --seed nor --explore, and a malformed token is bad usage")
  void scheduleExcludesSeedAndExplore() throws Exception {
    String capture = reference("a_hello.strace").toString();
    assertEquals(
        2, cli("compare", "go/a_hello", capture, "--schedule", "1.1", "--seed", "3").status());
    assertEquals(
        2, cli("compare", "go/a_hello", capture, "--schedule", "1.1", "--explore").status());
    assertEquals(2, cli("compare", "go/a_hello", capture, "--schedule", "x").status());
  }
}
