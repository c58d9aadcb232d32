package io.github.clonepath.glibc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No comment of the glibc model cites a project file the repository lacks: a {@code notes/} or
 * {@code docs/} path must exist under the repository root. Real glibc files are cited by their path
 * in glibc and a release tag instead.
 */
class CitedFilesExistTest {
  private static final Pattern CITED = Pattern.compile("\\b((?:notes|docs)/[\\w./-]*\\w)");

  static List<String> missing(Path sources, Path repoRoot) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(sources)) {
      for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java"))::iterator) {
        Matcher m = CITED.matcher(Files.readString(p));
        while (m.find()) {
          if (!Files.exists(repoRoot.resolve(m.group(1)))) {
            out.add(p.getFileName() + " cites " + m.group(1));
          }
        }
      }
    }
    return out;
  }

  @Test
  void everyCitedProjectFileExists() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    assertTrue(Files.exists(root.resolve("pom.xml")), "run from the module directory");
    assertEquals(List.of(), missing(Path.of("src"), root));
  }

  @Test
  void aMissingFileIsSeen(@TempDir Path dir) throws IOException {
    // the paths are built so that this file does not cite them itself
    String absent = "notes" + "/glibc.md";
    String present = "docs" + "/here.md";
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve(present), "x");
    Files.writeString(
        dir.resolve("A.java"), "// see " + absent + " §4 and " + present + "\nclass A {}\n");
    assertEquals(List.of("A.java cites " + absent), missing(dir, dir));
  }
}
