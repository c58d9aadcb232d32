package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The go1.27.3 profile against real captures of Go 1.27.3 (go-runtime-model's reference/go-1.27,
 * FINDINGS.md): {@code clonepath compare go/NAME CAPTURE --set go.version=1.27} exits 0, m0's
 * start-up (at the heap base compare reads off the capture) and every birth included. go1.27.3
 * keeps go1.26.8's paths where the model follows them, so the captures match the go1.26.8 profile
 * too; a profile that did not draw its heap base, go1.21.0's, does not match m0's start-up.
 */
class Go127CompareTest {
  private static final Path REFERENCE =
      Path.of("..")
          .toAbsolutePath()
          .normalize()
          .resolve("go-runtime-model/src/test/resources/reference/go-1.27");

  private static int compare(StringWriter out, String name, String version) {
    return Main.run(
        new PrintWriter(out, true),
        new PrintWriter(new StringWriter(), true),
        "compare",
        "go/" + name,
        REFERENCE.resolve("traces/" + name + ".strace").toString(),
        "--set",
        "go.version=" + version);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "a_hello",
        "a_hello_cgo",
        "b_syscalls",
        "c2_locked_spawn",
        "c_lockosthread",
        "d_cgo"
      })
  void startUpAndEveryBirthMatchTheRealGo127Capture(String name) {
    for (String version : new String[] {"1.27", "go1.27.3", "1.26"}) {
      StringWriter out = new StringWriter();
      assertEquals(0, compare(out, name, version), version + "\n" + out);
      assertTrue(out.toString().contains("T1 start-up"), out.toString());
      assertTrue(out.toString().contains("T2 birth"), out.toString());
      assertTrue(out.toString().endsWith("all threads match\n"), out.toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"a_hello", "b_syscalls"})
  void go1210sStartUpDoesNotMatch(String name) {
    StringWriter out = new StringWriter();
    assertEquals(1, compare(out, name, "1.21.0"), out.toString());
    assertTrue(out.toString().contains("T1 start-up"), out.toString());
    assertTrue(out.toString().contains("DIFFERS"), out.toString());
  }

  @Test
  void schedtraceSummariesMatchTheRealGo127RunFrom100Ms() throws IOException {
    // go1.26.8's text, which go1.27.3 keeps; times and per-P ticks are the schedule's, as at 1.26
    List<String> real =
        Go126SchedtraceTest.summaries(
            Files.readString(REFERENCE.resolve("outputs/b_syscalls.schedtrace.txt")));
    Go126CompareTest.Run r =
        Go126CompareTest.cli(
            "run",
            "go/b_syscalls",
            "--set",
            "go.version=1.27",
            "--param",
            "schedtrace=100",
            "--format",
            "output");
    assertEquals(0, r.status(), r.err());
    List<String> model = Go126SchedtraceTest.summaries(r.err());
    assertTrue(model.size() >= real.size(), r.err());
    for (int i = 1; i < real.size(); i++) {
      assertEquals(real.get(i), model.get(i), r.err());
    }
    assertTrue(
        real.get(3).contains(" threads=19 spinningthreads=0 needspinning=0 idlethreads=17 "));
  }
}
