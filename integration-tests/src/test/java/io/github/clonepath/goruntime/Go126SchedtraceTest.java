package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.goruntime.Go126CompareTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * GODEBUG schedtrace and scheddetail of go/b_syscalls at go1.26.8 against the real Go 1.26.8 run
 * (go-runtime-model's reference/go-1.26/outputs): go1.26's text (needspinning, {@code [ 0 0 ]},
 * schedticks, booleans, {@code nil} for a missing id) and the scheduler's state from the 100 ms
 * trace on. As for go1.19, times and the 0 ms trace differ (the model's steps take no time), and so
 * do the per-P tick counts: which P ran which goroutine is the schedule's choice.
 */
class Go126SchedtraceTest {
  private static final Path OUTPUTS =
      Path.of("..")
          .toAbsolutePath()
          .normalize()
          .resolve("go-runtime-model/src/test/resources/reference/go-1.26/outputs");

  /** The SCHED lines of a text, without their times and per-P tick counts. */
  static List<String> summaries(String text) {
    List<String> out = new ArrayList<>();
    for (String l : text.split("\n")) {
      if (l.startsWith("SCHED ")) {
        out.add(
            l.replaceFirst("^SCHED \\d+ms: ", "SCHED ")
                .replaceFirst(" schedticks=\\[[ \\d]*\\]$", " schedticks=[ … ]"));
      }
    }
    return out;
  }

  /** The key=value field names of a line, in order. */
  private static List<String> keys(String line) {
    List<String> out = new ArrayList<>();
    for (String w : line.split(" ")) {
      int eq = w.indexOf('=');
      if (eq > 0) {
        out.add(w.substring(0, eq));
      }
    }
    return out;
  }

  private static Run run(String... params) {
    List<String> args =
        new ArrayList<>(List.of("run", "go/b_syscalls", "--set", "go.version=1.26"));
    for (String p : params) {
      args.add("--param");
      args.add(p);
    }
    args.addAll(List.of("--format", "output"));
    return Go126CompareTest.cli(args.toArray(String[]::new));
  }

  @Test
  @DisplayName(
      "schedtrace=100: from 100 ms on, the capture's summaries apart from times and ticks"
          + " (18 threads while the reads block, 19 with 17 idle after)")
  void summariesMatchTheRealGo126Run() throws IOException {
    List<String> real = summaries(Files.readString(OUTPUTS.resolve("b_syscalls.schedtrace.txt")));
    Run r = run("schedtrace=100");
    assertEquals(0, r.status(), r.err());
    List<String> model = summaries(r.err());
    assertTrue(model.size() >= real.size(), r.err());
    assertEquals(keys(real.get(0)), keys(model.get(0)), "the 0 ms line's fields");
    for (int i = 1; i < real.size(); i++) {
      assertEquals(real.get(i), model.get(i), r.err());
    }
    assertTrue(
        real.get(3).contains(" threads=19 spinningthreads=0 needspinning=0 idlethreads=17 "));
  }

  @Test
  @DisplayName(
      "scheddetail=1: go1.26's fields on every line; while the reads block, every P idle with"
          + " m=nil, sysmon p=nil curg=nil locks=2, 16 readers in _Gsyscall, as in the capture")
  void detailLinesHaveTheRealGo126Text() throws IOException {
    String real = Files.readString(OUTPUTS.resolve("b_syscalls.scheddetail.txt"));
    Run r = run("schedtrace=100", "scheddetail=1");
    assertEquals(0, r.status(), r.err());
    for (String prefix : List.of("SCHED ", "  P0:", "  M1:", "  G1:")) {
      assertEquals(keys(first(real, prefix)), keys(first(r.err(), prefix)), prefix);
    }
    String blocked = secondTrace(r.err());
    String realBlocked = secondTrace(real);
    for (String line :
        List.of(
            "  P0: status=0 ",
            " syscalltick=",
            "  M1: p=nil curg=nil mallocing=0 throwing=0 preemptoff= locks=2 dying=0"
                + " spinning=false blocked=false lockedg=nil\n",
            "  G1: status=4(sleep) m=nil lockedm=nil\n")) {
      assertTrue(realBlocked.contains(line), "capture: " + line);
      assertTrue(blocked.contains(line), line + "\n" + blocked);
    }
    assertEquals(count(realBlocked, "status=3() m="), count(blocked, "status=3() m="), blocked);
    assertEquals(16, count(blocked, "status=3() m="), blocked);
  }

  @Test
  @DisplayName("go1.21.0's schedtrace, whose text lies between go1.19's and go1.26's, is refused")
  void go121SchedtraceIsRefused() {
    Run r =
        Go126CompareTest.cli(
            "run", "go/b_syscalls", "--set", "go.version=1.21", "--param", "schedtrace=100");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("not pinned"), r.err());
  }

  private static String first(String text, String prefix) {
    for (String l : text.split("\n")) {
      if (l.startsWith(prefix)) {
        return l;
      }
    }
    throw new AssertionError("no line starting " + prefix);
  }

  /** The second SCHED trace with its detail lines (the first one taken while the reads block). */
  private static String secondTrace(String text) {
    int a = text.indexOf("SCHED ", text.indexOf("SCHED ") + 1);
    int b = text.indexOf("SCHED ", a + 1);
    return text.substring(a, b < 0 ? text.length() : b);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
