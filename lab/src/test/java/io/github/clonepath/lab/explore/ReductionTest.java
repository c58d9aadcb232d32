package io.github.clonepath.lab.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Chooser.Point;
import io.github.clonepath.lab.scenario.Scenario;
import io.github.clonepath.lab.scenario.Scenarios;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReductionTest {
  private static Scenario load(String name) throws URISyntaxException {
    return name.equals("planted_race")
        ? ExplorerTest.plantedRace()
        : Scenarios.load(name, Map.of());
  }

  private static Set<Explorer.Outcome> outcomes(Explorer.Result r) {
    return r.outcomes().stream().map(Explorer.Found::outcome).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "{0}, K = {1}")
  @CsvSource({
    "planted_race, 1, false",
    "planted_race, 2, true",
    "glibc/s1_seq_norseq, 1, true",
    "glibc/s1_seq_norseq, 2, true",
    "glibc/s1_seq, 1, true",
    "glibc/s1_seq, 2, true",
    "glibc/s6_detached_cache0, 1, true"
  })
  @DisplayName("DFS with the reduction finds every outcome of DFS without it")
  void theReductionKeepsEveryOutcome(String name, int bound, boolean fewer)
      throws URISyntaxException {
    Explorer e = new Explorer(load(name));
    Explorer.Result all = e.explore(Strategy.DFS, 1_000_000, 0, bound, 0, false);
    Explorer.Result reduced = e.explore(Strategy.DFS, 1_000_000, 0, bound, 0, true);
    assertEquals(outcomes(all), outcomes(reduced));
    // in the planted race the worker's calls are points only once main was switched out (one
    // departure already), so a switch there is skipped with K = 2, never with K = 1
    assertEquals(fewer, reduced.runs() < all.runs(), reduced.runs() + " against " + all.runs());
    assertTrue(reduced.runs() <= all.runs());
    // the reduced search is the default one
    assertEquals(reduced.runs(), e.explore(Strategy.DFS, 1_000_000, 0, bound, 0).runs());
  }

  @Test
  @DisplayName("Go scenarios are explored without the reduction")
  void goIsNotReduced() throws URISyntaxException {
    Explorer e = new Explorer(load("go/a_hello"));
    assertEquals(
        e.explore(Strategy.DFS, 1_000_000, 0, 1, 0, false).runs(),
        e.explore(Strategy.DFS, 1_000_000, 0, 1, 0, true).runs());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "glibc/s1_seq_norseq",
        "glibc/s1_seq",
        "glibc/s2_concurrent",
        "glibc/s4b_guardreuse",
        "glibc/s5_userstack",
        "glibc/s6_detached",
        "glibc/s6_detached_cache0",
        "glibc/s7_cache"
      })
  @DisplayName("each switch the reduction skips ends as the switch one call later does")
  void aSkippedSwitchHasATwin(String name) throws URISyntaxException {
    Explorer e = new Explorer(load(name));
    Recorder rec = new Recorder(Schedule.DEFAULT, null);
    e.run(rec);
    boolean masks = !Reduction.signals(rec.calls());
    boolean[] skip = Reduction.redundantSwitches(rec.decisions(), rec.calls(), masks);
    int skipped = 0;
    for (int i = 0; i < skip.length; i++) {
      if (!skip[i]) {
        continue;
      }
      skipped++;
      assertEquals(e.run(switchAt(i + 1)).outcome(), e.run(switchAt(i)).outcome(), "point " + i);
    }
    assertTrue(skipped > 0, "no switch skipped");
  }

  private static Schedule switchAt(int point) {
    List<Integer> c = new ArrayList<>();
    for (int k = 0; k < point; k++) {
      c.add(0);
    }
    c.add(1);
    return new Schedule(c);
  }

  @Test
  @DisplayName("only a switch between two calls of the task's own, not its first, is skipped")
  void onlyOwnCallsThatAreNotTheFirst() {
    Explorer e = new Explorer(Scenarios.load("glibc/s6_detached", Map.of()));
    Recorder rec = new Recorder(Schedule.DEFAULT, null);
    e.run(rec);
    List<Recorder.Decision> d = rec.decisions();
    List<SyscallEvent> calls = rec.calls();
    boolean[] skip = Reduction.redundantSwitches(d, calls, true);
    Set<Integer> called = new HashSet<>();
    int seen = 0;
    int skipped = 0;
    for (int i = 0; i < skip.length; i++) {
      for (; seen < d.get(i).syscallsBefore(); seen++) {
        called.add(calls.get(seen).tid());
      }
      if (!skip[i]) {
        continue;
      }
      skipped++;
      assertEquals(Point.PREEMPT, d.get(i).point());
      SyscallEvent c = calls.get(d.get(i).syscallsBefore());
      SyscallEvent next = calls.get(d.get(i + 1).syscallsBefore());
      assertEquals(d.get(i).current(), c.tid());
      assertTrue(Reduction.own(c, true), c.text());
      assertTrue(Reduction.own(next, true), next.text());
      assertTrue(called.contains(c.tid()), "a first call: " + c.text());
    }
    assertTrue(skipped > 0);
  }

  @Test
  @DisplayName("a signal mask is a task's own business only while nothing sends signals")
  void masksAreOwnOnlyWithoutSenders() {
    SyscallEvent mask = new SyscallEvent(0, 4, 0, "rt_sigprocmask", "rt_sigprocmask(...)", 0);
    assertTrue(Reduction.own(mask, true));
    assertFalse(Reduction.own(mask, false));
    SyscallEvent thread =
        new SyscallEvent(0, 3, 0, "clone3", "clone3({flags=CLONE_VM|CLONE_THREAD}) = 4", 4);
    SyscallEvent process = new SyscallEvent(0, 3, 0, "clone", "clone(flags=SIGCHLD) = 4", 4);
    SyscallEvent kill = new SyscallEvent(0, 3, 0, "tgkill", "tgkill(3, 4, SIGUSR1) = 0", 0);
    assertFalse(Reduction.signals(List.of(mask, thread)));
    assertTrue(Reduction.signals(List.of(mask, process)));
    assertTrue(Reduction.signals(List.of(kill)));
    assertFalse(
        Reduction.own(new SyscallEvent(0, 4, 0, "futex", "futex(0x1, FUTEX_WAKE, 1)", 0), true));
  }
}
