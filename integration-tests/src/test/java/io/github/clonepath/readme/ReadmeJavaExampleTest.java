package io.github.clonepath.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java example compiles against the published modules and does what it says: it is
 * taken from the README itself, so the two cannot drift apart.
 */
class ReadmeJavaExampleTest {
  @TempDir Path dir;

  @Test
  void theReadmesJavaExampleCompilesAndPrintsTheMainThreadsCalls() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "README.md has a java example");
    List<String> imports = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (String line : m.group(1).split("\n")) {
      if (line.startsWith("import ")) {
        imports.add(line);
      } else {
        body.append(line).append('\n');
      }
    }
    String source =
        String.join("\n", imports)
            + "\npublic class Example {\n  public static void main(String[] args) {\n"
            + body
            + "  }\n}\n";
    Path src = dir.resolve("Example.java");
    Files.writeString(src, source);
    ByteArrayOutputStream diag = new ByteArrayOutputStream();
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                diag,
                diag,
                "-d",
                dir.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                src.toString());
    assertEquals(0, status, source + "\n" + diag.toString(StandardCharsets.UTF_8));

    PrintStream saved = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      loader
          .loadClass("Example")
          .getMethod("main", String[].class)
          .invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(saved);
    }
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(
        text.matches("(?s)\\d+  gettid\\(\\) = \\d+\\n\\d+  exit_group\\(0\\) = \\?\\n"), text);
  }
}
