package io.github.clonepath.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source tree follows the real files, for a reader who keeps the real kernel, glibc and Go
 * sources open beside it: each main file of a model module mirrors one real file or a coherent part
 * of one (at most {@value #MAX_LINES} lines, its {@code @Source} annotations citing at most {@value
 * #MAX_CITED_FILES} distinct real files); every main package opens with a {@code package-info.java}
 * tour; a model's methods return their errors instead of writing them into a {@code long[]}
 * argument; and no comment anywhere cites a project file the repository lacks.
 */
class SourceTreeTest {
  static final int MAX_LINES = 700;
  static final int MAX_CITED_FILES = 4;
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final List<String> MODELS = List.of("kernel-model", "glibc-model", "go-runtime-model");

  private static final Pattern SOURCE_FILE =
      Pattern.compile("@Source\\(\\s*file\\s*=\\s*\"([^\"]+)\"", Pattern.DOTALL);
  private static final Pattern LONG_ARRAY_PARAMETER = Pattern.compile("long\\[\\]\\s+\\w+\\s*[,)]");
  private static final Pattern MAY_BE_NULL =
      Pattern.compile("\\bor null\\b|\\bnull (when|if|for|before|until|unless|on)\\b|[;,] null\\b");
  private static final Pattern TYPE_DECLARATION =
      Pattern.compile(
          "^\\s*(@\\w+\\s+)*(public |final |abstract |sealed |static )*(class|interface|enum) ");
  private static final Pattern CITED = Pattern.compile("\\b((?:notes|docs)/[\\w./-]*\\w)");

  // ------------------------------------------------------------------ the checks

  static Set<String> citedFiles(String text) {
    Set<String> files = new TreeSet<>();
    Matcher m = SOURCE_FILE.matcher(text);
    while (m.find()) {
      files.add(m.group(1));
    }
    return files;
  }

  /** Files over the limits, as {@code name: N lines, cites M files [...]}. */
  static List<String> overLimits(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path p : javaFiles(root)) {
      String text = Files.readString(p);
      long lines = text.lines().count();
      Set<String> cited = citedFiles(text);
      if (lines > MAX_LINES || cited.size() > MAX_CITED_FILES) {
        out.add(name(root, p) + ": " + lines + " lines, cites " + cited.size() + " files " + cited);
      }
    }
    return out;
  }

  /** Files declaring a method or constructor with a {@code long[]} parameter. */
  static List<String> longArrayParameters(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path p : javaFiles(root)) {
      if (LONG_ARRAY_PARAMETER.matcher(Files.readString(p)).find()) {
        out.add(name(root, p));
      }
    }
    return out;
  }

  /**
   * Directories holding Java sources without a package-info.java; for a model ({@code model}), also
   * one without {@code @NullMarked} or whose tour leaves a class of its package unnamed.
   */
  static List<String> lackingPackageInfo(Path root, boolean model) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path dir : (Iterable<Path>) s.filter(Files::isDirectory)::iterator) {
        boolean hasJava;
        try (Stream<Path> files = Files.list(dir)) {
          hasJava =
              files.anyMatch(
                  f -> f.toString().endsWith(".java") && !f.endsWith("module-info.java"));
        }
        if (!hasJava) {
          continue;
        }
        Path info = dir.resolve("package-info.java");
        if (!Files.exists(info)) {
          out.add(name(root, dir) + ": no package-info.java");
          continue;
        }
        String tour = Files.readString(info);
        if (!model) {
          continue;
        }
        if (!tour.contains("@NullMarked")) {
          out.add(name(root, dir) + ": package-info.java without @NullMarked");
        }
        for (String cls : classes(dir)) {
          if (!Pattern.compile("\\b" + cls + "\\b").matcher(tour).find()) {
            out.add(name(root, dir) + ": the tour does not name " + cls);
          }
        }
      }
    }
    return out;
  }

  /** The classes of one package directory (its own files, not its subpackages'). */
  private static List<String> classes(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".java") && !f.contains("-info."))
          .map(f -> f.substring(0, f.length() - ".java".length()))
          .sorted()
          .toList();
    }
  }

  /**
   * Declarations whose javadoc says a value may be null but which do not say {@code @Nullable}: in
   * a {@code @NullMarked} package the annotation is what states it. Class and interface javadoc is
   * left out (its "null" speaks of methods); a record's is its components'.
   */
  static List<String> nullableUnstated(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path p : javaFiles(root)) {
      List<String> lines = Files.readAllLines(p);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).strip().startsWith("/**")) {
          continue;
        }
        StringBuilder doc = new StringBuilder();
        int j = i;
        while (!lines.get(j).contains("*/")) {
          doc.append(lines.get(j++)).append('\n');
        }
        doc.append(lines.get(j));
        StringBuilder decl = new StringBuilder();
        int k = j + 1;
        while (k < lines.size()) {
          decl.append(lines.get(k)).append('\n');
          if (lines.get(k).strip().endsWith("{") || lines.get(k).strip().endsWith(";")) {
            break;
          }
          k++;
        }
        String d = decl.toString();
        if (MAY_BE_NULL.matcher(doc).find()
            && !d.contains("@Nullable")
            && !TYPE_DECLARATION.matcher(d).find()) {
          out.add(name(root, p) + ":" + (j + 2));
        }
        i = j;
      }
    }
    return out;
  }

  /** Comments citing a {@code notes/} or {@code docs/} path that does not exist under the root. */
  static List<String> missingCitations(Path sources, Path repoRoot) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path p : javaFiles(sources)) {
      Matcher m = CITED.matcher(Files.readString(p));
      while (m.find()) {
        if (!Files.exists(repoRoot.resolve(m.group(1)))) {
          out.add(p.getFileName() + " cites " + m.group(1));
        }
      }
    }
    return out;
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static String name(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  private static Path main(String module) {
    return ROOT.resolve(module).resolve("src/main/java");
  }

  /** Every violation of a model's main tree, prefixed with its module. */
  private interface Check {
    List<String> apply(Path root) throws IOException;
  }

  private static List<String> inModels(Check check) throws IOException {
    List<String> out = new ArrayList<>();
    for (String module : MODELS) {
      for (String v : check.apply(main(module))) {
        out.add(module + "/" + v);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ the repository holds them

  @Test
  void everyModelFileHoldsBothLimits() throws IOException {
    assertTrue(Files.exists(ROOT.resolve("pom.xml")), "run from the module directory");
    assertEquals(List.of(), inModels(SourceTreeTest::overLimits), "files over the limits");
  }

  @Test
  void noModelMethodTakesALongArrayToWriteItsResultInto() throws IOException {
    assertEquals(
        List.of(),
        inModels(SourceTreeTest::longArrayParameters),
        "long[] parameters: return one value (the result or an errno) instead");
  }

  @Test
  void everyMainPackageOpensWithItsTour() throws IOException {
    List<String> lacking = new ArrayList<>(inModels(root -> lackingPackageInfo(root, true)));
    for (String v : lackingPackageInfo(main("lab"), false)) {
      lacking.add("lab/" + v);
    }
    assertEquals(List.of(), lacking);
  }

  @Test
  void whatJavadocSaysMayBeNullIsDeclaredNullable() throws IOException {
    assertEquals(List.of(), inModels(SourceTreeTest::nullableUnstated));
  }

  @Test
  void anUnstatedNullableIsSeen(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("A.java"),
        String.join(
            "\n",
            "/** A class; its methods may return null. */",
            "final class A {",
            "  /** The head, or null when empty. */",
            "  Object head() {",
            "  }",
            "  /** The tail, or null when empty. */",
            "  @Nullable Object tail() {",
            "  }",
            "  /**",
            "   * Sets it.",
            "   * @param v the value; null for none",
            "   */",
            "  void set(",
            "      Object v) {",
            "  }",
            "}"));
    assertEquals(List.of("A.java:4", "A.java:13"), nullableUnstated(dir));
  }

  @Test
  void everyCitedProjectFileExists() throws IOException {
    List<String> missing = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path m :
          (Iterable<Path>) modules.filter(d -> Files.isDirectory(d.resolve("src")))::iterator) {
        missing.addAll(missingCitations(m.resolve("src"), ROOT));
      }
    }
    assertEquals(List.of(), missing);
  }

  // ------------------------------------------------------------------ the checks see a violation

  @Test
  void theCountersSeeWhatTheyCount(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("Big.java"), "//\n".repeat(MAX_LINES + 1));
    StringBuilder cites = new StringBuilder();
    for (int i = 0; i <= MAX_CITED_FILES; i++) {
      cites.append("@Source(\n    file = \"kernel/f").append(i).append(".c\", line = 1)\n");
      cites.append("@Source(file = \"kernel/f").append(i).append(".c\", line = 2)\n");
    }
    Files.writeString(dir.resolve("Cites.java"), cites);
    Files.writeString(
        dir.resolve("Fine.java"), "//\n".repeat(MAX_LINES - 1) + "@Source(file = \"a.c\")");
    assertEquals(
        List.of(
            "Big.java: " + (MAX_LINES + 1) + " lines, cites 0 files []",
            "Cites.java: 15 lines, cites 5 files [kernel/f0.c, kernel/f1.c, kernel/f2.c, kernel/f3.c,"
                + " kernel/f4.c]"),
        overLimits(dir));
  }

  @Test
  void aLongArrayParameterIsSeenAndALocalIsNot(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("Out.java"), "class Out { Object f(int a,\n long[] errOut) {} }");
    Files.writeString(dir.resolve("Last.java"), "class Last { void g(long[] ts, int x) {} }");
    Files.writeString(
        dir.resolve("Local.java"), "class Local { void h() { long[] v = new long[2]; } }");
    assertEquals(List.of("Last.java", "Out.java"), longArrayParameters(dir));
  }

  @Test
  void aPackageWithoutItsTourIsSeen(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    Files.createDirectories(dir.resolve("c/empty"));
    Files.writeString(dir.resolve("a/A.java"), "package a;\nclass A {}\n");
    Files.writeString(dir.resolve("a/A2.java"), "package a;\nclass A2 {}\n");
    Files.writeString(
        dir.resolve("a/package-info.java"),
        "/** {@code A2}: the second. */\n@NullMarked\npackage a;\n");
    Files.writeString(dir.resolve("b/B.java"), "package b;\nclass B {}\n");
    Files.writeString(dir.resolve("c/C.java"), "package c;\nclass C {}\n");
    Files.writeString(dir.resolve("c/package-info.java"), "/** {@code C}. */\npackage c;\n");
    assertEquals(
        List.of(
            "a: the tour does not name A",
            "b: no package-info.java",
            "c: package-info.java without @NullMarked"),
        lackingPackageInfo(dir, true).stream().sorted().toList());
    assertEquals(List.of("b: no package-info.java"), lackingPackageInfo(dir, false));
  }

  @Test
  void aMissingCitedFileIsSeen(@TempDir Path dir) throws IOException {
    // the paths are built so that this file does not cite them itself
    String absent = "notes" + "/glibc.md";
    String present = "docs" + "/here.md";
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve(present), "x");
    Files.writeString(
        dir.resolve("A.java"), "// see " + absent + " §4 and " + present + "\nclass A {}\n");
    assertEquals(List.of("A.java cites " + absent), missingCitations(dir, dir));
  }
}
