package io.github.clonepath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpExitsZeroAndNamesTheCommand() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("Usage: clonepath"), out.toString());
  }

  @Test
  void versionExitsZero() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("clonepath "), out.toString());
  }

  @Test
  void unknownOptionIsUsageErrorWithOneLineHint() {
    assertEquals(2, run("--no-such-option"));
    String e = err.toString().strip();
    assertEquals(1, e.lines().count(), e);
    assertTrue(e.contains("--help"), e);
  }

  @Test
  void noCommandIsUsageError() {
    assertEquals(2, run());
  }
}
