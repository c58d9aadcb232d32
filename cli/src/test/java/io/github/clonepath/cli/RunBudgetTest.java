package io.github.clonepath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A program that never ends stops at the run's budget with one line saying how to raise it. */
class RunBudgetTest {
  private static final String SPINS_FOREVER =
      String.join(
          "\n",
          "scenario spin",
          "program main",
          "  write before",
          "  wait-ready nobody",
          "end",
          "");

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private String spinFile() throws IOException {
    Path p = dir.resolve("spin.scn");
    Files.writeString(p, SPINS_FOREVER);
    return p.toString();
  }

  @Test
  void aSpinThatNeverEndsStopsAtTheTimeBudget() throws IOException {
    int rc = run("run", spinFile(), "--max-time", "1s");

    String e = err.toString().strip();
    assertEquals(1, rc, e);
    assertEquals(1, e.lines().count(), e);
    assertTrue(e.contains("virtual-time budget of 1s"), e);
    assertTrue(e.endsWith("raise it with --max-time DURATION"), e);
    assertTrue(out.toString().contains("write(1, \"before\\n\", 7) = 7"), "earlier output kept");
  }

  @Test
  void aSpinThatNeverEndsStopsAtTheStepBudget() throws IOException {
    int rc = run("run", spinFile(), "--max-steps", "500");

    String e = err.toString().strip();
    assertEquals(1, rc, e);
    assertEquals(1, e.lines().count(), e);
    assertTrue(e.contains("step budget of 500 steps"), e);
    assertTrue(e.endsWith("raise it with --max-steps N"), e);
  }

  @Test
  void theSpinAlsoStopsUnderTheDefaultBudget() throws IOException {
    // 200 us per spin: an hour of virtual time is 18 million spins, so a smaller step budget
    // is what stops it here; without any budget the run would never end
    int rc = run("run", spinFile(), "--max-steps", "200000");

    assertEquals(1, rc, err.toString());
  }

  @Test
  void aGoLoopThatNeverBlocksStopsAtTheStepBudget() throws IOException {
    // neither an append nor a go statement makes a system call or waits: only the interpreter's
    // own count of steps can stop a billion of them
    for (String step : new String[] {"collect x", "go f"}) {
      err.getBuffer().setLength(0);
      Path p = dir.resolve("loop.scn");
      Files.writeString(
          p,
          String.join(
              "\n",
              "scenario loop",
              "runtime go",
              "program main",
              "  repeat 1000000000",
              "    " + step,
              "  end",
              "end",
              "program f",
              "end",
              ""));
      int rc = run("run", p.toString(), "--max-steps", "5000", "--format", "output");
      String e = err.toString().strip();
      assertEquals(1, rc, step + ": " + e);
      assertEquals(1, e.lines().count(), e);
      assertTrue(e.contains("step budget of 5000 steps (last running: g1)"), e);
    }
  }

  @Test
  void aBadBudgetIsBadUsage() throws IOException {
    String f = spinFile();
    for (String t : new String[] {"abc", "0", "-1s", "9999999999999s", "10m"}) {
      err.getBuffer().setLength(0);
      assertEquals(2, run("run", f, "--max-time", t), t);
      String e = err.toString().strip();
      assertEquals(1, e.lines().count(), e);
      assertTrue(e.contains("--max-time needs a positive duration"), e);
    }
    err.getBuffer().setLength(0);
    assertEquals(2, run("run", f, "--max-steps", "0"));
    assertTrue(err.toString().contains("--max-steps needs a whole number"), err.toString());
  }

  @Test
  void aBuiltInScenarioRunsUnderTheDefaultBudget() {
    assertEquals(0, run("run", "glibc/s7_cache"), err.toString());
  }
}
