package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.SyscallEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * GODEBUG schedtrace and scheddetail: the format of go1.19's schedtrace (proc.go), checked first on
 * the reference captures' own lines, then on the model's; when sysmon prints (its loop: the first
 * round, then the first round a period after the last trace, rounds at most 10 ms apart); and the
 * scheduler state the findings (§3, §6 g) report for blocked readers and exited goroutines.
 */
class SchedtraceTest {
  static final Pattern SUMMARY =
      Pattern.compile(
          "^SCHED (\\d+)ms: gomaxprocs=(\\d+) idleprocs=(\\d+) threads=(\\d+)"
              + " spinningthreads=(\\d+) idlethreads=(\\d+) runqueue=(\\d+)"
              + "( \\[\\d+(?: \\d+)*\\]| gcwaiting=(\\d+) nmidlelocked=(\\d+) stopwait=(\\d+)"
              + " sysmonwait=(\\d+))$");
  static final Pattern P_LINE =
      Pattern.compile(
          "^  P(\\d+): status=(\\d+) schedtick=(\\d+) syscalltick=(\\d+) m=(-?\\d+)"
              + " runqsize=(\\d+) gfreecnt=(\\d+)( timerslen=(\\d+))?$");
  static final Pattern M_LINE =
      Pattern.compile(
          "^  M(\\d+): p=(-?\\d+) curg=(-?\\d+) mallocing=(\\d+) throwing=(\\d+) preemptoff=(\\S*)"
              + " locks=(\\d+) dying=(\\d+) spinning=(true|false) blocked=(true|false)"
              + " lockedg=(-?\\d+)$");
  static final Pattern G_LINE =
      Pattern.compile("^  G(\\d+): status=(\\d+)\\((.*)\\) m=(-?\\d+) lockedm=(-?\\d+)$");

  private static final long MS = 1_000_000L;

  static String resource(String name) throws IOException {
    try (InputStream in = SchedtraceTest.class.getResourceAsStream("/reference/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** b_syscalls/main.go: n readers block in read(2) until main's writes after 300 ms. */
  static GoProgram readers(int n) {
    return GoProgram.empty()
        .print("start\n")
        .go("main.main.func1", GoProgram.empty().syscall(301 * MS), n)
        .sleep(300 * MS)
        .print("while blocked\n")
        .sleep(MS)
        .sleep(100 * MS)
        .print("after release\n");
  }

  static GoResult run(GoOptions opts, GoProgram main) {
    return new Harness(opts, main).run().go.result();
  }

  static GoOptions four() {
    return GoOptions.DEFAULT.withGomaxprocs(4);
  }

  /** The traces of a stderr text: each summary line with the detail lines that follow it. */
  static List<List<String>> traces(String stderr) {
    List<List<String>> out = new ArrayList<>();
    for (String l : stderr.split("\n")) {
      if (l.startsWith("SCHED ")) {
        out.add(new ArrayList<>());
      }
      if (!out.isEmpty() && (l.startsWith("SCHED ") || l.startsWith("  "))) {
        out.get(out.size() - 1).add(l);
      }
    }
    return out;
  }

  static Matcher match(Pattern p, String line) {
    Matcher m = p.matcher(line);
    assertTrue(m.matches(), line + " does not match " + p);
    return m;
  }

  static long ms(List<String> trace) {
    return Long.parseLong(match(SUMMARY, trace.get(0)).group(1));
  }

  /** The first trace printed at or after a time. */
  static List<String> traceAtOrAfter(List<List<String>> traces, long millis) {
    for (List<String> t : traces) {
      if (ms(t) >= millis) {
        return t;
      }
    }
    throw new AssertionError("no trace at or after " + millis + " ms: " + traces);
  }

  @Test
  @DisplayName("without scheddetail: one line per trace, the per-P queue lengths in brackets")
  void summaryLineHasTheRealFormat() throws IOException {
    for (String l : resource("b_syscalls.schedtrace.txt").split("\n")) {
      if (l.startsWith("SCHED")) {
        assertTrue(match(SUMMARY, l).group(8).matches(" \\[\\d+ \\d+ \\d+ \\d+\\]"), l);
      }
    }
    GoResult r = run(four().withSchedtrace(100, false), readers(16));
    List<List<String>> traces = traces(r.stderr());
    assertTrue(traces.size() >= 4, r.stderr());
    for (List<String> t : traces) {
      assertEquals(1, t.size(), t.toString());
      Matcher m = match(SUMMARY, t.get(0));
      assertEquals("4", m.group(2));
      // one queue length per P
      assertTrue(m.group(8).matches(" \\[\\d+ \\d+ \\d+ \\d+\\]"), t.get(0));
    }
    assertEquals(r.stderr().lines().count(), traces.size(), "stderr holds only the traces");
  }

  @Test
  @DisplayName(
      "the first trace is sysmon's first round (0ms), each next one the first round a"
          + " period after the last: within 10 ms (sysmon's longest sleep)")
  void tracesComeAtSysmonsRoundsOnePeriodApart() throws IOException {
    // the capture: 0, 106, 207, 308 ms
    List<Long> real = new ArrayList<>();
    for (List<String> t : traces(resource("b_syscalls.schedtrace.txt"))) {
      real.add(ms(t));
    }
    assertEquals(0L, real.get(0));
    GoResult r = run(four().withSchedtrace(100, false), readers(16));
    List<Long> model = new ArrayList<>();
    for (List<String> t : traces(r.stderr())) {
      model.add(ms(t));
    }
    assertEquals(0L, model.get(0), r.stderr());
    for (List<Long> times : List.of(real, model)) {
      for (int i = 1; i < times.size(); i++) {
        long gap = times.get(i) - times.get(i - 1);
        assertTrue(gap >= 100 - 1 && gap <= 100 + 10 + 1, times.toString());
      }
    }
    // the program runs 401 ms: traces near 0, 100, 200, 300 and perhaps 400
    assertTrue(model.size() == 4 || model.size() == 5, model.toString());
  }

  @Test
  @DisplayName("each argument of the runtime's print is its own write(2), '-1' as '-' and '1'")
  void everyPrintArgumentIsItsOwnWriteToStderr() {
    Harness h = new Harness(four().withSchedtrace(100, true), readers(4)).run();
    List<String> writes = new ArrayList<>();
    Set<Integer> writers = new HashSet<>();
    for (SyscallEvent e : h.syscalls()) {
      if (e.name().equals("write") && e.text().startsWith("write(2, ")) {
        writes.add(e.text());
        writers.add(e.tid());
      }
    }
    // print.go: printstring, printint, printuint each end in gwrite → write(2, ...)
    assertEquals("write(2, \"SCHED \", 6) = 6", writes.get(0));
    assertEquals("write(2, \"0\", 1) = 1", writes.get(1));
    assertEquals("write(2, \"ms: gomaxprocs=\", 15) = 15", writes.get(2));
    assertEquals("write(2, \"4\", 1) = 1", writes.get(3));
    assertEquals("write(2, \" idleprocs=\", 11) = 11", writes.get(4));
    int idle = writes.indexOf("write(2, \" m=\", 3) = 3");
    assertTrue(idle > 0, writes.toString());
    // an empty string (preemptoff's) writes nothing: " preemptoff=" is followed by " locks="
    int pre = writes.indexOf("write(2, \" preemptoff=\", 12) = 12");
    assertEquals("write(2, \" locks=\", 7) = 7", writes.get(pre + 1));
    // the printing M is sysmon's alone
    assertEquals(1, writers.size(), writers.toString());
    String stderr = h.go.result().stderr();
    assertTrue(stderr.contains(" m=-1 "), stderr);
    long minusWrites = writes.stream().filter(w -> w.equals("write(2, \"-\", 1) = 1")).count();
    long minusOnes = Pattern.compile("=-1").matcher(stderr).results().count();
    assertEquals(minusOnes, minusWrites, "every -1 is a '-' write then a '1' write");
  }

  @Test
  @DisplayName("scheddetail: the summary, every P in order, every M newest first, every G")
  void scheddetailListsPsThenMsNewestFirstThenGs() throws IOException {
    for (List<String> t : traces(resource("b_syscalls.scheddetail.txt"))) {
      checkDetailShape(t);
    }
    GoResult r = run(four().withSchedtrace(100, true), readers(16));
    List<List<String>> traces = traces(r.stderr());
    assertTrue(traces.size() >= 4, r.stderr());
    for (List<String> t : traces) {
      checkDetailShape(t);
    }
  }

  /** The order of a detailed trace and its counts, as schedtrace's loops print them. */
  static void checkDetailShape(List<String> t) {
    Matcher head = match(SUMMARY, t.get(0));
    assertTrue(head.group(8).startsWith(" gcwaiting="), t.get(0));
    int procs = Integer.parseInt(head.group(2));
    int threads = Integer.parseInt(head.group(4));
    for (int i = 0; i < procs; i++) {
      assertEquals(String.valueOf(i), match(P_LINE, t.get(1 + i)).group(1));
    }
    long lastM = Long.MAX_VALUE;
    int ms = 0;
    int k = 1 + procs;
    for (; k < t.size() && t.get(k).startsWith("  M"); k++) {
      long id = Long.parseLong(match(M_LINE, t.get(k)).group(1));
      assertTrue(id < lastM, "allm is newest first: " + t);
      lastM = id;
      ms++;
    }
    assertEquals(0L, lastM, "m0 is the oldest M");
    assertEquals(threads, ms, "one M line per M (no M exited): " + t.get(0));
    assertTrue(k < t.size(), "G lines follow");
    assertEquals("1", match(G_LINE, t.get(k)).group(1), "allgs starts with the main goroutine");
    for (; k < t.size(); k++) {
      match(G_LINE, t.get(k));
    }
  }

  @Test
  @DisplayName(
      "findings §3: 16 readers in read(2) are _Gsyscall (3) each on its own M, every P"
          + " idle (0) with no M, sysmon's M has no P and holds 2 locks")
  void readersBlockedInSyscallsShowAsSyscallGsOnTheirOwnMs() {
    GoResult r = run(four().withSchedtrace(100, true), readers(16));
    List<String> t = traceAtOrAfter(traces(r.stderr()), 100);
    assertTrue(ms(t) < 300, t.get(0));
    Matcher head = match(SUMMARY, t.get(0));
    assertEquals("4", head.group(3), "idleprocs");
    java.util.Map<String, String> gOnM = new java.util.HashMap<>();
    int syscallGs = 0;
    List<String> mLines = new ArrayList<>();
    for (String l : t) {
      if (l.startsWith("  P")) {
        Matcher p = match(P_LINE, l);
        assertEquals("0", p.group(2), l);
        assertEquals("-1", p.group(5), l);
      } else if (l.startsWith("  M")) {
        mLines.add(l);
      } else if (l.startsWith("  G")) {
        Matcher g = match(G_LINE, l);
        if (g.group(2).equals("3")) {
          syscallGs++;
          assertEquals(null, gOnM.put(g.group(4), g.group(1)), "two syscall Gs on one M: " + l);
          assertEquals("", g.group(3), "a G that never parked has no wait reason");
        }
        if (g.group(1).equals("1")) {
          assertEquals("4", g.group(2), "main sleeps: " + l);
          assertEquals("sleep", g.group(3), l);
        }
      }
    }
    assertEquals(16, syscallGs, String.join("\n", t));
    for (String l : mLines) {
      Matcher m = match(M_LINE, l);
      assertEquals("-1", m.group(2), "no M holds a P: " + l);
      if (gOnM.containsKey(m.group(1))) {
        assertEquals(gOnM.get(m.group(1)), m.group(3), "the M's curg is its syscall G: " + l);
      }
      if (m.group(1).equals("1")) {
        assertEquals("-1", m.group(3), "sysmon runs no G: " + l);
        assertEquals("2", m.group(7), "sysmon holds sched.sysmonlock and sched.lock: " + l);
        assertEquals("false", m.group(10), "sysmon is in usleep, not on a note: " + l);
      } else {
        assertEquals("0", m.group(7), l);
      }
    }
  }

  @Test
  @DisplayName("findings §3: once the reads return, 19 threads (n+3), 17 of them on the idle list")
  void afterTheReadsReturnTheirMsParkOnTheIdleList() {
    GoResult r = run(four().withSchedtrace(100, false), readers(16));
    List<String> t = traceAtOrAfter(traces(r.stderr()), 302);
    Matcher m = match(SUMMARY, t.get(0));
    assertEquals("19", m.group(4), t.get(0));
    assertEquals("17", m.group(6), t.get(0));
    assertEquals("4", m.group(3), t.get(0));
  }

  @Test
  @DisplayName("the runtime's goroutines show the capture's wait reasons")
  void runtimeGoroutinesShowTheirRealWaitReasons() throws IOException {
    List<String> real = new ArrayList<>();
    for (String l : resource("b_syscalls.scheddetail.txt").split("\n")) {
      if (l.matches("  G[234]: .*") && !real.contains(l)) {
        real.add(l);
      }
    }
    assertEquals(3, real.size(), real.toString());
    GoResult r = run(four().withSchedtrace(100, true), readers(4));
    for (String l : real) {
      assertTrue(r.stderr().contains(l + "\n"), l);
    }
  }

  @Test
  @DisplayName("findings g: after 1000 goroutines exit, every P's gfreecnt stays below 64")
  void gfreecntStaysBelow64() {
    GoProgram main =
        GoProgram.empty().go("main.main.func1", GoProgram.empty().recv(0), 1000).sleep(120 * MS);
    for (int i = 0; i < 1000; i++) {
      main = main.send(0);
    }
    main = main.sleep(250 * MS).go("main.main.func2", GoProgram.empty(), 100).sleep(150 * MS);
    GoResult r = run(four().withSchedtrace(100, true), main);
    int kept = 0;
    for (List<String> t : traces(r.stderr())) {
      int sum = 0;
      for (String l : t) {
        if (l.startsWith("  P")) {
          int n = Integer.parseInt(match(P_LINE, l).group(7));
          assertTrue(n < 64, "gfput spills at 64: " + l);
          sum += n;
        }
      }
      kept = Math.max(kept, sum);
    }
    assertTrue(kept > 0, "the exited Gs are kept on the P lists: " + r.stderr());
  }

  @Test
  @DisplayName("findings §3: while 1000 goroutines sleep, the Ps' timerslen add up to 1001")
  void timerslenCountsEverySleepingGoroutinesTimer() {
    GoProgram main =
        GoProgram.empty()
            .go("main.main.func1", GoProgram.empty().sleep(500 * MS), 1000)
            .sleep(250 * MS)
            .sleep(251 * MS);
    GoResult r = run(four().withSchedtrace(100, true), main);
    List<String> t = traceAtOrAfter(traces(r.stderr()), 100);
    assertTrue(ms(t) < 250, t.get(0));
    int sum = 0;
    for (String l : t) {
      if (l.startsWith("  P")) {
        sum += Integer.parseInt(match(P_LINE, l).group(9));
      }
    }
    // b_sleepers: 128 + 5 + 342 + 526 = 1001, the sleepers' timers and main's
    assertEquals(1001, sum, String.join("\n", t.subList(0, 5)));
  }

  @Test
  void withoutGodebugNothingGoesToStderr() {
    GoResult r = run(four(), readers(4));
    assertEquals("", r.stderr());
  }

  @Test
  @DisplayName("schedtrace=0 and scheddetail alone print nothing: sysmon needs schedtrace > 0")
  void schedtraceZeroOrScheddetailAlonePrintNothing() {
    assertEquals("", run(four().withGodebug("schedtrace=0"), readers(4)).stderr());
    assertEquals("", run(four().withGodebug("scheddetail=1"), readers(4)).stderr());
    assertEquals("", run(four().withGodebug("schedtrace=-5"), readers(4)).stderr());
  }

  @Test
  @DisplayName("parsedebugvars: a later field overrides an earlier one")
  void aLaterGodebugFieldOverridesAnEarlierOne() {
    GoResult r = run(four().withGodebug("schedtrace=1000,schedtrace=100"), readers(4));
    assertTrue(traces(r.stderr()).size() >= 4, r.stderr());
  }

  @Test
  void godebugKeysTheModelDoesNotFollowAreRefused() {
    IllegalArgumentException known =
        assertThrows(IllegalArgumentException.class, () -> four().withGodebug("gctrace=1"));
    assertTrue(known.getMessage().contains("gctrace"), known.getMessage());
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> four().withGodebug("schedtrac=100"));
    assertTrue(unknown.getMessage().contains("schedtrac="), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> four().withGodebug("schedtrace=1e3"));
    assertThrows(IllegalArgumentException.class, () -> four().withGodebug("schedtrace=+100"));
    assertThrows(IllegalArgumentException.class, () -> four().withGodebug("schedtrace"));
    assertThrows(IllegalArgumentException.class, () -> four().withGodebug("schedtrace=4294967396"));
    assertThrows(IllegalArgumentException.class, () -> four().withSchedtrace(0, false));
    // go1.21.0 adds needspinning to the line, which the model does not keep
    assertThrows(
        IllegalArgumentException.class,
        () -> four().withSchedtrace(100, false).withVersion(GoVersion.GO1_21));
  }

  @Test
  @DisplayName("go1.13's P line has no timerslen (per-P timers came in go1.14)")
  void go113PrintsNoTimerslen() {
    GoResult r = run(four().withVersion(GoVersion.GO1_13).withSchedtrace(100, true), readers(4));
    List<String> t = traces(r.stderr()).get(0);
    for (String l : t) {
      if (l.startsWith("  P")) {
        assertEquals(null, match(P_LINE, l).group(8), l);
      }
    }
    GoResult r19 = run(four().withSchedtrace(100, true), readers(4));
    for (String l : traces(r19.stderr()).get(0)) {
      if (l.startsWith("  P")) {
        assertFalse(match(P_LINE, l).group(8) == null, l);
      }
    }
  }
}
