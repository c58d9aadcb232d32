package io.github.clonepath.glibc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every main package of the glibc model has a {@code package-info.java}: the package's tour (which
 * class mirrors which real glibc file) and its {@code @NullMarked}.
 */
class PackageInfoTest {
  private static final Path MAIN = Path.of("src/main/java/io/github/clonepath/glibc");

  /** Directories holding Java sources but no package-info.java (or no @NullMarked in it). */
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
    Files.writeString(dir.resolve("a/package-info.java"), "@NullMarked\npackage a;\n");
    Files.writeString(dir.resolve("b/B.java"), "package b;\nclass B {}\n");
    Files.writeString(dir.resolve("c/C.java"), "package c;\nclass C {}\n");
    Files.writeString(dir.resolve("c/package-info.java"), "package c;\n");
    assertEquals(
        List.of("b: no package-info.java", "c: package-info.java without @NullMarked"),
        lacking(dir).stream().sorted().toList());
  }
}
