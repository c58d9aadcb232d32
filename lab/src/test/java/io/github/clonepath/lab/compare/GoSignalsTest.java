package io.github.clonepath.lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Chooser;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.lab.Lab;
import io.github.clonepath.lab.RunOptions;
import io.github.clonepath.lab.ScenarioRun;
import io.github.clonepath.lab.Verdict;
import io.github.clonepath.lab.scenario.Scenarios;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The SIGURG lines of the Go 1.19 captures against the model's (the real a_hello: the main thread
 * took one right after newosproc's mask restore, because sysmon's preemption signal came while the
 * clone had every signal blocked; a_hello.strace line 58).
 */
class GoSignalsTest {
  private static final String SIGURG_T1 =
      "--- SIGURG {si_signo=SIGURG, si_code=SI_TKILL, si_pid=T1, si_uid=0} ---";
  private static final String RESTORE = "rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0";
  private static final String MASK_ALL = "rt_sigprocmask(SIG_SETMASK, ~[], [], 8) = 0";

  private static String resource(String name) throws IOException {
    try (InputStream in = GoSignalsTest.class.getResourceAsStream("/reference/go-1.19/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The schedule of a_hello's line 58. After m0's first clone (sysmon's thread), m0 is switched out
   * once at the entry of its next call, so that sysmon's thread starts and sleeps; then again at
   * the entry of its second clone (newproc's wakep, the main goroutine still running on m0's P),
   * every signal blocked: nothing else is runnable, so it stalls until sysmon's sleep ends, and
   * sysmon's round asks whether the main goroutine has run 10 ms (yes, once).
   */
  private static final class PreemptInClone implements Chooser {
    private final Map<Integer, String> last = new HashMap<>();
    private int m0;
    private int m0Clones;
    private boolean letOthersRun;
    private boolean switched;
    boolean preempted;

    @Override
    public void booted(Machine m) {
      m.log()
          .observe(
              e -> {
                if (e instanceof SyscallEvent s) {
                  if (m0 == 0) {
                    m0 = s.tid();
                  }
                  last.put(s.tid(), s.text());
                  if (s.tid() == m0 && s.name().equals("clone") && s.result() > 0) {
                    m0Clones++;
                  }
                }
              });
    }

    @Override
    public int choose(Point point, int current, int[] runnable) {
      if (point == Point.PREEMPT && current == m0 && m0Clones == 1) {
        if (!letOthersRun && RESTORE.equals(last.get(m0))) {
          letOthersRun = true;
          return 1;
        }
        if (letOthersRun && !switched && MASK_ALL.equals(last.get(m0))) {
          switched = true;
          return 1;
        }
      }
      if (point == Point.USER && switched && !preempted) {
        preempted = true;
        return 1;
      }
      return 0;
    }
  }

  @Test
  @DisplayName(
      "a_hello's capture: four SIGURG deliveries, sent by the process (si_pid T1) with SI_TKILL;"
          + " the main thread's right after newosproc's restore")
  void theCapturesDeliveries() throws IOException {
    List<GoSignals.Delivery> real = GoSignals.read(resource("a_hello.strace"));
    assertEquals(4, real.size(), real.toString());
    assertEquals(new GoSignals.Delivery("T1", SIGURG_T1, RESTORE), real.get(0));
    for (GoSignals.Delivery d : real) {
      assertEquals(SIGURG_T1, d.line());
    }
    assertEquals("T4", real.get(1).thread());
    List<GoSignals.Delivery> b = GoSignals.read(resource("b_syscalls.strace"));
    assertEquals(1, b.size(), b.toString());
    assertEquals(SIGURG_T1, b.get(0).line());
  }

  /** go/a_hello under {@link PreemptInClone}: sysmon preempts m0's G while m0 clones. */
  private static ScenarioRun preemptingRun() {
    PreemptInClone c = new PreemptInClone();
    ScenarioRun run =
        Lab.run(Scenarios.load("go/a_hello", Map.of()), RunOptions.DEFAULT.withChooser(c));
    assertTrue(c.preempted, "sysmon was never asked");
    return run;
  }

  @Test
  @DisplayName(
      "go/a_hello preempted while m0 clones: the model's SIGURG is the capture's, on T1 after the"
          + " restore, and the main goroutine then yields (the census's goschedImpl handoff)")
  void aPreemptingRunMatchesTheCapture() throws IOException {
    ScenarioRun run = preemptingRun();
    List<GoSignals.Delivery> model = GoSignals.read(run.strace());
    assertEquals(List.of(new GoSignals.Delivery("T1", SIGURG_T1, RESTORE)), model, run.strace());
    List<GoSignals.Delivery> real = GoSignals.read(resource("a_hello.strace"));
    assertEquals(List.of(), GoSignals.unmatched(real, model));
    // the handler found m0 in the runtime (newosproc): the request waited for the G's next call
    assertTrue(run.census().contains("goschedImpl"), run.census());
    // and the births still match the capture
    assertTrue(Lab.compare(run, resource("a_hello.strace")).match(), run.strace());
  }

  @Test
  @DisplayName(
      "the verdict requires each model delivery to be in the capture: with the capture's signal"
          + " lines removed, the preempting run's births still match but the run does not")
  void aDeliveryTheCaptureLacksFailsTheVerdict() throws IOException {
    ScenarioRun run = preemptingRun();
    String capture = resource("a_hello.strace");
    String noSignals =
        capture
            .lines()
            .filter(l -> !l.contains("--- SIG"))
            .map(l -> l + "\n")
            .reduce("", String::concat);
    Verdict with = Lab.compare(run, capture);
    assertTrue(with.match(), with.report());
    assertTrue(with.report().contains("signals delivered: real 4, model 1"), with.report());
    Verdict without = Lab.compare(run, noSignals);
    assertTrue(without.threads().stream().allMatch(Verdict.ThreadVerdict::match), without.report());
    assertFalse(without.match(), without.report());
    assertEquals(
        List.of(new GoSignals.Delivery("T1", SIGURG_T1, RESTORE)), without.unmatchedSignals());
    assertTrue(without.report().contains("T1: signal DIFFERS"), without.report());
    assertTrue(without.report().endsWith("traces differ\n"), without.report());
  }

  @Test
  @DisplayName(
      "the default schedule delivers no signal, so every capture's comparison is as before")
  void theDefaultScheduleDeliversNone() {
    for (String name : List.of("go/a_hello", "go/b_syscalls", "go/c2_locked_spawn")) {
      ScenarioRun run = Lab.run(Scenarios.load(name, Map.of()), RunOptions.DEFAULT);
      assertEquals(List.of(), GoSignals.read(run.strace()), name);
    }
  }

  @Test
  @DisplayName("a delivery after another call, or to another thread, is not matched")
  void mismatches() throws IOException {
    List<GoSignals.Delivery> real = GoSignals.read(resource("a_hello.strace"));
    GoSignals.Delivery elsewhere = new GoSignals.Delivery("T2", SIGURG_T1, RESTORE);
    GoSignals.Delivery later = new GoSignals.Delivery("T1", SIGURG_T1, "gettid() = T1");
    assertEquals(List.of(elsewhere, later), GoSignals.unmatched(real, List.of(elsewhere, later)));
  }
}
