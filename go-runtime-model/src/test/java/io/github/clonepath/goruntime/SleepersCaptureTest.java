package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * go-1.19-sleepers: 400 goroutines sleeping 1 ms twenty times at GOMAXPROCS=8, against the real Go
 * 1.19.8 census in the test resources.
 */
class SleepersCaptureTest {
  private static final long MS = 1_000_000L;

  /** h_sleepers.go: the 400 sleepers, then main's 30 ms sleep and its Threads line. */
  static GoProgram sleepers() {
    return GoProgram.empty()
        .go("main.main.func1", GoProgram.empty().repeat(20, GoProgram.empty().sleep(MS)), 400)
        .sleep(30 * MS)
        .print("threads %threads\n");
  }

  private static IntSummaryStatistics census(String name) throws IOException {
    return SchedtraceTest.resource("go-1.19-sleepers/" + name)
        .lines()
        .mapToInt(Integer::parseInt)
        .summaryStatistics();
  }

  @Test
  @DisplayName("the model's thread count lies inside the 20 real runs' range")
  void threadCountIsInsideTheRealRange() throws IOException {
    IntSummaryStatistics real = census("threads.txt");
    assertEquals(20, real.getCount());
    GoResult r = new Harness(GoOptions.DEFAULT.withGomaxprocs(8), sleepers()).run().go.result();
    String out = r.stdout().trim();
    assertTrue(out.startsWith("threads "), out);
    int model = Integer.parseInt(out.substring("threads ".length()));
    assertTrue(
        model >= real.getMin() && model <= real.getMax(),
        "model " + model + " outside real [" + real.getMin() + ", " + real.getMax() + "]");
  }

  @Test
  @DisplayName("each sleeping G's timer is on the heap of the P its M held: several Ps hold timers")
  void timersLiveOnTheSleepersPs() {
    // 50 us of work before the sleep, so that several Ms run the sleepers at once (the model's
    // other steps take no time)
    GoProgram main =
        GoProgram.empty()
            .go("main.main.func1", GoProgram.empty().compute(50_000L).sleep(500 * MS), 400)
            .sleep(250 * MS)
            .sleep(251 * MS);
    GoOptions opts = GoOptions.DEFAULT.withGomaxprocs(8).withSchedtrace(100, true);
    GoResult r = new Harness(opts, main).run().go.result();
    List<String> t = SchedtraceTest.traceAtOrAfter(SchedtraceTest.traces(r.stderr()), 100);
    List<Integer> perP = new ArrayList<>();
    for (String l : t) {
      if (l.startsWith("  P")) {
        Matcher m = SchedtraceTest.match(SchedtraceTest.P_LINE, l);
        perP.add(Integer.parseInt(m.group(9)));
      }
    }
    assertEquals(8, perP.size(), String.join("\n", t));
    assertEquals(401, perP.stream().mapToInt(Integer::intValue).sum(), perP.toString());
    assertTrue(perP.stream().filter(n -> n > 0).count() > 1, perP.toString());
  }
}
