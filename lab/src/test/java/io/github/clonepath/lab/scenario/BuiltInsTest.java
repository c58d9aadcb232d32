package io.github.clonepath.lab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The built-in catalogue names exactly the scenario files shipped, and each one loads. */
class BuiltInsTest {
  @Test
  void theCatalogueListsEveryScenarioFileOnceGlibcFirstEachSorted() throws IOException {
    Path root = Path.of("src/main/resources/scenarios");
    List<String> files;
    try (Stream<Path> s = Files.walk(root)) {
      files =
          s.filter(p -> p.toString().endsWith(".scn"))
              .map(p -> root.relativize(p).toString().replace('\\', '/').replaceAll("\\.scn$", ""))
              .sorted(
                  Comparator.comparing((String n) -> n.startsWith("go/"))
                      .thenComparing(Comparator.naturalOrder()))
              .toList();
    }
    assertFalse(files.isEmpty());
    assertEquals(files, Scenarios.builtIns());
  }

  @Test
  void everyBuiltInLoadsUnderItsNameWithADescription() {
    for (String name : Scenarios.builtIns()) {
      Scenario sc = Scenarios.load(name);
      assertEquals(name, sc.name());
      assertFalse(sc.description().isBlank(), name + " has no describe line");
    }
  }
}
