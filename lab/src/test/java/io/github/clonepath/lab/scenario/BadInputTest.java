package io.github.clonepath.lab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.goruntime.GoResult;
import io.github.clonepath.kernel.syscall.Budget;
import io.github.clonepath.kernel.syscall.BudgetExceeded;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every mistake in a scenario is one line naming the file and line, found before the run prints
 * anything where the text alone shows it; nothing wraps, nothing hangs.
 */
class BadInputTest {
  private static Scenario parse(String... lines) {
    return ScenarioParser.parse(String.join("\n", lines) + "\n", "s", Map.of(), "s.scn");
  }

  private static String refused(Runnable r) {
    ScenarioException e = assertThrows(ScenarioException.class, r::run);
    assertTrue(e.isBadInput(), "a mistake in the text, not an outcome: " + e.getMessage());
    return e.getMessage();
  }

  private static String glibcRefused(String... lines) {
    return refused(() -> new GlibcRunner(parse(lines)));
  }

  private static String goRefused(String... lines) {
    return refused(() -> new GoRunner(parse(lines)));
  }

  /** Runs a glibc scenario the runner accepted, with a step budget. */
  private static Machine run(Scenario sc, long maxSteps) {
    return new GlibcRunner(sc)
        .run(MachineConfig.DEFAULT, m -> m.setBudget(Budget.DEFAULT.withMaxSteps(maxSteps)));
  }

  @Test
  void aNegativeOrHugeRepeatIsRefusedWithItsFileAndLine() {
    assertEquals(
        "s.scn:2: repeat needs a count of 0 or more (at most 2147483647), got '-1'",
        refused(() -> parse("program main", "  repeat -1", "    write x", "  end", "end")));
    assertTrue(
        refused(() -> parse("program main", "  repeat 2147483648", "  end", "end"))
            .startsWith("s.scn:2: repeat needs a count"));
  }

  @Test
  void aWordThatIsNotADurationIsRefusedBeforeTheRunStarts() {
    // the constructor refuses it: nothing has run, so nothing was printed before the error
    assertEquals(
        "s.scn:3: sleep needs a duration such as 10ms, 1s or 20000ns, got 'abc'",
        glibcRefused("program main", "  write a", "  sleep abc", "end"));
    assertEquals(
        "s.scn:3: sleep needs a duration such as 10ms, 1s or 20000ns, got 'abc'",
        goRefused("runtime go", "program main", "  sleep abc", "end"));
  }

  @Test
  void aDurationPastSixtyFourBitsIsRefusedNotWrapped() {
    // 9999999999999 s is 10^22 ns: a 64-bit nanosecond count would wrap to a small sleep
    String why = "needs a duration up to 2^63-1 ns (about 292 years), got '9999999999999s'";
    assertEquals(
        "s.scn:2: sleep " + why, glibcRefused("program main", "  sleep 9999999999999s", "end"));
    assertEquals(
        "s.scn:3: compute " + why.replace("sleep", "compute"),
        goRefused("runtime go", "program main", "  compute 9999999999999s", "end"));
    assertTrue(
        glibcRefused("program main", "  run 99999999999999999999", "end")
            .startsWith("s.scn:2: run needs a duration"));
  }

  @Test
  void numbersOutOfTheirRangeAreRefusedWithTheirLine() {
    assertTrue(
        glibcRefused("program main", "  attr a stacksize=18446744073709551616", "end")
            .startsWith("s.scn:2: stacksize= needs a size from 0 to 2^64-1"));
    assertTrue(
        glibcRefused("program main", "  setresuid 4294967296", "end")
            .startsWith("s.scn:2: setresuid needs a whole number of 32 bits"));
    assertTrue(
        goRefused("runtime go", "set go.seed abc", "program main", "end")
            .startsWith("s.scn:2: set go.seed needs a whole number"));
    assertTrue(
        glibcRefused("set bss lots", "program main", "end")
            .startsWith("s.scn:1: set bss needs a size"));
    assertTrue(
        goRefused("runtime go", "describe x", "set go.cgo 2", "program main", "end")
            .startsWith("s.scn:3: go.cgo is 0 or 1"));
    assertTrue(
        glibcRefused("describe x", "set glibc.version 9.9", "program main", "end")
            .startsWith("s.scn:2: set glibc.version: unknown glibc version '9.9'"));
    // a setting given on the command line (--set) has no line in the file
    String e =
        refused(
            () ->
                new GoRunner(
                    parse("runtime go", "set go.seed 1", "program main", "end")
                        .withSettings(Map.of("go.seed", "abc"))));
    assertTrue(e.startsWith("s.scn: set go.seed needs a whole number"), e);
  }

  @Test
  void theJoinAndMaskVerbsRefuseBadWordsWithTheirLine() {
    assertEquals(
        "s.scn:2: sigmask needs block, unblock or setmask, got 'hold'",
        glibcRefused("program main", "  sigmask hold USR1", "end"));
    assertEquals(
        "s.scn:2: sigmask needs signal names such as USR1 or TERM, or numbers 1-64, got 'SIGUSR1'",
        glibcRefused("program main", "  sigmask block SIGUSR1", "end"));
    assertEquals(
        "s.scn:2: sigmask needs signal names such as USR1 or TERM, or numbers 1-64, got '65'",
        glibcRefused("program main", "  sigmask block 65", "end"));
    assertTrue(
        glibcRefused("program main", "  timedjoin t soon", "end")
            .startsWith("s.scn:2: timedjoin needs a duration"));
    assertTrue(
        glibcRefused("program main", "  tryjoin t expect=EFOO", "end")
            .startsWith("s.scn:2: tryjoin needs an errno name"));
  }

  @Test
  void anUnknownErrnoVerbOrProgramNamesTheLineAndWhatIsKnown() {
    assertEquals(
        "s.scn:2: seccomp-clone3 needs an errno name such as EPERM, EAGAIN or ENOSYS (errno(3)),"
            + " got 'EFOO'",
        glibcRefused("program main", "  seccomp-clone3 EFOO", "end"));
    assertTrue(
        glibcRefused("program main", "  frobnicate", "end")
            .startsWith("s.scn:2: unknown verb 'frobnicate' for glibc; known: write, attr,"));
    assertEquals(
        "s.scn:2: no program named 'nobody'; programs: main",
        glibcRefused("program main", "  create t nobody", "end"));
    assertTrue(
        glibcRefused("program main", "  create t main expect=EWHAT", "end")
            .contains("create needs an errno name"));
  }

  @Test
  void aSettingNobodyReadsIsRefusedNotIgnored() {
    String e = glibcRefused("set seed 3", "program main", "end");
    assertTrue(e.startsWith("s.scn:1: unknown setting 'seed'; known: bss,"), e);
    assertTrue(e.endsWith("(the dispatch seed is given with --seed N)"), e);
  }

  @Test
  void aThreadNobodyCreatedIsAnErrorNamingTheLineAndTheThreadsMade() {
    Scenario sc =
        parse(
            "program main",
            "  create a worker",
            "  join a",
            "  detach nosuch",
            "end",
            "program worker",
            "end");
    String e = refused(() -> run(sc, 1_000_000));
    assertEquals(
        "s.scn:4: no thread named 'nosuch' (created so far: a; main is the first thread)", e);
  }

  @Test
  void getattrOfMainAsksForTheFirstThreadsAttributes() {
    Machine m = run(parse("program main", "  getattr main", "  write done", "end"), 1_000_000);
    assertTrue(m.strace().contains("write(1, \"done\\n\", 5) = 5"), m.strace());
  }

  @Test
  void aBillionRoundsIsOneLoopStepAndStopsAtTheStepBudget() {
    Scenario sc = parse("program main", "  repeat 1000000000", "    write x", "  end", "end");
    List<Step> main = sc.programs().get("main");
    assertEquals(1, main.size(), "the loop is kept, not written out");
    assertTrue(main.get(0).isRepeat());
    assertEquals(1_000_000_000, main.get(0).count());

    BudgetExceeded e = assertThrows(BudgetExceeded.class, () -> run(sc, 1_000));
    assertEquals(BudgetExceeded.Kind.STEPS, e.kind());
  }

  @Test
  void thirtyNestedLoopsAreThirtyLevelsAndRunTheirRoundsInOrder() {
    StringBuilder text = new StringBuilder("program main\n");
    text.append("  repeat 2\n".repeat(30)).append("  write x$i\n").append("  end\n".repeat(30));
    Scenario sc = ScenarioParser.parse(text + "end\n", "nested");
    Step s = sc.programs().get("main").get(0);
    int depth = 0;
    while (s.isRepeat()) {
      depth++;
      s = s.body().get(0);
    }
    assertEquals(30, depth);

    // four steps, then the budget: the innermost loop's rounds 0, 1, 0, 1, in order
    Machine[] seen = new Machine[1];
    assertThrows(
        BudgetExceeded.class,
        () ->
            new GlibcRunner(sc)
                .run(
                    MachineConfig.DEFAULT,
                    m -> {
                      seen[0] = m;
                      m.setBudget(Budget.DEFAULT.withMaxSteps(4));
                    }));
    String trace = seen[0].strace();
    int x0 = trace.indexOf("write(1, \"x0\\n\", 3)");
    int x1 = trace.indexOf("write(1, \"x1\\n\", 3)");
    assertTrue(x0 >= 0 && x1 > x0, trace);
  }

  @Test
  void aLoopsRoundIsTheInnermostOnesAndTheRoundsRunInOrder() {
    Scenario sc =
        parse(
            "program main",
            "  repeat 2",
            "    write outer$i",
            "    repeat 3",
            "      write inner$i",
            "    end",
            "  end",
            "end");
    String writes =
        run(sc, 1_000_000)
            .strace()
            .lines()
            .filter(l -> l.contains("write(1,"))
            .map(l -> l.substring(l.indexOf('"') + 1, l.indexOf("\\n")))
            .reduce((a, b) -> a + " " + b)
            .orElse("");
    assertEquals("outer0 inner0 inner1 inner2 outer1 inner0 inner1 inner2", writes);
  }

  @Test
  void aGoLoopPrintsItsRoundsAndRefusesTheRoundElsewhere() {
    Scenario sc =
        parse("runtime go", "program main", "  repeat 3", "    print round $i", "  end", "end");
    assertEquals(
        "round 0\nround 1\nround 2\n", new GoRunner(sc).run(null, false).result().stdout());
    assertTrue(
        goRefused("runtime go", "program main", "  repeat 2", "    compute $i", "  end", "end")
            .startsWith("s.scn:4: $i (a loop's round) can be used in print and collect text"));
  }

  @Test
  void aGoArgumentAndTheRoundNumberPipesAndPrintsDoArithmetic() {
    Scenario sc =
        parse(
            "runtime go",
            "set GOMAXPROCS 1",
            "program main",
            "  repeat 3",
            "    pipe $i",
            "    go child arg=$i+10",
            "  end",
            "  repeat 3",
            "    recv 0",
            "  end",
            "  print threads %threads %threads-1 %threads+2",
            "end",
            "program child",
            "  print child %arg, pipe %arg-10 made by goid %goid-1",
            "  write %arg-10",
            "  read %arg-10",
            "  send 0",
            "end");
    GoResult r = new GoRunner(sc).run(null, false).result();
    // each child writes its own pipe and reads the byte back: a read of another pipe would block
    // forever (main waits for all three)
    assertTrue(r.stdout().contains("child 10, pipe 0 made by goid "), r.stdout());
    assertTrue(r.stdout().contains("child 12, pipe 2 made by goid "), r.stdout());
    String last = r.stdout().substring(r.stdout().lastIndexOf("threads "));
    String[] n = last.trim().split(" ");
    int threads = Integer.parseInt(n[1]);
    assertTrue(threads >= 3, last);
    assertEquals("threads " + threads + " " + (threads - 1) + " " + (threads + 2), last.trim());
    assertEquals(
        List.of(0L, 1L, 2L),
        r.stdout()
            .lines()
            .filter(l -> l.startsWith("child "))
            .map(l -> Long.parseLong(l.replaceAll("^child \\d+, pipe (\\d+) .*$", "$1")))
            .sorted()
            .toList());
    assertTrue(
        goRefused("runtime go", "program main", "  read $i", "end")
            .startsWith("s.scn:3: $i is a loop's round: use it inside a repeat"));
    assertTrue(
        goRefused("runtime go", "program main", "  write -1", "end")
            .startsWith("s.scn:3: write needs a pipe number of 0 or more"));
  }

  @Test
  void aFileThatIsNotUtf8TextIsRefusedAsNotAText() {
    byte[] binary = {0x7f, 'E', 'L', 'F', 0, 1, (byte) 0xff};
    assertEquals(
        "bin.scn: not a text scenario file (it is not UTF-8 text)",
        refused(() -> Scenarios.text(binary, "bin.scn")));
    byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    assertTrue(refused(() -> Scenarios.text(latin1, "l.scn")).startsWith("l.scn: not a text"));
    assertEquals("h\u00e9", Scenarios.text("h\u00e9".getBytes(StandardCharsets.UTF_8), "u.scn"));
  }
}
