package io.github.clonepath.lab.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The thread counts of explored schedules against the real runs' (reference/go-1.19, see
 * thread_counts.README.md): every count the real runs showed, from their smallest to their largest,
 * is reached by some explored schedule, both the clones a run makes and each printed thread count.
 */
class ThreadCountsTest {
  private static final Pattern CENSUS_RUNS = Pattern.compile("(\\d+) clones x(\\d+) runs");
  private static final Pattern OS_THREADS = Pattern.compile("os_threads(?: now)?=(\\d+)");

  private static String resource(String name) throws IOException {
    try (InputStream in =
        ThreadCountsTest.class.getResourceAsStream("/reference/go-1.19/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The clone counts a census.sh output saw, each with at least one run. */
  private static Set<Integer> realClones(String scenario) throws IOException {
    Set<Integer> counts = new TreeSet<>();
    Matcher m = CENSUS_RUNS.matcher(resource(scenario + ".census.txt"));
    while (m.find()) {
      counts.add(Integer.parseInt(m.group(1)));
    }
    return counts;
  }

  /** The thread counts a program's output lines print, in order. */
  private static List<Integer> printed(String output) {
    List<Integer> counts = new ArrayList<>();
    Matcher m = OS_THREADS.matcher(output);
    while (m.find()) {
      counts.add(Integer.parseInt(m.group(1)));
    }
    return counts;
  }

  /**
   * The real runs' printed thread counts: for each print (its index in the run), the counts seen.
   * The .out files hold several runs, each after a {@code ##} heading; b_syscalls' sweep adds five
   * runs' count while 16 readers block (its second print).
   */
  private static Map<Integer, Set<Integer>> realPrints(String scenario) throws IOException {
    Map<Integer, Set<Integer>> byPrint = new TreeMap<>();
    for (String run : resource(scenario + ".out").split("(?m)^## ")) {
      List<Integer> counts = printed(run);
      for (int i = 0; i < counts.size(); i++) {
        byPrint.computeIfAbsent(i, k -> new TreeSet<>()).add(counts.get(i));
      }
    }
    if (scenario.equals("b_syscalls")) {
      String sweep = resource("b_thread_counts.txt");
      int section = sweep.indexOf("## b_syscalls sweep: n blocked goroutines");
      assertTrue(section >= 0 && sweep.indexOf("(GOMAXPROCS=4)", section) > 0, sweep);
      Matcher m = Pattern.compile("(?m)^n=16: ([\\d ]+)$").matcher(sweep);
      assertTrue(m.find(section), sweep);
      for (String n : m.group(1).trim().split(" +")) {
        byPrint.get(1).add(Integer.parseInt(n));
      }
    }
    return byPrint;
  }

  private static Set<Integer> range(Set<Integer> seen) {
    Set<Integer> r = new TreeSet<>();
    for (int i = ((TreeSet<Integer>) seen).first(); i <= ((TreeSet<Integer>) seen).last(); i++) {
      r.add(i);
    }
    return r;
  }

  private static final Map<String, List<Explorer.Found>> EXPLORED = new ConcurrentHashMap<>();

  /**
   * Random and PCT (depth 2) runs together, explored once per scenario: random departs from the
   * default at about half the points, PCT at one, so together they reach both far and near.
   */
  private static List<Explorer.Found> explored(String scenario) {
    return EXPLORED.computeIfAbsent(
        scenario,
        name -> {
          Explorer e = new Explorer(Scenarios.load("go/" + name, Map.of()));
          List<Explorer.Found> all = new ArrayList<>();
          all.addAll(e.explore(Strategy.RANDOM, 150, 1, 0, 0).outcomes());
          all.addAll(e.explore(Strategy.PCT, 150, 1, 0, 2).outcomes());
          return all;
        });
  }

  @Test
  @DisplayName(
      "go/a_hello: random schedules make 3 clones and 4, the fourth a second handoff of the locked"
          + " main goroutine (as in 28 of 40 real runs)")
  void aHelloMakesThreeClonesAndFour() throws IOException {
    assertEquals(Set.of(3, 4), realClones("a_hello"));
    Explorer e = new Explorer(Scenarios.load("go/a_hello", Map.of()));
    Explorer.Result r = e.explore(Strategy.RANDOM, 150, 1, 0, 0);
    Set<Integer> clones = new TreeSet<>();
    for (Explorer.Found f : r.outcomes()) {
      assertEquals("", f.outcome().violation(), f.schedule().token());
      assertEquals(0, f.outcome().exit(), f.schedule().token());
      assertEquals("hello\n", f.outcome().output(), f.schedule().token());
      clones.add(f.outcome().clones());
    }
    assertTrue(clones.containsAll(Set.of(3, 4)), clones.toString());
    // the default schedule stays today's FIFO run: three clones
    assertEquals(3, e.run(Schedule.DEFAULT).outcome().clones());
  }

  @Test
  @DisplayName(
      "go/a_hello: a four-clone schedule's threads come from the real runs' paths, the last two"
          + " both handoffs of the locked main goroutine")
  void theFourthCloneIsASecondHandoff() throws IOException {
    Scenario sc = Scenarios.load("go/a_hello", Map.of());
    Explorer.Found four =
        explored("a_hello").stream()
            .filter(f -> f.outcome().clones() == 4)
            .findFirst()
            .orElseThrow();
    String census =
        Lab.run(sc, RunOptions.DEFAULT.withChooser(Explorer.replay(four.schedule()))).census();
    String handoff = "newm1 <- newm <- startm <- handoffp <- stoplockedm <- schedule";
    // the real census: the handoff from park_m, 60 times in 40 runs (one or two a run)
    assertTrue(resource("a_hello.census.txt").contains(handoff + " <- park_m"));
    assertTrue(census.contains("     2  " + handoff + "\n"), census);
    assertTrue(census.contains("     1  newm1 <- newm <- main.func1 <- systemstack.abi0"), census);
    assertTrue(
        census.contains("     1  newm1 <- newm <- startm <- wakep <- newproc.func1"), census);
    // the decisive switch: the M that readied main, at the return of its wake of m0's park note
    // (m0 lies at 0x529a80 in the hello binary's data, its park note at 0x529bc8)
    List<String> why = new Explorer(sc).explain(four.schedule());
    assertTrue(
        why.stream()
            .anyMatch(
                l ->
                    l.contains("was switched out at the return of its call")
                        && l.contains("futex(0x529bc8, FUTEX_WAKE_PRIVATE, 1) = 1, which woke")),
        String.join("\n", why));
  }

  @ParameterizedTest(name = "go/{0}")
  @ValueSource(strings = {"a_hello", "b_syscalls", "c_lockosthread"})
  @DisplayName("explored schedules reach every clone count between the real runs' fewest and most")
  void exploredClonesCoverTheRealRange(String scenario) throws IOException {
    Set<Integer> model = new TreeSet<>();
    for (Explorer.Found f : explored(scenario)) {
      assertEquals("", f.outcome().violation(), f.schedule().token());
      model.add(f.outcome().clones());
    }
    Set<Integer> real = range(realClones(scenario));
    assertTrue(model.containsAll(real), "real " + real + ", explored " + model);
  }

  @ParameterizedTest(name = "go/{0}")
  @ValueSource(strings = {"b_syscalls", "c_lockosthread"})
  @DisplayName("explored schedules reach every printed thread count of the real runs' range")
  void exploredPrintsCoverTheRealRange(String scenario) throws IOException {
    Map<Integer, Set<Integer>> real = realPrints(scenario);
    assertEquals(3, real.size(), real.toString());
    Map<Integer, Set<Integer>> model = new TreeMap<>();
    for (Explorer.Found f : explored(scenario)) {
      List<Integer> counts = printed(f.outcome().output());
      assertEquals(3, counts.size(), f.outcome().output());
      for (int i = 0; i < counts.size(); i++) {
        model.computeIfAbsent(i, k -> new TreeSet<>()).add(counts.get(i));
      }
    }
    for (var print : real.entrySet()) {
      Set<Integer> want = range(print.getValue());
      assertTrue(
          model.get(print.getKey()).containsAll(want),
          "print " + print.getKey() + ": real " + want + ", explored " + model.get(print.getKey()));
    }
  }
}
