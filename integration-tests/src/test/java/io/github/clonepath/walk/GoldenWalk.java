package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Golden files of walkthroughs: the reviewed text output of {@code clonepath walk ...}, kept under
 * {@code src/test/resources/golden/}.
 *
 * <p>A golden file is created by running the walk with {@code -Dgolden.update=true} (which writes
 * it into the source tree) and then reviewing it line by line against the real source order; the
 * test beside it then states which real function each call line stands for. A mismatch also writes
 * the actual output to {@code target/golden-actual/} for a diff.
 */
final class GoldenWalk {
  /** A call line: the function (maybe {@code ×N}), then {@code file[:line] (version)}. */
  private static final Pattern CALL_LINE =
      Pattern.compile("\\s*(\\S+)(?: ×\\d+)?\\s+[^\\s(]+ \\([^)]+\\)(?:  — .*)?");

  private GoldenWalk() {}

  /**
   * Runs the command line and returns its standard output.
   *
   * @param args for example {@code walk newm}
   * @return what it printed; fails if it did not exit 0
   */
  static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertEquals(0, status, "clonepath " + String.join(" ", args) + " failed: " + err);
    return out.toString();
  }

  /**
   * Checks a walk's output against its golden file.
   *
   * @param name the file's name under {@code golden/}, such as {@code walk-newm.txt}
   * @param actual the output
   */
  static void assertMatches(String name, String actual) {
    if (Boolean.getBoolean("golden.update")) {
      write(Path.of("src/test/resources/golden", name), actual);
      return;
    }
    String expected = read(name);
    if (!expected.equals(actual)) {
      write(Path.of("target/golden-actual", name), actual);
    }
    assertEquals(expected, actual, "golden/" + name + " (actual output in target/golden-actual)");
  }

  /**
   * Asserts that a walk cites each function at the given line of one release, and that no step
   * falls back to another release's reference.
   *
   * @param walk the walk's text
   * @param release for example {@code go1.26.8}
   * @param others releases that must not appear
   * @param expected {@code "name file:line"} entries
   */
  static void assertCites(String walk, String release, List<String> others, String... expected) {
    String squeezed = walk.replaceAll(" {2,}", " ");
    for (String e : expected) {
      assertTrue(squeezed.contains(e + " (" + release + ")"), e + "\n" + walk);
    }
    for (String o : others) {
      assertFalse(walk.contains("(" + o + ")"), o + "\n" + walk);
    }
  }

  /**
   * The function column of each call line of a text walk, in order: what each line stands for.
   *
   * @param text a text walk
   * @return the function of every line that has a source reference, once per line
   */
  static List<String> callLines(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      Matcher m = CALL_LINE.matcher(line);
      if (m.matches()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static String read(String name) {
    try (InputStream in = GoldenWalk.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "no golden/" + name + "; create it with -Dgolden.update=true and review it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path path, String text) {
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
