package io.github.clonepath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.lab.scenario.GoRunner;
import io.github.clonepath.lab.scenario.ScenarioException;
import io.github.clonepath.lab.scenario.ScenarioParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cgo built-ins go/d_cgo and go/a_hello_cgo through {@code run} and {@code compare}, against
 * the Go 1.19 captures d_cgo.strace and a_hello_cgo.strace, d_cgo.out, the a_hello_cgo census and
 * FINDINGS §5 (copied under src/test/resources/reference/go-1.19).
 */
class GoCgoScenariosTest {
  private static GoScenariosTest.Run cli(String... args) {
    return GoScenariosTest.cli(args);
  }

  private static Path reference(String name) throws URISyntaxException {
    return GoScenariosTest.reference(name);
  }

  private static String text(String name) throws IOException {
    return GoScenariosTest.text(name);
  }

  private static GoScenariosTest.Run compareWith(String scenario, String capture)
      throws IOException {
    Path p = Files.createTempFile("capture", ".strace");
    Files.writeString(p, capture);
    try {
      return cli("compare", scenario, p.toString());
    } finally {
      Files.delete(p);
    }
  }

  private static int count(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName(
      "compare exits 0: the start-up less the loader and every cgo birth equal the capture")
  @ValueSource(strings = {"d_cgo", "a_hello_cgo"})
  void cgoThreadBirthsMatchTheRealCapture(String name) throws URISyntaxException {
    GoScenariosTest.Run r = cli("compare", "go/" + name, reference(name + ".strace").toString());
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("T1 start-up"), r.out());
    // FINDINGS §5: the first pthread_create is 8 creator calls (glibc's late_init SIG_UNBLOCK),
    // every later one 7; the child: start_thread's restore, its malloc heap (new_heap's line and
    // the mprotect), four minit calls
    assertTrue(r.out().contains("T2 birth (real"), r.out());
    assertTrue(r.out().matches("(?s).*T2 birth [^\n]*: match, 15 calls\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*T3 birth [^\n]*: match, 14 calls\n.*"), r.out());
    assertTrue(r.out().endsWith("all threads match\n"), r.out());
  }

  @Test
  void dCgoMakesTheCapturesSevenClone3AndEveryBirthIsComparedInFull() throws Exception {
    String capture = text("d_cgo.strace");
    Matcher clones = Pattern.compile("clone3 calls: (\\d+)").matcher(text("d_cgo.out"));
    assertTrue(clones.find());
    int real = Integer.parseInt(clones.group(1));
    assertEquals(real, count(capture, "clone3({"), "the saved capture is the counted run");
    GoScenariosTest.Run r = cli("compare", "go/d_cgo", reference("d_cgo.strace").toString());
    assertTrue(r.out().contains("threads created: real " + real + ", model " + real), r.out());
    assertEquals(real - 1, count(r.out(), ": match, 14 calls\n"), r.out());
  }

  @Test
  void aHelloCgoThreadCountIsOneTheCensusSawAndTheExtraCaptureBirthStandsOnT3() throws Exception {
    GoScenariosTest.Run r =
        cli("compare", "go/a_hello_cgo", reference("a_hello_cgo.strace").toString());
    Matcher m = Pattern.compile("threads created: real (\\d+), model (\\d+)").matcher(r.out());
    assertTrue(m.find(), r.out());
    assertEquals(5, Integer.parseInt(m.group(1)), "the saved capture's clone3 count");
    String census = text("a_hello_cgo.census.txt");
    assertTrue(
        census.contains(m.group(2) + " clones x"), "the census saw the model's count: " + census);
    assertTrue(r.out().contains("capture only; compared with the model's T3"), r.out());
  }

  @Test
  void theCallTreeOfACgoRunNamesThreadentryWithItsSource() {
    GoScenariosTest.Run r = cli("run", "go/d_cgo", "--format", "calls");
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("runtime/cgo/gcc_linux_amd64.c threadentry (go1.19)"), r.out());
  }

  @Test
  void aChangedPthreadStackSizeInTheCaptureMakesCompareFail() throws Exception {
    GoScenariosTest.Run r =
        compareWith(
            "go/d_cgo", text("d_cgo.strace").replaceFirst("stack_size=0x7fff80", "stack_size=0x1"));
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().contains("DIFFERS at call 6"), "the clone3 after 5 creator calls");
  }

  @Test
  void aChangedChildMinitCallInTheCaptureMakesCompareFail() throws Exception {
    GoScenariosTest.Run r =
        compareWith(
            "go/a_hello_cgo",
            text("a_hello_cgo.strace").replace("ss_size=32768}", "ss_size=16384}"));
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().contains("DIFFERS"), r.out());
  }

  @Test
  void dCgoHasTheRealThreadCountsWhileFourGoroutinesSitInC() throws IOException {
    GoScenariosTest.Run r = cli("run", "go/d_cgo", "--format", "output");
    assertEquals(0, r.status(), r.err());
    String real = text("d_cgo.out");
    Matcher m = Pattern.compile("while 4 goroutines sit in C: os_threads=(\\d+)").matcher(real);
    assertTrue(m.find(), real);
    assertTrue(r.out().contains(m.group()), r.out());
  }

  @Test
  void aHelloCgoPrintsHelloOneAndExitsZero() throws IOException {
    GoScenariosTest.Run r = cli("run", "go/a_hello_cgo", "--format", "output");
    assertEquals(0, r.status(), r.err());
    String real = text("a_hello_cgo.out");
    assertEquals(real.substring(0, real.indexOf('\n') + 1), r.out(), "the real program's line");
  }

  @Test
  void cgoCallInABinaryWithoutCgoIsRefused() {
    String text =
        "scenario t\nruntime go\nprogram main\n  go c\nend\nprogram c\n  cgo-call 1ms\nend\n";
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> new GoRunner(ScenarioParser.parse(text, "t")));
    assertTrue(e.getMessage().contains("set go.cgo 1"), e.getMessage());
  }
}
