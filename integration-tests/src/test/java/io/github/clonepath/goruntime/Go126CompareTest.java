package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The go1.26.8 profile against the real captures of Go 1.26.8 (go-runtime-model's
 * reference/go-1.26, FINDINGS.md): {@code clonepath compare go/NAME CAPTURE --set go.version=1.26.8
 * --set go.heap_base=BASE} exits 0 for the five scenarios, m0's start-up included. BASE is read
 * from each capture: go1.26.8 draws its heap base at random, and the page allocator's commits land
 * at offsets that follow from it, so the run is told that process's base (m0's signal stack, the
 * first stack the heap hands out, minus the 4 pages the model's start-up takes before it).
 */
class Go126CompareTest {
  private static final Path REFERENCE =
      Path.of("..")
          .toAbsolutePath()
          .normalize()
          .resolve("go-runtime-model/src/test/resources/reference/go-1.26");

  private static final Pattern M0_SIGNAL_STACK =
      Pattern.compile("sigaltstack\\(\\{ss_sp=(0x[0-9a-f]+), ss_flags=0, ss_size=32768\\}");

  record Run(int status, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(rc, out.toString(), err.toString());
  }

  private static Path capture(String name) {
    return REFERENCE.resolve("traces/" + name + ".strace");
  }

  /** The capture's heap base, from m0's signal stack (its first 32 KiB sigaltstack). */
  private static String heapBase(String name) throws IOException {
    Matcher m = M0_SIGNAL_STACK.matcher(Files.readString(capture(name)));
    assertTrue(m.find(), name + ": no signal stack in the capture");
    return "0x" + Long.toHexString(Long.decode(m.group(1)) - 4 * 8192);
  }

  private static Run compare(String name, String... settings) {
    List<String> args = new ArrayList<>(List.of("compare", "go/" + name, capture(name).toString()));
    for (String s : settings) {
      args.add("--set");
      args.add(s);
    }
    return cli(args.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"a_hello", "b_syscalls", "c2_locked_spawn", "d_cgo", "a_hello_cgo"})
  void startUpAndEveryBirthMatchTheRealGo126Capture(String name) throws IOException {
    Run r = compare(name, "go.version=1.26.8", "go.heap_base=" + heapBase(name));
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("T1 start-up"), r.out());
    assertTrue(r.out().contains("T2 birth"), r.out());
    assertTrue(r.out().endsWith("all threads match\n"), r.out());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"a_hello", "b_syscalls", "c2_locked_spawn", "d_cgo", "a_hello_cgo"})
  void compareReadsTheCapturedProcesssHeapBaseItself(String name) {
    // the release series names go1.26.8, and compare takes the base the captured process drew
    Run r = compare(name, "go.version=1.26");
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("T1 start-up"), r.out());
    assertTrue(r.out().endsWith("all threads match\n"), r.out());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"a_hello", "b_syscalls", "c2_locked_spawn", "d_cgo", "a_hello_cgo"})
  void withAnotherBaseOnlyAPageAllocatorCommitOfTheStartUpDiffers(String name) {
    // the base the model would take with none drawn: the heap at 0xc000000000
    Run r = compare(name, "go.version=1.26.8", "go.heap_base=0xc000000000");
    assertEquals(1, r.status(), r.out());
    // the one difference: T1's first one-page commit at another offset of its reservation
    assertEquals(1, r.out().split("DIFFERS", -1).length - 1, r.out());
    Matcher m =
        Pattern.compile(
                "T1 start-up [^\n]*DIFFERS at call \\d+\n  real:  mmap\\(R\\d+\\+0x[0-9a-f]+, 4096,")
            .matcher(r.out());
    assertTrue(m.find(), r.out());
  }

  @Test
  void go1210sStartUpDiffersFromTheGo126Capture() throws IOException {
    // go1.21.0 keeps go1.19's mappings: an 8 MiB scavenge index where go1.26.8 reserves 512 MiB
    Run r = compare("a_hello", "go.version=1.21.0");
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().contains("T1 start-up"), r.out());
    assertTrue(r.out().contains("mmap(NULL, 536870912, PROT_NONE"), r.out());
  }

  @Test
  void anotherHeapBaseMovesThePageAllocatorCommits() throws IOException {
    // with the heap at 0xc000000000 instead of the capture's base, the level-1 summary page (and
    // levels 2-4, the scavenge index) is committed at another offset
    Run fixed = compare("a_hello", "go.version=1.26.8", "go.heap_base=0xc000000000");
    assertEquals(1, fixed.status(), fixed.out());
    assertTrue(fixed.out().contains("mmap(R2+0xbe000, 4096"), fixed.out());
    // 512 chunks (2 GiB) on, the leaf level's 8-byte entry and the scavenge index's are a page on
    long base = Long.decode(heapBase("a_hello")) + (2L << 30);
    Run moved = compare("a_hello", "go.version=1.26.8", "go.heap_base=0x" + Long.toHexString(base));
    assertEquals(1, moved.status(), moved.out());
    assertTrue(moved.out().contains("mmap(R5+0x17d79000, 4096"), moved.out());
  }

  @Test
  void aHeapBaseNearItsChunksEndCommitsTheNextChunkAfterSigsave() throws IOException {
    // a_hello_cgo's base lies 494 pages into its chunk: the capture's second 4 MiB commit comes
    // after sigsave, between m0's mask query and the profiling bucket hash
    String trace = Files.readString(capture("a_hello_cgo"));
    int sigsave = trace.indexOf("rt_sigprocmask(SIG_SETMASK, NULL, [], 8)");
    int buckhash = trace.indexOf("mmap(NULL, 1439992,");
    String between = trace.substring(sigsave, buckhash);
    assertTrue(between.contains("4194304, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED"), between);
    Run r = compare("a_hello_cgo", "go.version=1.26.8", "go.heap_base=" + heapBase("a_hello_cgo"));
    assertEquals(0, r.status(), r.out());
  }

  @Test
  void syscallsAtFourPsGiveARealThreadCount() throws IOException {
    // b_thread_counts.txt: n=16 blocked reads at GOMAXPROCS=4, five real runs
    String counts = Files.readString(REFERENCE.resolve("outputs/b_thread_counts.txt"));
    Matcher real = Pattern.compile("(?m)^n=16: ([0-9 ]+)$").matcher(counts);
    assertTrue(real.find(), counts);
    List<Integer> runs = new ArrayList<>();
    for (String n : real.group(1).trim().split("\\s+")) {
      runs.add(Integer.parseInt(n));
    }
    int min = runs.stream().min(Integer::compare).orElseThrow();
    int max = runs.stream().max(Integer::compare).orElseThrow();
    Run r = cli("run", "go/b_syscalls", "--set", "go.version=1.26.8", "--format", "output");
    assertEquals(0, r.status(), r.err());
    Matcher m =
        Pattern.compile("while 16 goroutines block in read\\(2\\): os_threads=(\\d+)")
            .matcher(r.out());
    assertTrue(m.find(), r.out());
    int model = Integer.parseInt(m.group(1));
    assertTrue(model >= min && model <= max, model + " not in the real [" + min + ", " + max + "]");
  }
}
