package io.github.clonepath.lab.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.lab.Lab;
import io.github.clonepath.lab.RunOptions;
import io.github.clonepath.lab.scenario.Scenario;
import io.github.clonepath.lab.scenario.Scenarios;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Sysmon's preemption of a_hello's locked main goroutine against the real runs (reference/go-1.19,
 * a_hello.census.txt and a_hello.census_deep.txt): preemptone's request, seen at the goroutine's
 * next stack check (newstack → gopreempt_m → goschedImpl), sends the locked M through schedule's
 * stoplockedm, whose handoffp starts a new M: a clone issued by the main thread.
 */
class PreemptionTest {
  /** census.sh's seven frames above the clone, as the real census prints the preempted handoff. */
  private static final String GOSCHED =
      "newm1 <- newm <- startm <- handoffp <- stoplockedm <- schedule <- goschedImpl";

  private static final Pattern CLONES = Pattern.compile("clone calls \\(not counting[^:]*: (\\d+)");

  private static final Pattern THIRD =
      Pattern.compile(
          "(?m)^  m3   tid (6|-) +handoffp from a preempted locked M, cloned by tid 3[;\n]");

  private static final int RUNS = 1000;

  private static String resource(String name) throws IOException {
    try (InputStream in = PreemptionTest.class.getResourceAsStream("/reference/go-1.19/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** One random run of a_hello: its schedule and its census. */
  private record Sampled(Schedule schedule, String census) {
    int clones() {
      Matcher m = CLONES.matcher(census);
      assertTrue(m.find(), census);
      return Integer.parseInt(m.group(1));
    }

    boolean preempted() {
      return census.contains(GOSCHED + "\n");
    }
  }

  private static Scenario hello;
  private static final List<Sampled> SAMPLED = new ArrayList<>();

  /**
   * The runs {@code explore go/a_hello --runs 1000} makes (seeds 1..1000), each with its census.
   */
  @BeforeAll
  static void sample() {
    hello = Scenarios.load("go/a_hello", Map.of());
    for (long seed = 1; seed <= RUNS; seed++) {
      Recorder rec = new Recorder(Schedule.DEFAULT, Strategy.random(seed));
      String census = Lab.run(hello, RunOptions.DEFAULT.withChooser(rec)).census();
      SAMPLED.add(new Sampled(rec.schedule(), census));
    }
  }

  @Test
  @DisplayName("the real runs: the preempted handoff's chain goes through gopreempt_m and newstack")
  void theRealChain() throws IOException {
    assertTrue(resource("a_hello.census.txt").contains("     8  " + GOSCHED + "\n"));
    assertTrue(
        resource("a_hello.census_deep.txt")
            .contains(GOSCHED + " <- gopreempt_m <- newstack <- morestack.abi0\n"));
  }

  @Test
  @DisplayName(
      "go/a_hello: an explored schedule preempts the locked main goroutine, and its token replays"
          + " the clone that handoffp makes for it")
  void aScheduleReachesThePreemptedHandoff() {
    assertFalse(
        Lab.run(hello, RunOptions.DEFAULT).census().contains("goschedImpl"),
        "the default schedule preempts nothing");
    Sampled s = SAMPLED.stream().filter(Sampled::preempted).findFirst().orElseThrow();
    // the token, as explore prints it, replays the same run
    Schedule token = Schedule.parse(s.schedule().token());
    String replayed =
        Lab.run(hello, RunOptions.DEFAULT.withChooser(Explorer.replay(token))).census();
    assertEquals(s.census(), replayed);
    assertTrue(replayed.contains("     1  " + GOSCHED + "\n"), replayed);
    List<String> why = new Explorer(hello).explain(token);
    assertTrue(
        why.stream().anyMatch(l -> l.contains("sysmon found a goroutine that had run for 10 ms")),
        String.join("\n", why));
  }

  @Test
  @DisplayName(
      "go/a_hello: as in the real runs that took it (53 of 54 in a batch), the preempted handoff is"
          + " the main thread's third clone, before any park_m handoff")
  void thePreemptedHandoffIsTheThirdClone() {
    int preempted = 0;
    for (Sampled s : SAMPLED) {
      if (!s.preempted()) {
        continue;
      }
      preempted++;
      // m3, cloned by the main thread (tid 3); it may never run when the process ends first
      assertTrue(THIRD.matcher(s.census()).find(), s.schedule().token() + "\n" + s.census());
    }
    assertTrue(preempted > 0, "no run of " + RUNS + " was preempted");
  }

  @Test
  @DisplayName(
      "go/a_hello: 1000 random schedules make 3 clones and 4 (real: 12 and 28 of 40), some of them"
          + " with the preempted handoff (real: 8 of 40 runs)")
  void theDistribution() {
    Map<Integer, Integer> clones = new TreeMap<>();
    Map<Integer, Integer> preemptedClones = new TreeMap<>();
    int preempted = 0;
    for (Sampled s : SAMPLED) {
      clones.merge(s.clones(), 1, Integer::sum);
      if (s.preempted()) {
        preempted++;
        preemptedClones.merge(s.clones(), 1, Integer::sum);
      }
    }
    String got =
        "clones "
            + clones
            + ", preempted "
            + preempted
            + " of "
            + RUNS
            + " (their clones "
            + preemptedClones
            + ")";
    System.out.println("go/a_hello, " + got);
    assertTrue(clones.getOrDefault(3, 0) > 0 && clones.getOrDefault(4, 0) > 0, got);
    assertTrue(preempted > 0, got);
  }
}
