package io.github.clonepath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's conventions: help, version, listing, standard input, diff's exit codes. */
class ConventionsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String stdin, String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        args);
  }

  /** Every command and subcommand's qualified name below {@code clonepath}. */
  private static List<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    collect(Main.commandLine(), new ArrayList<>(), all);
    return all;
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> all) {
    all.add(List.copyOf(path));
    cl.getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> p = new ArrayList<>(path);
              p.add(name);
              collect(sub, p, all);
            });
  }

  @Test
  void helpWorksOnEveryCommandEvenWithRequiredParameters() {
    assertTrue(commands().size() >= 11, commands().toString());
    for (List<String> c : commands()) {
      for (String flag : List.of("--help", "-h")) {
        List<String> args = new ArrayList<>(c);
        args.add(flag);
        assertEquals(0, run("", args.toArray(String[]::new)), args + ": " + err);
        assertTrue(
            out.toString().contains("Usage: clonepath" + (c.isEmpty() ? "" : " " + c.get(0))),
            args + ": " + out);
      }
    }
  }

  @Test
  void versionWorksOnEveryCommandAndNamesTheModeledReleases() {
    for (List<String> c : commands()) {
      if (c.equals(List.of("help"))) {
        continue; // 'help' takes a command name, not options of its own
      }
      for (String flag : List.of("--version", "-V")) {
        List<String> args = new ArrayList<>(c);
        args.add(flag);
        assertEquals(0, run("", args.toArray(String[]::new)), args + ": " + err);
        String v = out.toString();
        assertTrue(v.startsWith("clonepath "), args + ": " + v);
        assertTrue(v.contains("glibc 2.31, 2.36, 2.41") && v.contains("go1.19"), v);
      }
    }
  }

  @Test
  void theVersionLineTakesTheManifestsVersion() {
    assertEquals("clonepath 1.2.3", VersionProvider.lines("1.2.3")[0]);
  }

  @Test
  void commandListShowsWholeSentences() {
    CommandLine cl = Main.commandLine();
    cl.getCommandSpec().usageMessage().autoWidth(false).width(300);
    StringWriter s = new StringWriter();
    cl.usage(new PrintWriter(s, true));
    String help = s.toString();
    String list = help.substring(help.indexOf("Commands:"));
    for (String name : cl.getSubcommands().keySet()) {
      String row =
          list.lines().filter(l -> l.startsWith("  " + name + " ")).findFirst().orElseThrow();
      assertTrue(row.strip().endsWith("."), "cut mid-sentence: " + row);
    }
  }

  @Test
  void footersAndDescriptionsAreParagraphsPicocliWraps() {
    for (List<String> c : commands()) {
      CommandLine cl = Main.commandLine();
      for (String n : c) {
        cl = cl.getSubcommands().get(n);
      }
      cl.getCommandSpec().usageMessage().autoWidth(false).width(1000);
      StringWriter s = new StringWriter();
      cl.usage(new PrintWriter(s, true));
      for (String line : s.toString().lines().toList()) {
        if (line.isBlank() || line.startsWith(" ") || line.startsWith("Usage:")) {
          continue; // option rows, list rows and the synopsis
        }
        String t = line.strip();
        assertTrue(
            t.endsWith(".") || t.endsWith(":") || t.endsWith(")"),
            c + ": a hand-wrapped line: '" + line + "'");
      }
      cl.getCommandSpec().usageMessage().width(80);
      s = new StringWriter();
      cl.usage(new PrintWriter(s, true));
      boolean inList = false;
      for (String line : s.toString().lines().toList()) {
        if (line.equals("Topics:") || line.equals("Kinds:")) {
          inList = true;
        } else if (line.isBlank()) {
          inList = false;
        } else if (inList) {
          assertTrue(line.startsWith("  "), c + ": a list row back at column 0: '" + line + "'");
        }
      }
    }
  }

  @Test
  void enumValuedOptionsListTheirCandidates() {
    assertEquals(0, run("", "run", "--help"));
    assertTrue(out.toString().contains("strace, calls, perfetto, census, output"), out.toString());
    assertEquals(0, run("", "walk", "--help"));
    assertTrue(out.toString().contains("text, markdown, json, html"), out.toString());
    CommandLine walk = Main.commandLine().getSubcommands().get("walk");
    List<String> topics = new ArrayList<>();
    walk.getCommandSpec().positionalParameters().get(0).completionCandidates().forEach(topics::add);
    assertTrue(topics.contains("newm") && topics.contains("pthread_create"), topics.toString());
  }

  @Test
  void theWalkReleaseIsAnOptionOfItsOwn() {
    assertEquals(0, run("", "walk", "newm", "--release", "go1.19"), err.toString());
    assertTrue(out.toString().contains("go1.19"), out.toString());
    assertEquals(0, run("", "walk", "newm", "--version"));
    assertTrue(out.toString().startsWith("clonepath "), out.toString());
  }

  @Test
  void listPrintsEveryScenarioFileWithItsDescribeLine() throws IOException {
    Path root = Path.of("../lab/src/main/resources/scenarios");
    List<String> expected = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(x -> x.toString().endsWith(".scn")).sorted().toList()) {
        String name = root.relativize(p).toString().replace('\\', '/').replaceAll("\\.scn$", "");
        String describe =
            Files.readAllLines(p).stream()
                .filter(l -> l.startsWith("describe "))
                .findFirst()
                .orElseThrow()
                .substring("describe ".length())
                .strip();
        expected.add(name + " " + describe);
      }
    }
    assertEquals(0, run("", "list"));
    List<String> printed =
        out.toString().lines().map(l -> l.replaceAll("^(\\S+)\\s+", "$1 ")).sorted().toList();
    assertEquals(expected.stream().sorted().toList(), printed);
    assertEquals(37, printed.size());
  }

  @Test
  void dashIsStandardInputForScenariosAndTraces(@TempDir Path dir) throws IOException {
    String scenario =
        Files.readString(Path.of("../lab/src/main/resources/scenarios/glibc/s1_seq.scn"));
    assertEquals(0, run(scenario, "run", "-"), err.toString());
    String fromStdin = out.toString();
    assertEquals(0, run("", "run", "glibc/s1_seq"));
    assertEquals(out.toString(), fromStdin);
    Path trace = Path.of("target/test-classes/reference/glibc-2.36/s1_seq.trace");
    assertEquals(0, run(Files.readString(trace), "compare", "glibc/s1_seq", "-"), out + "" + err);
    assertTrue(out.toString().contains("all threads match"), out.toString());
    assertEquals(2, run("", "compare", "-", "-"));
  }

  @Test
  void compareExitsLikeDiff(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing.trace");
    assertEquals(2, run("", "compare", "glibc/s1_seq", missing.toString()));
    assertTrue(err.toString().contains("missing.trace: cannot read"), err.toString());
    assertEquals(2, run("", "compare", "glibc/s1_seq", dir.toString()));
    assertTrue(err.toString().contains("is a directory"), err.toString());
    Path junk = Files.writeString(dir.resolve("junk.trace"), "not a trace\n");
    Path empty = Files.writeString(dir.resolve("empty.trace"), "");
    Path binary = Files.write(dir.resolve("binary.trace"), new byte[] {0, 1, 2, (byte) 0xff, 10});
    for (Path p : List.of(junk, empty, binary)) {
      err.getBuffer().setLength(0);
      assertEquals(2, run("", "compare", "glibc/s1_seq", p.toString()), p.toString());
      assertEquals("clonepath: " + p + ": no strace lines found", err.toString().strip());
    }
    assertEquals(2, run("", "run", dir.resolve("nope.scn").toString()));
    Path other = Path.of("target/test-classes/reference/glibc-2.36/s2_concurrent.trace");
    assertEquals(1, run("", "compare", "glibc/s1_seq", other.toString()));
    assertTrue(out.toString().contains("traces differ"), out.toString());
  }
}
