package io.github.clonepath.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every main package of the kernel model has a {@code package-info.java}: the package's tour (which
 * class mirrors which real kernel file) and its {@code @NullMarked}. The tour names every class of
 * its package, so a new class cannot be left out of it.
 */
class PackageInfoTest {
  private static final Path MAIN = Path.of("src/main/java/io/github/clonepath/kernel");

  /**
   * Directories holding Java sources but no package-info.java, one without @NullMarked, or one
   * whose tour leaves a class of the package unnamed.
   */
  static List<String> lacking(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path dir : (Iterable<Path>) s.filter(Files::isDirectory)::iterator) {
        boolean hasJava;
        try (Stream<Path> files = Files.list(dir)) {
          hasJava = files.anyMatch(f -> f.toString().endsWith(".java"));
        }
        if (!hasJava) {
          continue;
        }
        Path info = dir.resolve("package-info.java");
        String name = root.relativize(dir).toString().replace('\\', '/');
        if (!Files.exists(info)) {
          out.add(name + ": no package-info.java");
        } else if (!Files.readString(info).contains("@NullMarked")) {
          out.add(name + ": package-info.java without @NullMarked");
        } else {
          String tour = Files.readString(info);
          try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
              String file = f.getFileName().toString();
              if (!file.endsWith(".java") || file.equals("package-info.java")) {
                continue;
              }
              String cls = file.substring(0, file.length() - ".java".length());
              if (!Pattern.compile("\\b" + cls + "\\b").matcher(tour).find()) {
                out.add(name + ": the tour does not name " + cls);
              }
            }
          }
        }
      }
    }
    return out;
  }

  @Test
  void everyMainPackageHasItsPackageInfo() throws IOException {
    assertTrue(Files.isDirectory(MAIN), "run from the module directory");
    assertEquals(List.of(), lacking(MAIN));
  }

  @Test
  void aPackageWithoutOneIsSeen(@TempDir Path dir) throws IOException {
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
    Files.writeString(dir.resolve("c/package-info.java"), "package c;\n");
    assertEquals(
        List.of(
            "a: the tour does not name A",
            "b: no package-info.java",
            "c: package-info.java without @NullMarked"),
        lacking(dir).stream().sorted().toList());
  }
}
