package io.github.clonepath.lab.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code explore --set KEY=VALUE} overrides a scenario setting, and a bad one is one line. */
class ExploreSetTest {
  /** One command's exit code and output. */
  record Ran(int rc, String out, String err) {}

  /** Runs {@code explore} with these arguments (shared with the other explore option tests). */
  static Ran explore(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "explore";
    System.arraycopy(args, 0, all, 1, args.length);
    int rc = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    return new Ran(rc, out.toString(), err.toString());
  }

  @Test
  @DisplayName("--set go.version=1.26 reaches every explored run: two more mmaps than 1.19")
  void settingReachesTheRuns() {
    Ran old = explore("go/a_hello", "--runs", "3", "--format", "json");
    Ran now = explore("go/a_hello", "--runs", "3", "--format", "json", "--set", "go.version=1.26");
    assertEquals(0, old.rc(), old.err());
    assertEquals(0, now.rc(), now.err());
    // go1.26.8 maps twice more than go1.19 on the way to main, as the real a_hello captures do
    assertTrue(
        old.out().contains("\"mmaps\": 20,") && !old.out().contains("\"mmaps\": 22,"), old.out());
    assertTrue(
        now.out().contains("\"mmaps\": 22,") && !now.out().contains("\"mmaps\": 20,"), now.out());
  }

  @Test
  @DisplayName("an unknown release given with --set is refused in one line, exit 2, before any run")
  void badSettingIsOneLine() {
    Ran r = explore("glibc/s1_seq", "--set", "glibc.version=9.9");
    assertEquals(2, r.rc(), r.out() + r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertTrue(r.err().contains("9.9"), r.err());
  }
}
