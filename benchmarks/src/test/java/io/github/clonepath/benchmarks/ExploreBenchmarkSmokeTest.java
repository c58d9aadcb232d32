package io.github.clonepath.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.lab.explore.Explorer;
import io.github.clonepath.lab.scenario.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the explore benchmark's body, so a broken one fails the build. */
class ExploreBenchmarkSmokeTest {
  @Test
  void everyScenarioExploresCleanly() {
    for (String name : new String[] {"glibc/s1_seq", "go/a_hello"}) {
      ExploreBenchmark b = new ExploreBenchmark();
      b.scenario = name;
      b.load();
      for (int i = 0; i < 5; i++) {
        Explorer.Outcome o = b.randomSchedule();
        assertEquals("", o.violation(), name);
        assertEquals(0, o.exit(), name);
      }
    }
  }

  @Test
  void theAllCoresThreadsTogetherRunTheSeedsOneCommandRuns() {
    // two threads' explorers, each taking every second seed, run seeds 1 to 8 between them
    String name = "go/a_hello";
    ExploreBenchmark[] threads = new ExploreBenchmark[2];
    for (int k = 0; k < 2; k++) {
      threads[k] = new ExploreBenchmark();
      threads[k].scenario = name;
      threads[k].load(k, 2);
    }
    List<Explorer.Outcome> together = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      for (ExploreBenchmark t : threads) {
        together.add(t.randomScheduleAllCores());
      }
    }
    Explorer one = new Explorer(Scenarios.load(name, Map.of()));
    List<Explorer.Outcome> alone = new ArrayList<>();
    for (long seed = 1; seed <= 8; seed++) {
      alone.add(one.random(seed).outcome());
    }
    assertEquals(alone, together);
  }
}
