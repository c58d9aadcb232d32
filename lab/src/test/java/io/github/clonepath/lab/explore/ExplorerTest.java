package io.github.clonepath.lab.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.lab.compare.StraceParser;
import io.github.clonepath.lab.compare.TraceComparator;
import io.github.clonepath.lab.scenario.GlibcRunner;
import io.github.clonepath.lab.scenario.Scenario;
import io.github.clonepath.lab.scenario.Scenarios;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExplorerTest {
  private static final String DEFAULT_OUTPUT = "main first\\nworker first\\n";

  private static String resource(String path) throws IOException {
    try (InputStream in = ExplorerTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Scenario plantedRace() throws URISyntaxException {
    Path p = Path.of(ExplorerTest.class.getResource("/explore/planted_race.scn").toURI());
    return Scenarios.load(p.toString(), Map.of());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"glibc/s1_seq", "glibc/s6_detached", "glibc/s2_concurrent"})
  @DisplayName("the default schedule gives the bytes of plain FIFO dispatch")
  void theDefaultScheduleIsTodaysFifo(String name) {
    Scenario sc = Scenarios.load(name, Map.of());
    String fifo = Strace.lines(new GlibcRunner(sc).run((Long) null).log().syscalls());
    assertEquals(fifo, new Explorer(sc).run(Schedule.DEFAULT).strace());
  }

  @Test
  @DisplayName("compare --explore's search finds s1_seq_norseq's EAGAIN join")
  void theSearchMatchesTheRacyJoin() throws IOException {
    Scenario sc = Scenarios.load("glibc/s1_seq_norseq", Map.of());
    var real = StraceParser.parse(resource("/reference/glibc-2.36/s1_seq_norseq.trace"));
    Explorer.Search s = new Explorer(sc).search(real, 200);
    assertTrue(s.match(), "closest: " + s.run().schedule().token() + "\n" + s.run().strace());
    assertTrue(s.run().strace().contains("= -1 EAGAIN"));
    Explorer.Search none = new Explorer(sc).search(real, 1);
    assertFalse(none.match(), "the default schedule alone does not match");
  }

  @Test
  @DisplayName("the schedule compare --explore found for s6_detached_cache0 matches the capture")
  void theDetachedCaptureHasASchedule() throws IOException {
    Scenario sc = Scenarios.load("glibc/s6_detached_cache0", Map.of());
    var real = StraceParser.parse(resource("/reference/glibc-2.36/s6_detached_cache0.trace"));
    Explorer e = new Explorer(sc);
    for (String token : List.of("4.1-14.1", "0")) {
      var res =
          TraceComparator.compare(real, StraceParser.parse(e.run(Schedule.parse(token)).strace()));
      assertEquals(
          token.equals("0") ? false : true,
          res.stream().allMatch(TraceComparator.ThreadResult::match),
          token);
    }
  }

  @Test
  @DisplayName("--explain names the exit that ran between the load of the tid word and the wait")
  void explainNamesTheDecisiveInterleaving() {
    Scenario sc = Scenarios.load("glibc/s1_seq_norseq", Map.of());
    List<String> lines = new Explorer(sc).explain(Schedule.parse("13.1"));
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(
        lines
            .get(0)
            .contains(
                "T3's exit ran between T1's load of the futex word (the tid word the exit clears)"
                    + " and its futex wait, so the wait returned -1 EAGAIN (0 in the default"
                    + " schedule)"),
        lines.get(0));
    assertTrue(new Explorer(sc).explain(Schedule.DEFAULT).isEmpty());
  }

  @Test
  @DisplayName("DFS with bound 0 runs the default schedule alone")
  void dfsWithBoundZeroIsTheDefaultScheduleAlone() {
    Scenario sc = Scenarios.load("glibc/s1_seq", Map.of());
    Explorer e = new Explorer(sc);
    Explorer.Result r = e.explore(Strategy.DFS, 100, 0, 0, 0);
    assertEquals(1, r.runs());
    assertEquals(1, r.outcomes().size());
    assertEquals(e.run(Schedule.DEFAULT).outcome(), r.outcomes().get(0).outcome());
    assertEquals("0", r.outcomes().get(0).schedule().token());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Strategy.class)
  @DisplayName("every strategy finds the planted race, and its token replays it")
  void everyStrategyFindsThePlantedRace(Strategy st) throws URISyntaxException {
    Explorer e = new Explorer(plantedRace());
    assertEquals(
        DEFAULT_OUTPUT.replace("\\n", "\n"),
        e.run(Schedule.DEFAULT).outcome().output().replace("\\n", "\n"));
    Explorer.Result r = e.explore(st, 200, 7, 1, 2);
    Explorer.Found race =
        r.outcomes().stream()
            .filter(f -> f.outcome().output().startsWith("worker first"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(st + " missed the race: " + r));
    assertEquals(race.outcome(), e.run(race.schedule()).outcome());
    assertTrue(
        r.outcomes().stream().allMatch(f -> f.outcome().violation().isEmpty()), r.toString());
  }

  @Test
  @DisplayName("the planted race's check fails when exploring is off (DFS bound 0)")
  void withoutExploringTheRaceStaysHidden() throws URISyntaxException {
    Explorer.Result r = new Explorer(plantedRace()).explore(Strategy.DFS, 200, 0, 0, 0);
    assertTrue(r.outcomes().stream().noneMatch(f -> f.outcome().output().startsWith("worker")));
  }

  @Test
  @DisplayName(
      "s6_detached_cache0: a free_stacks loop that unmaps two blocks while the creator maps a new"
          + " stack at the first keeps the new thread's descriptor (found by exploring)")
  void aStackFreedMidLoopDoesNotTakeANewThreadsDescriptor() {
    Explorer e = new Explorer(Scenarios.load("glibc/s6_detached_cache0", Map.of()));
    String token =
        "0.1-5.1-6.1-7.1-8.1-9.1-10.1-14.1-16.1-17.1-21.1-22.1-24.1-26.1-27.1-29.1-30.1-32.1-34.1"
            + "-35.1-40.1-43.1-44.1-46.1-47.1-48.1-49.1-50.1-53.1-54.1-58.1-59.1-61.1-63.1-64.1"
            + "-65.1-67.1-75.1-78.1-79.1-81.1-83.1-87.1-88.1-89.1-90.1-93.1-97.1-98.1-99.1-100.1"
            + "-102.1-103.1-104.1-107.1-108.1-109.1-114.1-116.1-124.1-125.1-127.1-128.1-131.1"
            + "-132.2-137.1";
    Explorer.Run run = e.run(Schedule.parse(token));
    assertEquals("", run.outcome().violation(), token);
    assertEquals(0, run.outcome().exit());
    // the replay really takes the racy path: the creator's clone3 of the thread whose descriptor
    // sits where a block was just unmapped comes between two munmaps of one free_stacks loop
    String trace = run.strace();
    int clone = trace.indexOf("tls=0x7ffff6ff96c0} => {parent_tid=[13]}");
    assertTrue(clone > 0, trace);
    assertTrue(trace.lastIndexOf("munmap(0x7ffff67f9000", clone) > 0, trace);
    assertTrue(trace.indexOf("munmap(0x7ffff6ffa000", clone) > clone, trace);
  }

  @Test
  @DisplayName("the Java API: an invariant asserted over every outcome of s1_seq_norseq under PCT")
  void anInvariantOverEveryOutcome() {
    Explorer e = new Explorer(Scenarios.load("glibc/s1_seq_norseq", Map.of()));
    Explorer.Result r = e.explore(Strategy.PCT, 100, 1, 0, 2);
    assertEquals(100, r.runs());
    for (Explorer.Found f : r.outcomes()) {
      assertEquals("", f.outcome().violation(), f.schedule().token());
      assertEquals(0, f.outcome().exit());
      assertEquals(3, f.outcome().clones());
    }
    assertTrue(r.outcomes().stream().anyMatch(f -> f.outcome().failed() == 1), "the EAGAIN join");
  }
}
