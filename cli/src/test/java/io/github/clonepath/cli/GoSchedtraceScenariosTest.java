package io.github.clonepath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.cli.GoScenariosTest.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * GODEBUG schedtrace/scheddetail of go/b_syscalls and go/g_gfree, and the goids of
 * go/f_goid_batches, against the reference runs' outputs (copied under
 * src/test/resources/reference/go-1.19). The times of the traces differ by a few milliseconds
 * (sysmon's rounds), and the 0 ms trace differs (the model's steps take no time, so main.main has
 * run to its first block when sysmon first looks; the real one was taken during init), so traces
 * are compared from the second one on, without their times.
 */
class GoSchedtraceScenariosTest {
  private static final Pattern TIME = Pattern.compile("^SCHED \\d+ms: ");
  private static final Pattern GFREE = Pattern.compile(" gfreecnt=(\\d+) ");

  /** The traces of a text: each SCHED line with the detail lines after it. */
  static List<List<String>> traces(String text) {
    List<List<String>> out = new ArrayList<>();
    for (String l : text.split("\n")) {
      if (l.startsWith("SCHED ")) {
        out.add(new ArrayList<>());
      }
      if (!out.isEmpty() && (l.startsWith("SCHED ") || l.startsWith("  "))) {
        out.get(out.size() - 1).add(l);
      }
    }
    return out;
  }

  static String untimed(String summary) {
    return TIME.matcher(summary).replaceFirst("SCHED ");
  }

  /** An M or G line with its own id and the ids it names replaced by x (they differ by run). */
  static String anonymous(String line) {
    return line.replaceAll("^  ([MG])\\d+:", "  $1x:")
        .replaceAll(" curg=\\d+", " curg=x")
        .replaceAll(" m=\\d+", " m=x");
  }

  static List<String> sortedLines(List<String> trace, String prefix) {
    List<String> out = new ArrayList<>();
    for (String l : trace) {
      if (l.startsWith(prefix)) {
        out.add(anonymous(l));
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  @DisplayName(
      "b_syscalls schedtrace=100: from 100 ms on, the capture's lines apart from the time"
          + " (18 threads while blocked; 19 with 17 idle once the reads return)")
  void bSyscallsSchedtraceMatchesTheCapture() throws IOException {
    List<List<String>> real = traces(GoScenariosTest.text("b_syscalls.schedtrace.txt"));
    Run r =
        GoScenariosTest.cli(
            "run", "go/b_syscalls", "--param", "schedtrace=100", "--format", "output");
    assertEquals(0, r.status(), r.err());
    List<List<String>> model = traces(r.err());
    assertTrue(model.get(0).get(0).startsWith("SCHED 0ms: gomaxprocs=4 "), r.err());
    assertTrue(model.size() >= real.size(), r.err());
    for (int i = 1; i < real.size(); i++) {
      assertEquals(untimed(real.get(i).get(0)), untimed(model.get(i).get(0)), r.err());
    }
    assertTrue(real.get(3).get(0).contains(" threads=19 spinningthreads=0 idlethreads=17 "));
  }

  @Test
  @DisplayName(
      "b_syscalls scheddetail: while blocked, 16 _Gsyscall Gs each on its own M, every P"
          + " idle without M, sysmon p=-1 locks=2; after, 17 Ms parked; as in the capture")
  void bSyscallsScheddetailMatchesTheCapture() throws IOException {
    List<List<String>> real = traces(GoScenariosTest.text("b_syscalls.scheddetail.txt"));
    Run r =
        GoScenariosTest.cli(
            "run",
            "go/b_syscalls",
            "--param",
            "schedtrace=100",
            "--param",
            "scheddetail=1",
            "--format",
            "output");
    assertEquals(0, r.status(), r.err());
    List<List<String>> model = traces(r.err());
    for (int i = 1; i < real.size(); i++) {
      List<String> rt = real.get(i);
      List<String> mt = model.get(i);
      assertEquals(untimed(rt.get(0)), untimed(mt.get(0)));
      for (int p = 1; p <= 4; p++) {
        // status, m and runqsize as in the capture (the tick counts differ)
        assertEquals(
            rt.get(p).replaceAll("tick=\\d+|gfreecnt=\\d+|timerslen=\\d+", ""),
            mt.get(p).replaceAll("tick=\\d+|gfreecnt=\\d+|timerslen=\\d+", ""));
      }
      assertEquals(sortedLines(rt, "  M"), sortedLines(mt, "  M"), String.join("\n", mt));
      List<String> realUser = sortedLines(rt, "  G");
      List<String> modelUser = sortedLines(mt, "  G");
      // the model has no finalizer goroutine (os's init starts it with SetFinalizer)
      realUser.remove("  Gx: status=4(finalizer wait) m=-1 lockedm=-1");
      assertEquals(realUser, modelUser, String.join("\n", mt));
    }
    String blocked = String.join("\n", real.get(1));
    assertEquals(16, Pattern.compile("status=3\\(\\) m=\\d+").matcher(blocked).results().count());
    assertTrue(blocked.contains("  M1: p=-1 curg=-1 mallocing=0 throwing=0 preemptoff= locks=2"));
  }

  /** The copied capture keeps its SCHED, P and M lines; its 5,029 G lines are not compared. */
  @Test
  @DisplayName(
      "g_gfree: gfreecnt stays below 64 on every P; 43 after the 1000 exits, as captured"
          + " (gfput: at 64 down to 31, so 1000 frees on one P leave 31 + (1000-64) mod 33)")
  void gFreeCountsMatchTheCapture() throws IOException {
    List<List<String>> real = traces(GoScenariosTest.text("g_gfree.scheddetail.txt"));
    Run r = GoScenariosTest.cli("run", "go/g_gfree", "--format", "output");
    assertEquals(0, r.status(), r.err());
    List<List<String>> model = traces(r.err());
    assertEquals(real.size(), model.size(), "one trace per 100 ms of a 530 ms program");
    assertEquals(43, 31 + (1000 - 64) % 33);
    for (List<List<String>> run : List.of(real, model)) {
      assertEquals(43, maxGfree(run.get(2)), "after the exits: " + run.get(2));
      for (List<String> t : run) {
        assertTrue(maxGfree(t) < 64, t.toString());
      }
    }
    for (int i = 1; i < real.size(); i++) {
      assertEquals(untimed(real.get(i).get(0)), untimed(model.get(i).get(0)));
      // M4..M2 parked, sysmon, m0 waiting for timers (netpoll: not blocked on a note)
      assertEquals(
          real.get(i).subList(5, 10), model.get(i).subList(5, 10), String.join("\n", model.get(i)));
    }
  }

  private static int maxGfree(List<String> trace) {
    int max = 0;
    for (String l : trace) {
      Matcher m = GFREE.matcher(l);
      if (l.startsWith("  P") && m.find()) {
        max = Math.max(max, Integer.parseInt(m.group(1)));
      }
    }
    return max;
  }

  @Test
  @DisplayName(
      "f_goid_batches: main is goid 1; 4 sorted parent lines whose children come from the"
          + " first four 16-wide blocks, one per P, as in every real run")
  void goidBatchesHaveTheRealShape() throws IOException {
    String realOut = GoScenariosTest.text("f_goid_batches.out");
    Run r = GoScenariosTest.cli("run", "go/f_goid_batches", "--format", "output");
    assertEquals(0, r.status(), r.err());
    List<String> model = List.of(r.out().split("\n"));
    assertEquals(5, model.size(), r.out());
    assertTrue(realOut.contains("\n" + model.get(0) + "\n"), model.get(0));
    List<String> sorted = new ArrayList<>(model.subList(1, 5));
    sorted.sort(null);
    assertEquals(sorted, model.subList(1, 5));
    for (String run : realOut.split("## run \\d+ \\(GOMAXPROCS=4\\)\n")) {
      if (!run.isBlank()) {
        assertEquals(Set.of(0L, 1L, 2L, 3L), childBlocks(run), run);
      }
    }
    assertEquals(Set.of(0L, 1L, 2L, 3L), childBlocks(r.out()), r.out());
  }

  /** The 16-wide blocks ((id-1)/16) of each parent's children, which must share one block. */
  private static Set<Long> childBlocks(String out) {
    Set<Long> blocks = new TreeSet<>();
    Matcher m =
        Pattern.compile("(?m)^parent goid=\\d+ -> children goids=\\[(\\d+) (\\d+) (\\d+)\\]$")
            .matcher(out);
    while (m.find()) {
      long first = (Long.parseLong(m.group(1)) - 1) / 16;
      assertEquals(first, (Long.parseLong(m.group(3)) - 1) / 16, m.group());
      blocks.add(first);
    }
    return blocks;
  }
}
