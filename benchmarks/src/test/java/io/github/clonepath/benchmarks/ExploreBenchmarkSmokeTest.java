package io.github.clonepath.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.lab.explore.Explorer;
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
}
