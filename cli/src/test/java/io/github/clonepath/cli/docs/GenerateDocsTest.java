package io.github.clonepath.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script and man pages cover the whole command tree. */
class GenerateDocsTest {
  @Test
  void completionScriptParsesAndKnowsCommandsTopicsAndFormats(@TempDir Path dir) throws Exception {
    GenerateDocs.generate(dir);
    Path script = dir.resolve("clonepath_completion");
    String s = Files.readString(script);
    for (String word : new String[] {"list", "walk", "diagram", "newm", "census", "--release"}) {
      assertTrue(s.contains(word), word);
    }
    Process p = new ProcessBuilder("bash", "-n", script.toString()).inheritIO().start();
    assertEquals(0, p.waitFor(), "bash -n rejects the script");
  }

  @Test
  void manPagesNameEveryCommand(@TempDir Path dir) throws Exception {
    GenerateDocs.generate(dir);
    String top = Files.readString(dir.resolve("man/clonepath.adoc"));
    assertTrue(top.contains(":doctype: manpage"), top);
    for (String c : new String[] {"list", "run", "compare", "walk", "diagram"}) {
      assertTrue(Files.exists(dir.resolve("man/clonepath-" + c + ".adoc")), c);
    }
  }
}
