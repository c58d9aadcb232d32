package io.github.clonepath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The go/... built-ins through {@code clonepath run} and {@code compare}, against the Go 1.19
 * reference captures, census runs and findings (copied under src/test/resources/reference/go-1.19).
 */
class GoScenariosTest {
  record Run(int status, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(rc, out.toString(), err.toString());
  }

  static Path reference(String name) throws URISyntaxException {
    return Path.of(GoScenariosTest.class.getResource("/reference/go-1.19/" + name).toURI());
  }

  static String text(String name) throws IOException {
    try (InputStream in = GoScenariosTest.class.getResourceAsStream("/reference/go-1.19/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The call chains of a census.sh output, each cut to its first {@code frames} frames. */
  private static List<String> realChains(String census, int frames) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\s+\\d+\\s+(newm1 .*)$").matcher(census);
    while (m.find()) {
      String[] f = m.group(1).split(" <- ");
      out.add(String.join(" <- ", List.of(f).subList(0, Math.min(frames, f.length))));
    }
    return out;
  }

  private static List<String> modelChains(String census) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\s+\\d+\\s+(newm1 .*)$").matcher(census);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("compare exits 0: m0's start-up and every thread's birth equal the real capture")
  @ValueSource(
      strings = {
        "a_hello",
        "b_syscalls",
        "c_lockosthread",
        "c2_locked_spawn",
        "h_locked_exit",
        "j_pipe_read"
      })
  void threadBirthsMatchTheRealCapture(String name) throws URISyntaxException {
    Run r = cli("compare", "go/" + name, reference(name + ".strace").toString());
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("T1 start-up"), r.out());
    // every birth compared: parent's mask / clone / restore and the child's five minit calls
    assertTrue(r.out().contains("T2 birth"), r.out());
    assertTrue(r.out().contains("match, 8 calls"), r.out());
    assertTrue(r.out().endsWith("all threads match\n"), r.out());
  }

  @Test
  void aChangedMinitCallInTheCaptureMakesCompareFail() throws Exception {
    String real = text("a_hello.strace").replaceFirst("ss_size=32768", "ss_size=16384");
    Path changed = java.nio.file.Files.createTempFile("a_hello", ".strace");
    java.nio.file.Files.writeString(changed, real);
    Run r = cli("compare", "go/a_hello", changed.toString());
    java.nio.file.Files.delete(changed);
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().contains("DIFFERS"), r.out());
  }

  @Test
  void helloRunPrintsTheStraceFormatWithThreeClonesOfTheRealFlags() {
    Run r = cli("run", "go/a_hello");
    assertEquals(0, r.status(), r.err());
    List<String> clones = r.out().lines().filter(l -> l.matches("^\\d+\\s+clone\\(.*")).toList();
    // the saved capture: 3 clones, all from the main thread, flags 0xd0f00 spelled out
    assertEquals(3, clones.size(), r.out());
    for (String c : clones) {
      assertTrue(
          c.contains(
              "flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM"
                  + "|CLONE_SETTLS,"),
          c);
    }
    assertEquals("hello\n", cli("run", "go/a_hello", "--format", "output").out());
  }

  @Test
  void helloCensusHasTheThreePathsEveryRealRunHad() throws IOException {
    Run r = cli("run", "go/a_hello", "--format", "census");
    assertEquals(0, r.status(), r.err());
    // a_hello.census.txt: sysmon and the first go statement's wakep in 40 of 40 runs, handoffs
    // from the locked main goroutine (park_m or goschedImpl) in every run
    List<String> real = realChains(text("a_hello.census.txt"), 6);
    List<String> model = modelChains(r.out());
    assertEquals(3, model.size(), r.out());
    for (String c : model) {
      assertTrue(real.stream().anyMatch(x -> x.startsWith(c) || c.startsWith(x)), c);
    }
    assertTrue(r.out().contains("sysmon, cloned by"), r.out());
    assertTrue(r.out().contains("wakep from newproc, cloned by"), r.out());
    assertTrue(r.out().contains("handoffp from a locked M, cloned by"), r.out());
  }

  @Test
  void lockedSpawnCensusStartsTheTemplateThreadFromTheMainThread() throws IOException {
    Run r = cli("run", "go/c2_locked_spawn", "--format", "census");
    assertEquals(0, r.status(), r.err());
    // c2_locked_spawn.census.txt: startTemplateThread <- LockOSThread <- main.init.0 in 10/10
    assertTrue(
        text("c2_locked_spawn.census.txt")
            .contains("newm1 <- newm <- startTemplateThread <- LockOSThread <- main.init.0"));
    assertTrue(r.out().contains("newm1 <- newm <- startTemplateThread <- LockOSThread\n"), r.out());
    // 6 clones in 7 of 10 real runs, 7 in 3
    Matcher m =
        Pattern.compile("clone calls \\(not counting the main thread\\): (\\d+)").matcher(r.out());
    assertTrue(m.find());
    int clones = Integer.parseInt(m.group(1));
    assertTrue(clones == 6 || clones == 7, r.out());
  }

  @Test
  void syscallCensusIsMostlySysmonRetake() throws IOException {
    Run r = cli("run", "go/b_syscalls", "--format", "census");
    // b_syscalls.census.txt: 18 clones in each of 10 runs, 127 of 180 from retake
    assertTrue(text("b_syscalls.census.txt").contains("18 clones x10 runs"));
    assertTrue(r.out().contains("clone calls (not counting the main thread): 18\n"), r.out());
    Matcher m =
        Pattern.compile("(?m)^\\s+(\\d+)\\s+newm1 <- newm <- startm <- handoffp <- retake")
            .matcher(r.out());
    assertTrue(m.find(), r.out());
    assertTrue(Integer.parseInt(m.group(1)) * 2 > 18, r.out());
  }

  @ParameterizedTest(name = "n={0}")
  @DisplayName("n goroutines blocked in read(2) at GOMAXPROCS=4 leave n+3 threads (findings §3)")
  @ValueSource(ints = {4, 8, 16, 32, 64})
  void blockedReadersLeaveNPlus3Threads(int n) {
    Run r = cli("run", "go/b_syscalls", "--param", "n=" + n, "--format", "output");
    assertEquals(0, r.status(), r.err());
    assertTrue(
        r.out().contains("while " + n + " goroutines block in read(2): os_threads=" + (n + 3)),
        r.out());
  }

  @Test
  void threadLimitEndsWithTheRealMessageAndExitStatus2() throws IOException {
    Run r = cli("run", "go/e_limit", "--format", "output");
    assertEquals(2, r.status());
    assertEquals(text("e_limit.stderr.head"), r.err());
    assertEquals(text("e_limit.stdout"), r.out());
    // the strace format exits the same way
    assertEquals(2, cli("run", "go/e_limit").status());
  }

  @Test
  void aGoroutineExitingLockedKillsItsThreadWithTheRealCalls() {
    Run r = cli("run", "go/c_lockosthread");
    assertEquals(0, r.status(), r.err());
    // findings §4: SETMASK ~[] → sigaltstack(SS_DISABLE) → ... → exit(0), not exit_group
    Matcher m = Pattern.compile("(?m)^(\\d+)\\s+exit\\(0\\)").matcher(r.out());
    assertTrue(m.find(), r.out());
    String tid = m.group(1);
    List<String> own =
        r.out()
            .lines()
            .filter(l -> l.startsWith(tid + " "))
            .map(l -> l.substring(l.indexOf(' ')).strip())
            .toList();
    int blockAll = own.indexOf("rt_sigprocmask(SIG_SETMASK, ~[], NULL, 8) = 0");
    assertTrue(blockAll >= 0, own.toString());
    assertEquals(
        "sigaltstack({ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}, NULL) = 0",
        own.get(blockAll + 1));
    assertEquals("exit(0) = ?", own.get(own.size() - 1));
  }

  @Test
  void lockedExitLeavesTheRealThreadCountsAndTheCensusCloneCount() throws IOException {
    // c_lockosthread.out, both runs: 9 threads while 4 goroutines block, 8 after the locked exit
    String real = text("c_lockosthread.out");
    assertTrue(real.contains("while 4 goroutines block: os_threads=9"), real);
    assertTrue(real.contains("os_threads now=8"), real);
    Run out = cli("run", "go/c_lockosthread", "--format", "output");
    assertEquals(0, out.status(), out.err());
    assertTrue(out.out().contains("while 4 goroutines block: os_threads=9"), out.out());
    assertTrue(out.out().contains("os_threads now=8"), out.out());
    // c_lockosthread.census.txt: 8 clones in each of 10 runs
    assertTrue(text("c_lockosthread.census.txt").contains("8 clones x10 runs"));
    Run census = cli("run", "go/c_lockosthread", "--format", "census");
    assertTrue(
        census.out().contains("clone calls (not counting the main thread): 8\n"), census.out());
  }

  @Test
  @DisplayName(
      "h_locked_exit: the replacement for a thread that exits locked is cloned by the template"
          + " thread with its empty mask, and main prints as the real program")
  void aThreadExitingLockedIsReplacedByTheTemplateThread() throws Exception {
    Run r = cli("compare", "go/h_locked_exit", reference("h_locked_exit.strace").toString());
    assertEquals(0, r.status(), r.out());
    // the capture's last birth: the template thread (T4, main.init's LockOSThread) issues it
    assertTrue(r.out().contains("T5 birth (real 2098 by T4, model 7 by T4): match"), r.out());
    assertTrue(
        text("h_locked_exit.strace")
            .contains("2097  rt_sigprocmask(SIG_SETMASK, ~[], [], 8) = 0\n2096  +++ exited"));
    Run out = cli("run", "go/h_locked_exit", "--format", "output");
    assertEquals(0, out.status(), out.err());
    assertEquals(text("h_locked_exit.out"), out.out());
  }

  @Test
  @DisplayName("i_set_max_threads: %setmaxthreads prints SetMaxThreads' return, the previous limit")
  void setMaxThreadsReturnsThePreviousLimitAsTheRealProgramPrints() throws Exception {
    Run out = cli("run", "go/i_set_max_threads", "--format", "output");
    assertEquals(0, out.status(), out.err());
    assertEquals(text("i_set_max_threads.out"), out.out());
    // one write(2) per Printf, as the real program's
    List<String> real =
        text("i_set_max_threads.write.strace")
            .lines()
            .filter(l -> l.contains("write(1,"))
            .map(l -> l.substring(l.indexOf("write(")))
            .toList();
    Run trace = cli("run", "go/i_set_max_threads");
    List<String> model =
        trace
            .out()
            .lines()
            .filter(l -> l.contains("write(1,"))
            .map(l -> l.substring(l.indexOf("write(")))
            .toList();
    assertEquals(real, model);
  }

  /** The calls of a strace-format run, each as {tid, text}, in the order they returned. */
  private static List<String[]> calls(String trace) {
    List<String[]> out = new ArrayList<>();
    for (String line : trace.split("\n")) {
      String[] f = line.trim().split("\\s+", 2);
      if (f.length == 2) {
        out.add(f);
      }
    }
    return out;
  }

  private static int indexOf(List<String[]> calls, String text) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i)[1].equals(text)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  @DisplayName(
      "j_pipe_read: each reader blocks in read(2) on its own thread until main's write(2) of its"
          + " pipe, with the capture's pipe2, read and write lines")
  void pipeReadersBlockUntilTheWrite() throws Exception {
    String real = text("j_pipe_read.strace");
    for (String call :
        List.of(
            "pipe2([3, 4], 0)                  = 0",
            "pipe2([5, 6], 0)                  = 0",
            "read(3,  <unfinished ...>",
            "read(5,  <unfinished ...>",
            "write(4, \"\\1\", 1 <unfinished ...>",
            "write(6, \"\\1\", 1 <unfinished ...>",
            "<... read resumed>\"\\1\", 1)        = 1")) {
      assertTrue(real.contains(call), call);
    }
    Run r = cli("run", "go/j_pipe_read");
    assertEquals(0, r.status(), r.err());
    List<String[]> calls = calls(r.out());
    int pipe0 = indexOf(calls, "pipe2([3, 4], 0) = 0");
    int pipe1 = indexOf(calls, "pipe2([5, 6], 0) = 0");
    int write0 = indexOf(calls, "write(4, \"\\1\", 1) = 1");
    int write1 = indexOf(calls, "write(6, \"\\1\", 1) = 1");
    int read0 = indexOf(calls, "read(3, \"\\1\", 1) = 1");
    int read1 = indexOf(calls, "read(5, \"\\1\", 1) = 1");
    assertTrue(pipe0 >= 0 && pipe1 > pipe0 && write0 > pipe1 && write1 > write0, r.out());
    // a read returns only after the write of its pipe, and the second write waits for the first
    // reader (main receives from it in between)
    assertTrue(read0 > write0 && read0 < write1 && read1 > write1, r.out());
    // main writes from another thread than the reader it releases (the reader's M is blocked in
    // the kernel); the real main stays on one M for both writes, the model's moves to the first
    // reader's M after its receive (see the capture's README)
    assertTrue(!calls.get(read0)[0].equals(calls.get(write0)[0]), r.out());
    assertTrue(!calls.get(read1)[0].equals(calls.get(write1)[0]), r.out());
    assertTrue(!calls.get(read0)[0].equals(calls.get(read1)[0]), "each reader on its own thread");
    assertEquals(calls.get(pipe0)[0], calls.get(pipe1)[0]);
    Run out = cli("run", "go/j_pipe_read", "--format", "output");
    assertEquals(text("j_pipe_read.out"), out.out());
  }

  @Test
  @DisplayName(
      "k_unbuffered: a send on an unbuffered channel parks until the receive; the program's four"
          + " writes come in the real order")
  void anUnbufferedSendParksUntilTheReceive() throws Exception {
    Run out = cli("run", "go/k_unbuffered", "--format", "output");
    assertEquals(0, out.status(), out.err());
    assertEquals(text("k_unbuffered.out"), out.out());
    List<String> real = new ArrayList<>();
    for (String[] c : calls(text("k_unbuffered.write.strace"))) {
      if (c[1].startsWith("write(1, ")) {
        real.add(c[1].replaceAll("\\)\\s+= ", ") = "));
      }
    }
    List<String> model = new ArrayList<>();
    for (String[] c : calls(cli("run", "go/k_unbuffered").out())) {
      if (c[1].startsWith("write(1, ")) {
        model.add(c[1]);
      }
    }
    assertEquals(4, real.size());
    assertEquals(real, model);
  }

  @Test
  @DisplayName("a built-in without GODEBUG writes nothing to stderr; g_gfree's traces go there")
  void onlyGodebugTracesGoToStderr() {
    Run r = cli("run", "go/f_goid_batches", "--format", "output");
    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err());
    Run g = cli("run", "go/g_gfree", "--format", "output");
    assertEquals(0, g.status(), g.err());
    assertTrue(g.err().startsWith("SCHED 0ms: gomaxprocs=4 "), g.err());
    assertTrue(g.out().startsWith("all 1000 goroutines exited"), g.out());
  }

  @Test
  void aGodebugKeyTheModelDoesNotFollowIsRefused() throws IOException {
    Path f = java.nio.file.Files.createTempFile("gctrace", ".scn");
    java.nio.file.Files.writeString(
        f, "runtime go\nset GODEBUG gctrace=1\nprogram main\n  print hi\nend\n");
    Run r = cli("run", f.toString(), "--format", "output");
    java.nio.file.Files.delete(f);
    assertEquals(Main.EXIT_USAGE, r.status());
    assertTrue(
        r.err().contains("GODEBUG gctrace=1 is a real setting the model does not follow"), r.err());
  }

  @Test
  void anUnknownParameterIsRefusedWithTheDeclaredOnes() {
    Run r = cli("run", "go/b_syscalls", "--param", "m=3");
    assertEquals(Main.EXIT_USAGE, r.status());
    assertTrue(r.err().contains("no parameter named 'm'"), r.err());
    assertTrue(r.err().contains("n=16"), r.err());
  }

  @Test
  void censusFormatIsRefusedForAGlibcScenario() {
    Run r = cli("run", "glibc/s1_seq", "--format", "census");
    assertEquals(Main.EXIT_USAGE, r.status());
    assertTrue(r.err().contains("unknown --format census"), r.err());
  }
}
