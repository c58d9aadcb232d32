package io.github.clonepath.lab.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a scenario by built-in name ({@code glibc/s1_seq}) or as a file, and lists the built-ins.
 */
public final class Scenarios {
  private Scenarios() {}

  /**
   * The built-in scenarios' names, in a stable order: the glibc ones, then the Go ones, each sorted
   * by name. They are read from the catalogue {@code scenarios/INDEX} beside the scenario files (a
   * test keeps it equal to the files there).
   *
   * @return the names, such as {@code glibc/s1_seq}
   */
  public static java.util.List<String> builtIns() {
    try (InputStream in = Scenarios.class.getResourceAsStream("/scenarios/INDEX")) {
      if (in == null) {
        throw new IllegalStateException("the scenario catalogue scenarios/INDEX is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Loads a scenario.
   *
   * @param nameOrPath a built-in name or a path to a scenario file
   * @return the parsed scenario
   * @throws ScenarioException if there is no such scenario or its text is wrong
   */
  public static Scenario load(String nameOrPath) {
    return load(nameOrPath, java.util.Map.of());
  }

  /**
   * Loads a scenario with values for its parameters.
   *
   * @param nameOrPath a built-in name or a path to a scenario file
   * @param params values for the parameters it declares ({@code param NAME DEFAULT})
   * @return the parsed scenario
   * @throws ScenarioException if there is no such scenario, its text is wrong, or a value names no
   *     parameter
   */
  public static Scenario load(String nameOrPath, java.util.Map<String, String> params) {
    String resource = "/scenarios/" + nameOrPath + ".scn";
    try (InputStream in = Scenarios.class.getResourceAsStream(resource)) {
      if (in != null) {
        return ScenarioParser.parse(
            new String(in.readAllBytes(), StandardCharsets.UTF_8), nameOrPath, params, nameOrPath);
      }
      Path p = Path.of(nameOrPath);
      if (Files.isDirectory(p)) {
        throw new ScenarioException(0, "is a directory, not a scenario file").in(nameOrPath);
      }
      if (Files.isRegularFile(p)) {
        return ScenarioParser.parse(
            text(Files.readAllBytes(p), nameOrPath),
            p.getFileName().toString(),
            params,
            nameOrPath);
      }
    } catch (IOException | java.nio.file.InvalidPathException e) {
      throw new ScenarioException(0, "cannot read: " + e.getMessage()).in(nameOrPath);
    }
    throw new ScenarioException(
            0,
            "no built-in scenario or file of that name (built-ins: glibc/s1_seq ..., go/a_hello"
                + " ...; 'clonepath list' shows them all)")
        .in(nameOrPath);
  }

  /**
   * A scenario file's bytes as text: UTF-8 without NUL bytes, as a text editor writes it.
   *
   * @param bytes what the file holds
   * @param source the file as the user named it
   * @return the text
   * @throws ScenarioException {@code FILE: not a text scenario file} for anything else (a binary, a
   *     file in another encoding)
   */
  public static String text(byte[] bytes, String source) {
    for (byte b : bytes) {
      if (b == 0) {
        throw notText(source);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw notText(source);
    }
  }

  private static ScenarioException notText(String source) {
    return new ScenarioException(0, "not a text scenario file (it is not UTF-8 text)").in(source);
  }
}
