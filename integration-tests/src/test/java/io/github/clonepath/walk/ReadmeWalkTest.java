package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README shows real output of {@code walk} and {@code diagram}: it is checked against both. */
class ReadmeWalkTest {
  private static String block(String marker, String fence) throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m =
        Pattern.compile(
                Pattern.quote("<!-- " + marker + " -->") + "\\n```" + fence + "\\n(.*?)```",
                Pattern.DOTALL)
            .matcher(readme);
    assertTrue(m.find(), "README.md has a block after <!-- " + marker + " -->");
    return m.group(1);
  }

  @Test
  void theMainJobsWalkIsTheRealOutputOfWalkNewm() throws IOException {
    assertEquals(
        "$ ./clonepath walk newm\n" + GoldenWalk.run("walk", "newm"),
        block("walk: newm", "console"));
  }

  @Test
  void theTwoCommandsStartWithTheMainJobsWalk() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m =
        Pattern.compile("## Two commands\n.*?```sh\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "README.md has its two commands");
    assertTrue(m.group(1).startsWith("./clonepath walk newm "), m.group(1));
    assertTrue(m.group(1).contains("\n./mvnw -B verify "), m.group(1));
  }

  @Test
  void theWalkExcerptIsTheStartOfTheRealOutput() throws IOException {
    String shown = block("walk excerpt: clone-vs-fork", "console");
    String command = "$ ./clonepath walk clone-vs-fork\n";
    assertTrue(shown.startsWith(command), shown);
    String excerpt = shown.substring(command.length());
    assertTrue(excerpt.length() > 200, "the excerpt shows a real stretch of the walk");
    assertTrue(
        GoldenWalk.run("walk", "clone-vs-fork").startsWith(excerpt),
        "README's excerpt is not how the walk starts:\n" + excerpt);
  }

  @Test
  void theTasksAndStructuresPictureIsTheRealDiagram() throws IOException {
    assertEquals(
        GoldenWalk.run("diagram", "tasks-and-structures"),
        block("diagram: tasks-and-structures", "mermaid"));
  }

  @Test
  void theThreadStackPictureIsTheRealDiagram() throws IOException {
    assertEquals(
        GoldenWalk.run("diagram", "thread-stack"), block("diagram: thread-stack", "mermaid"));
  }

  @Test
  void theGoPicturesAreTheRealDiagrams() throws IOException {
    assertEquals(
        GoldenWalk.run("diagram", "m-after-creation"),
        block("diagram: m-after-creation", "mermaid"));
    assertEquals(
        GoldenWalk.run("diagram", "ps-and-runqs"), block("diagram: ps-and-runqs", "mermaid"));
  }
}
