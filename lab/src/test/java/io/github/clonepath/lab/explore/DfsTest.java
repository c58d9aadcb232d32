package io.github.clonepath.lab.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.lab.compare.StraceParser;
import io.github.clonepath.lab.compare.TraceComparator;
import io.github.clonepath.lab.compare.TraceLine;
import io.github.clonepath.lab.scenario.Scenario;
import io.github.clonepath.lab.scenario.Scenarios;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DFS split across workers gives the sequential search's runs, in its order. */
class DfsTest {
  private static Scenario load(String name) throws URISyntaxException {
    return name.equals("planted_race")
        ? ExplorerTest.plantedRace()
        : Scenarios.load(name, Map.of());
  }

  private static List<TraceLine> capture(String name) throws IOException {
    try (InputStream in =
        DfsTest.class.getResourceAsStream("/reference/glibc-2.36/" + name + ".trace")) {
      return StraceParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * Whether {@code a} comes before {@code b} in DFS order. A schedule's subtree holds the schedules
   * that share its answers and depart only later; deeper points are tried first and smaller answers
   * first, so DFS order is the lexicographic order of the answer lists (0 is the default answer,
   * which the schedules of deeper points share).
   */
  private static boolean before(Schedule a, Schedule b) {
    int n = Math.max(a.choices().size(), b.choices().size());
    for (int i = 0; i < n; i++) {
      if (a.at(i) != b.at(i)) {
        return a.at(i) < b.at(i);
      }
    }
    return false;
  }

  @ParameterizedTest(name = "{0}, K = {1}, reduction {2}")
  @CsvSource({
    "planted_race, 1, true",
    "planted_race, 1, false",
    "planted_race, 2, true",
    "planted_race, 2, false",
    "glibc/s1_seq_norseq, 1, true",
    "glibc/s1_seq_norseq, 1, false",
    "glibc/s1_seq_norseq, 2, true",
    "glibc/s1_seq_norseq, 2, false",
    "glibc/s6_detached_cache0, 1, true",
    "glibc/s6_detached_cache0, 1, false"
  })
  @DisplayName("DFS on 2 and 3 workers makes the sequential search's runs, in DFS order")
  void parallelIsSequential(String name, int bound, boolean reduce) throws URISyntaxException {
    Explorer e = new Explorer(load(name));
    List<Explorer.Run> seq = e.withJobs(1).dfs(1_000_000, bound, reduce);
    for (int k = 1; k < seq.size(); k++) {
      Schedule a = seq.get(k - 1).schedule();
      Schedule b = seq.get(k).schedule();
      assertTrue(before(a, b), "run " + k + ": " + a.token() + " then " + b.token());
    }
    Explorer.Result expected = Explorer.group(seq);
    for (int jobs : new int[] {2, 3}) {
      List<Explorer.Run> par = e.withJobs(jobs).dfs(1_000_000, bound, reduce);
      assertEquals(
          seq.stream().map(r -> r.schedule().token()).toList(),
          par.stream().map(r -> r.schedule().token()).toList(),
          jobs + " workers");
      assertEquals(seq, par, jobs + " workers");
      // the same runs count, outcomes, counts and first token of each outcome
      assertEquals(
          expected,
          e.withJobs(jobs).explore(Strategy.DFS, 1_000_000, 0, bound, 0, reduce),
          jobs + " workers");
    }
  }

  @Test
  @DisplayName("a DFS cut short by its runs budget keeps the first runs in DFS order")
  void aBudgetKeepsTheFirstRuns() {
    Explorer e = new Explorer(Scenarios.load("glibc/s6_detached_cache0", Map.of()));
    List<Explorer.Run> all = e.withJobs(1).dfs(1_000_000, 2, true);
    for (int max : new int[] {1, 2, 50, 87, 1000}) {
      assertEquals(all.subList(0, max), e.withJobs(2).dfs(max, 2, true), "max " + max);
      assertEquals(all.subList(0, max), e.withJobs(1).dfs(max, 2, true), "max " + max);
    }
  }

  // s6_detached_cache0's search runs once, on 2 workers, in the next test: running it on both
  // took longer than the rest of this class, and s1_seq_norseq already has several matches to
  // order.
  @ParameterizedTest(name = "{0}")
  @CsvSource({"s1_seq_norseq, 400"})
  @DisplayName("compare --explore's search on 2 workers finds the sequential search's match")
  void theSearchFindsTheSameMatch(String name, int budget) throws IOException {
    Explorer e = new Explorer(Scenarios.load("glibc/" + name, Map.of()));
    List<TraceLine> real = capture(name);
    Explorer.Search seq = e.withJobs(1).search(real, budget);
    Explorer.Search par = e.withJobs(2).search(real, budget);
    assertTrue(seq.match(), seq.run().schedule().token());
    assertEquals(seq.run().schedule().token(), par.run().schedule().token());
    assertEquals(seq.tried(), par.tried());
    assertEquals(seq, par);
  }

  @Test
  @DisplayName("compare --explore's search on 2 workers matches s6_detached_cache0's real capture")
  void theParallelSearchMatchesTheDetachedCapture() throws IOException {
    Explorer e = new Explorer(Scenarios.load("glibc/s6_detached_cache0", Map.of()));
    Explorer.Search par = e.withJobs(2).search(capture("s6_detached_cache0"), 20_000);
    assertTrue(par.match(), par.run().schedule().token());
  }

  @Test
  @DisplayName(
      "the search's match is the first matching run in DFS order, its bounds one after another")
  void theMatchIsTheFirstInDfsOrder() throws IOException {
    Explorer e = new Explorer(Scenarios.load("glibc/s1_seq_norseq", Map.of()));
    List<TraceLine> real = capture("s1_seq_norseq");
    int tried = 0;
    Schedule first = null;
    int matches = 0;
    for (int bound = 0; bound <= 2; bound++) {
      for (Explorer.Run r : e.withJobs(1).dfs(1_000_000, bound, true)) {
        boolean match =
            TraceComparator.compare(real, StraceParser.parse(r.strace())).stream()
                .allMatch(TraceComparator.ThreadResult::match);
        if (first == null) {
          tried++;
        }
        if (match) {
          matches++;
          first = first == null ? r.schedule() : first;
        }
      }
    }
    assertTrue(matches > 1, "a single matching schedule tells no order apart: " + matches);
    for (int jobs : new int[] {1, 2}) {
      Explorer.Search s = e.withJobs(jobs).search(real, 20_000);
      assertEquals(first, s.run().schedule(), jobs + " workers");
      assertEquals(tried, s.tried(), jobs + " workers");
    }
  }

  @Test
  @DisplayName("the closest run without a match is the same on any number of workers")
  void theClosestRunIsTheSame() throws IOException {
    Explorer e = new Explorer(Scenarios.load("glibc/s6_detached_cache0", Map.of()));
    List<TraceLine> real = capture("s6_detached_cache0");
    Explorer.Search seq = e.withJobs(1).search(real, 60);
    assertEquals(false, seq.match());
    assertEquals(seq, e.withJobs(2).search(real, 60));
  }

  @Test
  @DisplayName("random and PCT runs are the same on one worker and on several")
  void randomAndPctDoNotDependOnTheWorkers() throws URISyntaxException {
    Explorer e = new Explorer(load("planted_race"));
    for (Strategy st : new Strategy[] {Strategy.RANDOM, Strategy.PCT}) {
      assertEquals(
          e.withJobs(1).explore(st, 60, 5, 0, 2),
          e.withJobs(3).explore(st, 60, 5, 0, 2),
          st.name());
    }
  }

  @Test
  @DisplayName("no workers is refused")
  void zeroJobsIsRefused() throws URISyntaxException {
    Explorer e = new Explorer(load("planted_race"));
    assertThrows(IllegalArgumentException.class, () -> e.withJobs(0));
  }
}
