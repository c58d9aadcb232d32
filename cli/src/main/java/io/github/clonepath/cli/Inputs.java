package io.github.clonepath.cli;

import io.github.clonepath.lab.compare.StraceParser;
import io.github.clonepath.lab.compare.TraceLine;
import io.github.clonepath.lab.scenario.Scenario;
import io.github.clonepath.lab.scenario.ScenarioParser;
import io.github.clonepath.lab.scenario.Scenarios;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The file arguments of the commands: {@code -} is standard input, anything else a path; an input
 * that cannot be read is {@link Main.BadInput} (exit status 2) naming it.
 */
final class Inputs {
  /** The argument that names standard input. */
  static final String STDIN = "-";

  private Inputs() {}

  /**
   * The text of a file argument.
   *
   * @param arg {@code -} or a path
   * @param stdin standard input
   * @return the whole text
   * @throws Main.BadInput if the file is missing, a directory or unreadable
   */
  static String read(String arg, InputStream stdin) {
    try {
      if (arg.equals(STDIN)) {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      }
      Path p = existingFile(arg);
      // strace writes ASCII (it escapes every other byte), so bytes that are not UTF-8 only
      // turn into U+FFFD: a binary file then has no strace lines, which the caller reports
      return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException | java.nio.file.InvalidPathException e) {
      throw cannotRead(arg, e);
    }
  }

  /** The file an argument names, refused when it is a directory or missing. */
  private static Path existingFile(String arg) {
    Path p = Path.of(arg);
    if (Files.isDirectory(p)) {
      throw new Main.BadInput(arg + ": is a directory");
    }
    if (!Files.exists(p)) {
      throw new Main.BadInput(arg + ": cannot read: no such file");
    }
    return p;
  }

  /**
   * What a failed read says: what went wrong (permission denied, a name that is no path, an
   * input/output error) and what to give instead.
   */
  private static Main.BadInput cannotRead(String arg, Exception e) {
    if (arg.equals(STDIN)) {
      return new Main.BadInput(
          "standard input: cannot read: it closed with an error; give the file's path instead");
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return new Main.BadInput(arg + ": cannot read: permission denied");
    }
    if (e instanceof java.nio.file.InvalidPathException) {
      return new Main.BadInput(arg + ": cannot read: not a valid path; give a file's path or -");
    }
    return new Main.BadInput(
        arg + ": cannot read: an input/output error; give a readable file, or -");
  }

  /**
   * A trace argument's calls, read line by line ({@link StraceParser#parse(BufferedReader,
   * java.util.function.Consumer)}): the text is never held whole.
   *
   * @param arg {@code -} or a path
   * @param stdin standard input
   * @return the calls in file order
   * @throws Main.BadInput if the file is missing, a directory or unreadable
   */
  static List<TraceLine> traceLines(String arg, InputStream stdin) {
    List<TraceLine> out = new ArrayList<>();
    try {
      if (arg.equals(STDIN)) {
        StraceParser.parse(
            new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), out::add);
        return out;
      }
      Path p = existingFile(arg);
      // strace writes ASCII (it escapes every other byte), so bytes that are not UTF-8 only
      // turn into U+FFFD: a binary file then has no strace lines, which the caller reports
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(Files.newInputStream(p), StandardCharsets.UTF_8))) {
        StraceParser.parse(in, out::add);
      }
      return out;
    } catch (IOException | java.io.UncheckedIOException | java.nio.file.InvalidPathException e) {
      throw cannotRead(arg, e);
    }
  }

  /**
   * A scenario argument: a built-in name, {@code -} for a scenario on standard input, or a file.
   *
   * @param arg the argument
   * @param params values for its parameters
   * @param stdin standard input
   * @return the parsed scenario
   * @throws Main.BadInput if it names no built-in and no readable file
   */
  static Scenario scenario(String arg, Map<String, String> params, InputStream stdin) {
    if (arg.equals(STDIN)) {
      byte[] bytes;
      try {
        bytes = stdin.readAllBytes();
      } catch (IOException e) {
        throw cannotRead(STDIN, e);
      }
      return ScenarioParser.parse(Scenarios.text(bytes, "<stdin>"), "stdin", params, "<stdin>");
    }
    if (Scenarios.builtIns().contains(arg)) {
      return Scenarios.load(arg, params);
    }
    Path p;
    try {
      p = Path.of(arg);
    } catch (java.nio.file.InvalidPathException e) {
      throw new Main.BadInput(arg + ": no built-in scenario or file of that name");
    }
    if (Files.isDirectory(p)) {
      throw new Main.BadInput(arg + ": is a directory, not a scenario file");
    }
    if (!Files.isRegularFile(p)) {
      throw new Main.BadInput(
          arg
              + ": no built-in scenario or file of that name (see 'clonepath list' for the"
              + " built-ins)");
    }
    return Scenarios.load(arg, params);
  }
}
