package io.github.clonepath.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.lab.scenario.ScenarioException;
import io.github.clonepath.lab.walk.WalkFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's Java API does the four jobs against the real captures: what a test in another project
 * would write. The expected thread ids, counts and calls are read off the captures themselves.
 */
class LabTest {
  private static String capture(String name) throws IOException {
    try (InputStream in = LabTest.class.getResourceAsStream("/reference/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Path capturePath(String name) throws URISyntaxException {
    return Path.of(LabTest.class.getResource("/reference/" + name).toURI());
  }

  @Test
  void s1SeqMatchesItsCaptureThreadByThread() throws Exception {
    Verdict v = Lab.compare(Lab.run("glibc/s1_seq"), capturePath("glibc-2.36/s1_seq.trace"));
    assertTrue(v.match(), v.report());
    assertTrue(v.firstDifference().isEmpty());
    // the capture: main 2875 creates 2876, 2877 and 2878 one after the other
    assertEquals(List.of("T1", "T2", "T3", "T4"), v.threads().stream().map(t -> t.name()).toList());
    assertEquals(
        List.of(2875, 2876, 2877, 2878), v.threads().stream().map(t -> t.realPid()).toList());
    // each thread after its birth: rseq, set_robust_list, its mask restore, the exit path's
    // block, madvise of the stack, exit
    for (Verdict.ThreadVerdict t : v.threads().subList(1, 4)) {
      assertEquals(6, t.count(), t.describe());
    }
    assertTrue(v.report().endsWith("all threads match" + System.lineSeparator()), v.report());
  }

  @Test
  void oneChangedCallInTheCaptureIsTheFirstDifference() throws IOException {
    String real = capture("glibc-2.36/s1_seq.trace");
    String line = "2877  05:18:17.605835 madvise(0x7efe17e4f000, 8368128, MADV_DONTNEED) = 0";
    assertTrue(real.contains(line));
    String changed = real.replace(line, line.replace("8368128", "8368127"));
    Verdict v = Lab.compare(Lab.run("glibc/s1_seq"), changed);
    assertFalse(v.match());
    Verdict.ThreadVerdict d = v.firstDifference().orElseThrow();
    assertEquals("T3", d.name());
    assertEquals(2877, d.realPid());
    assertEquals(4, d.index(), "madvise is the thread's fifth call");
    assertTrue(d.real().contains("8368127"), d.real());
    assertTrue(d.model().contains("8368128"), d.model());
    assertTrue(d.describe().contains("DIFFERS at call 5"), d.describe());
    assertTrue(v.threads().get(1).match() && v.threads().get(3).match(), v.report());
    assertTrue(v.report().endsWith("traces differ" + System.lineSeparator()), v.report());
  }

  @Test
  void aSettingSelectsTheGlibc241ProfileThatMatchesItsOwnCapture() throws Exception {
    ScenarioRun run =
        Lab.run(Lab.load("glibc/s1_seq"), RunOptions.DEFAULT.withSetting("glibc.version", "2.41"));
    assertEquals("2.41", run.scenario().setting("glibc.version", ""));
    Verdict v = Lab.compare(run, capturePath("glibc-2.41/s1_seq.trace"));
    assertTrue(v.match(), v.report());
  }

  @Test
  void aGoRunComparesItsBirthsWithTheCapture() throws Exception {
    ScenarioRun run = Lab.run("go/a_hello");
    assertTrue(run.isGo());
    assertEquals(0, run.exitStatus());
    assertEquals("hello\n", run.go().orElseThrow().stdout());
    Verdict v = Lab.compare(run, capturePath("go-1.19/a_hello.strace"));
    assertTrue(v.match(), v.report());
    assertEquals(Verdict.Part.START_UP, v.threads().get(0).part());
    assertTrue(v.realClones() >= 3, v.report());
  }

  @Test
  void aParameterIsReadWhenTheScenarioIsParsed() {
    ScenarioRun run = Lab.run(Lab.load("go/b_syscalls", Map.of("n", "2")), RunOptions.DEFAULT);
    assertTrue(run.go().orElseThrow().stdout().contains("n=2"), run.go().get().stdout());
  }

  @Test
  void aScenarioWrittenInTheTestRuns() {
    String text = "program main\n  write header\nend\n";
    ScenarioRun run = Lab.run(Lab.parse(text, "mine", Map.of()), RunOptions.DEFAULT);
    assertEquals("mine", run.scenario().name());
    assertTrue(run.strace().contains("write(1, "), run.strace());
    assertTrue(run.deadlock().isEmpty());
  }

  @Test
  void aScenarioFileRunsAndItsMistakesNameTheFileAndLine(@TempDir Path dir) throws IOException {
    Path good = Files.writeString(dir.resolve("mine.scn"), "program main\n  write header\nend\n");
    assertTrue(Lab.run(good.toString()).strace().contains("write(1, "));
    Path bad = Files.writeString(dir.resolve("bad.scn"), "program main\n  frobnicate\nend\n");
    ScenarioException e = assertThrows(ScenarioException.class, () -> Lab.run(bad.toString()));
    assertEquals(bad.toString(), e.source());
    assertEquals(2, e.line(), e.getMessage());
  }

  @Test
  void aSinkReceivesTheSameCallsAndTheRunKeepsNone() {
    List<TraceEvent> seen = new ArrayList<>();
    ScenarioRun streamed =
        Lab.run(Lab.load("glibc/s1_seq"), RunOptions.DEFAULT.streamingTo(seen::add));
    assertTrue(streamed.events().isEmpty());
    List<SyscallEvent> calls =
        seen.stream().filter(SyscallEvent.class::isInstance).map(SyscallEvent.class::cast).toList();
    assertEquals(Lab.run("glibc/s1_seq").strace(), Strace.lines(calls));
    // the scenario creates three threads, one at a time
    assertEquals(3, calls.stream().filter(c -> c.name().equals("clone3")).count());
  }

  @Test
  void aStreamedRunCannotBeComparedForItKeptNoCalls() throws Exception {
    ScenarioRun streamed =
        Lab.run(Lab.load("glibc/s1_seq"), RunOptions.DEFAULT.streamingTo(e -> {}));
    Path capture = capturePath("glibc-2.36/s1_seq.trace");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Lab.compare(streamed, capture));
    assertTrue(e.getMessage().contains("sink"), e.getMessage());
  }

  @Test
  void aSeedGivesAnotherRepeatableOrder() {
    RunOptions seeded = RunOptions.DEFAULT.withSeed(7);
    String a = Lab.run(Lab.load("glibc/s2_concurrent"), seeded).strace();
    assertEquals(a, Lab.run(Lab.load("glibc/s2_concurrent"), seeded).strace());
  }

  @Test
  void theCallsViewNeedsCallTracing() {
    ScenarioRun plain = Lab.run("glibc/s1_seq");
    ScenarioRun traced = Lab.run(Lab.load("glibc/s1_seq"), RunOptions.DEFAULT.withTraceCalls(true));
    assertFalse(plain.calls().contains("pthread_create"), "system calls only");
    assertTrue(traced.calls().contains("pthread_create"), traced.calls());
  }

  @Test
  void aWalkFollowsTheReleaseItIsGiven() {
    // glibc 2.31 predates clone3: its pthread_create clones with clone
    String old = Lab.walk("pthread_create").release("glibc 2.31").format(WalkFormat.MARKDOWN);
    assertTrue(old.contains("clone("), old);
    assertFalse(old.contains("clone3("), old);
    assertTrue(Lab.walk("pthread_create").format(WalkFormat.TEXT).contains("clone3("));
  }

  @Test
  void aWalkRefusesWhatItsTopicDoesNotTake() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Lab.walk("pthread_create").release("glibc 2.31").fail("clone3=ENOMEM").variant());
    assertTrue(e.getMessage().endsWith("can fail clone=ENOMEM, not clone3=ENOMEM"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Lab.walk("pthread_create").cgo(true).variant());
    assertTrue(e.getMessage().contains("does not take --cgo"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Lab.walk("nosuch"));
    assertTrue(e.getMessage().contains("pthread_create"), e.getMessage());
  }

  @Test
  void aDiagramIsWrittenAsMermaidOrDot() {
    assertTrue(Lab.diagram("thread-stack", DiagramFormat.MERMAID).contains("\nflowchart "));
    assertTrue(Lab.diagram("thread-stack", DiagramFormat.DOT).startsWith("digraph "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Lab.diagram("nosuch"));
    assertTrue(e.getMessage().contains("thread-stack"), e.getMessage());
  }
}
