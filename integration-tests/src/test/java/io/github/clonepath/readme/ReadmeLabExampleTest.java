package io.github.clonepath.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's lab example, taken from the block after {@code <!-- example: scenario-compare -->},
 * compiles and runs as a user's program would: in its own JVM, with only the modules the lab
 * requires on its path (so no PlantUML, picocli or command line), once on the class path and once
 * as a JPMS module that {@code requires io.github.clonepath.lab}. Its verdict on the real capture
 * of s1_seq, and on that capture with one call changed, is checked against what the capture itself
 * shows.
 */
class ReadmeLabExampleTest {
  private static final String MARKER = "<!-- example: scenario-compare -->";
  private static final Path CAPTURE =
      Path.of("..", "lab", "src", "test", "resources", "reference", "glibc-2.36", "s1_seq.trace");

  /**
   * The capture's threads, read off the file: main (2875) makes 2876, 2877 and 2878 in turn. Main's
   * 15 calls after its first write: the first create's unblock, the stack's mmap and mprotect, then
   * per create the block, clone3 and restore, and per join one futex; each child's 6: rseq,
   * set_robust_list, its mask, the exit path's block, madvise of the stack, exit.
   */
  private static final String ALL_MATCH =
      "T1 \\(real 2875, model \\d+\\): match, 15 calls\n"
          + "T2 \\(real 2876, model \\d+\\): match, 6 calls\n"
          + "T3 \\(real 2877, model \\d+\\): match, 6 calls\n"
          + "T4 \\(real 2878, model \\d+\\): match, 6 calls\n"
          + "all threads match\n";

  @TempDir Path dir;

  private static String block() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m =
        Pattern.compile(Pattern.quote(MARKER) + "\\n```java\\n(.*?)```", Pattern.DOTALL)
            .matcher(readme);
    assertTrue(m.find(), "README.md has a java block right after " + MARKER);
    return m.group(1);
  }

  private static String className(String source) {
    Matcher m = Pattern.compile("public class (\\w+)").matcher(source);
    assertTrue(m.find(), "the example is a public class:\n" + source);
    return m.group(1);
  }

  /**
   * An entry of this test's class path as a module: a jar (a plain one is an automatic module, so a
   * requirement on PlantUML or picocli would resolve and be seen), or a directory of classes with a
   * module-info.
   */
  private static Optional<ModuleReference> module(String entry) {
    Path p = Path.of(entry);
    boolean candidate =
        entry.endsWith(".jar") || Files.isRegularFile(p.resolve("module-info.class"));
    if (!candidate) {
      return Optional.empty();
    }
    try {
      return ModuleFinder.of(p).findAll().stream().findFirst();
    } catch (FindException e) {
      return Optional.empty();
    }
  }

  /**
   * The modules the lab needs at run time, resolved from its module-info and theirs (requires
   * static left out, as the JVM leaves them out): what a user's program has on its path.
   */
  private static List<Path> labModulePath() {
    List<Path> modules = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      module(entry).ifPresent(r -> modules.add(Path.of(r.location().orElseThrow())));
    }
    Configuration cf =
        ModuleLayer.boot()
            .configuration()
            .resolve(
                ModuleFinder.of(modules.toArray(new Path[0])),
                ModuleFinder.of(),
                Set.of("io.github.clonepath.lab"));
    return cf.modules().stream()
        .map(ResolvedModule::reference)
        .map(r -> Path.of(r.location().orElseThrow()))
        .sorted()
        .toList();
  }

  private static List<String> moduleNames(List<Path> path) {
    return ModuleFinder.of(path.toArray(new Path[0])).findAll().stream()
        .map(ModuleReference::descriptor)
        .map(ModuleDescriptor::name)
        .sorted()
        .toList();
  }

  private static String join(List<Path> path) {
    return path.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  private static void compile(Path out, List<String> options, List<Path> sources) {
    List<String> args = new ArrayList<>(List.of("-d", out.toString()));
    args.addAll(options);
    sources.forEach(s -> args.add(s.toString()));
    ByteArrayOutputStream diag = new ByteArrayOutputStream();
    int status =
        ToolProvider.getSystemJavaCompiler().run(null, diag, diag, args.toArray(new String[0]));
    assertEquals(0, status, diag.toString(StandardCharsets.UTF_8));
  }

  private record Ran(int status, String out) {}

  /** Runs a program in a JVM of its own, as a user would run it. */
  private static Ran java(List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the example did not end");
    return new Ran(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private Path changedCapture() throws IOException {
    String real = Files.readString(CAPTURE);
    String line = "2877  05:18:17.605835 madvise(0x7efe17e4f000, 8368128, MADV_DONTNEED) = 0";
    assertTrue(real.contains(line), "the capture has T3's madvise");
    Path changed = dir.resolve("s1_seq-changed.trace");
    Files.writeString(changed, real.replace(line, line.replace("8368128", "8368127")));
    return changed;
  }

  @Test
  void theLabNeedsNoPlantUmlPicocliOrCommandLine() {
    List<Path> path = labModulePath();
    assertEquals(
        List.of(
            "com.google.common",
            "com.google.common.util.concurrent.internal",
            "io.github.clonepath.common",
            "io.github.clonepath.glibc",
            "io.github.clonepath.goruntime",
            "io.github.clonepath.kernel",
            "io.github.clonepath.lab"),
        moduleNames(path),
        path.toString());
    // the check sees them when they are there: this test's own class path has both
    String classPath = System.getProperty("java.class.path");
    assertTrue(classPath.contains("plantuml") && classPath.contains("picocli"), classPath);
    for (Path p : path) {
      String name = p.toString();
      assertFalse(name.contains("plantuml") || name.contains("picocli"), name);
      assertFalse(name.contains(Path.of("cli", "target").toString()), name);
    }
  }

  @Test
  void theExampleOnTheClassPathPrintsTheVerdictAndExitsZeroOnlyWhenEveryThreadMatches()
      throws Exception {
    String source = block();
    String name = className(source);
    Path src = dir.resolve("src");
    Files.createDirectories(src);
    Files.writeString(src.resolve(name + ".java"), source);
    Path out = dir.resolve("out");
    String libs = join(labModulePath());
    compile(out, List.of("-cp", libs), List.of(src.resolve(name + ".java")));
    String cp = out + File.pathSeparator + libs;

    Ran same = java(List.of("-cp", cp, name, CAPTURE.toString()));
    assertEquals(0, same.status(), same.out());
    assertTrue(same.out().matches(ALL_MATCH), same.out());

    Ran changed = java(List.of("-cp", cp, name, changedCapture().toString()));
    assertEquals(1, changed.status(), changed.out());
    assertTrue(
        changed.out().contains("T3 (real 2877, model ")
            && changed.out().matches("(?s).*T3 \\(real 2877, model \\d+\\): DIFFERS at call 5\n.*"),
        changed.out());
    assertTrue(changed.out().contains("  real:  madvise("), changed.out());
    assertTrue(changed.out().endsWith("traces differ\nfirst difference: T3\n"), changed.out());
    for (String t : List.of("T1 (real 2875", "T2 (real 2876", "T4 (real 2878")) {
      assertTrue(changed.out().matches("(?s).*" + Pattern.quote(t) + "[^\n]*: match.*"), t);
    }
  }

  @Test
  void theExampleRunsAsAModuleThatRequiresTheLab() throws Exception {
    String source = block();
    String name = className(source);
    Path src = dir.resolve("msrc");
    Files.createDirectories(src.resolve("example"));
    Files.writeString(
        src.resolve("module-info.java"), "module example { requires io.github.clonepath.lab; }\n");
    Files.writeString(
        src.resolve("example").resolve(name + ".java"), "package example;\n" + source);
    Path out = dir.resolve("mout");
    String libs = join(labModulePath());
    List<Path> sources;
    try (Stream<Path> s = Files.walk(src)) {
      sources = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    compile(out, List.of("--module-path", libs), sources);

    Ran ran =
        java(
            List.of(
                "--module-path",
                out + File.pathSeparator + libs,
                "-m",
                "example/example." + name,
                CAPTURE.toString()));
    assertEquals(0, ran.status(), ran.out());
    assertTrue(ran.out().matches(ALL_MATCH), ran.out());
  }
}
