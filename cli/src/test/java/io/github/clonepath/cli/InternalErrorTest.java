package io.github.clonepath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A defect of the program reaches the user as one line asking for a report, never as Java text; the
 * stack trace comes only with {@code --debug}. A refusal the program raises on purpose keeps its
 * own message.
 */
class InternalErrorTest {
  private final StringWriter err = new StringWriter();

  /** A command with a defect: it dereferences null. */
  @Command(name = "defect")
  static final class Defect implements Callable<Integer> {
    @Override
    public Integer call() {
      String missing = List.<String>of().stream().findFirst().orElse(null);
      return missing.length();
    }
  }

  /** A command that refuses a number as an unguarded parse would. */
  @Command(name = "parse")
  static final class Parse implements Callable<Integer> {
    @Override
    public Integer call() {
      return Integer.parseInt("abc");
    }
  }

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.addSubcommand(new Defect()).addSubcommand(new Parse());
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void aDefectIsOneLineAskingForAReport() {
    assertEquals(Main.EXIT_MODEL_ERROR, run("defect"));
    assertEquals(
        List.of(
            "clonepath: internal error (NullPointerException); please report it with the command"
                + " line that caused it (--debug prints the Java stack trace)"),
        err.toString()
            .lines()
            .map(l -> l.replaceAll(" \\(NullPointerException: .*?\\);", " (NullPointerException);"))
            .toList());
  }

  @Test
  void debugAddsTheStackTrace() {
    assertEquals(Main.EXIT_MODEL_ERROR, run("defect", "--debug"));
    List<String> lines = err.toString().lines().toList();
    assertTrue(
        lines.get(0).startsWith("clonepath: internal error (NullPointerException"), lines.get(0));
    assertFalse(lines.get(0).contains("--debug"), lines.get(0));
    assertTrue(lines.size() > 3, err.toString());
    assertTrue(lines.get(1).startsWith("java.lang.NullPointerException"), lines.get(1));
  }

  @Test
  void aNumberFormatMessageIsADefectNotAnAnswer() {
    assertEquals(Main.EXIT_MODEL_ERROR, run("parse"));
    assertTrue(
        err.toString().startsWith("clonepath: internal error (NumberFormatException: For input"),
        err.toString());
  }

  @Test
  void aRefusalKeepsItsOwnMessage() {
    assertTrue(Main.said(new IllegalArgumentException("GOMAXPROCS must be within [1, 1024]: 0")));
    assertFalse(Main.said(new IllegalStateException("x")));
    assertFalse(Main.said(new NumberFormatException("For input string: \"abc\"")));
  }
}
