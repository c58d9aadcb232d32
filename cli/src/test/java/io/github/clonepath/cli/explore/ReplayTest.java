package io.github.clonepath.lab.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.cli.Main;
import io.github.clonepath.lab.scenario.Scenarios;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code run --schedule TOKEN} gives the same bytes in separate JVMs and in this one. */
class ReplayTest {
  private static String inProcess(String... args) {
    StringWriter out = new StringWriter();
    int rc = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args);
    assertEquals(0, rc, out.toString());
    return out.toString();
  }

  private static String inNewJvm(String... args) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.github.clonepath.cli.Main"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  @Test
  @DisplayName("the EAGAIN join of s1_seq_norseq replays byte for byte in two new JVMs")
  void glibcTokenReplays() throws Exception {
    String[] args = {"run", "glibc/s1_seq_norseq", "--schedule", "13.1"};
    String a = inNewJvm(args);
    assertEquals(a, inNewJvm(args));
    assertEquals(a, inProcess(args));
    assertTrue(a.contains("= -1 EAGAIN"), a);
    assertNotEquals(a, inProcess("run", "glibc/s1_seq_norseq"));
  }

  @Test
  @DisplayName("each explored outcome of go/a_hello replays byte for byte in two new JVMs")
  void goTokensReplay() throws Exception {
    Explorer e = new Explorer(Scenarios.load("go/a_hello", Map.of()));
    Explorer.Result r = e.explore(Strategy.RANDOM, 40, 3, 0, 0);
    assertTrue(r.outcomes().size() > 1, r.toString());
    for (Explorer.Found f : r.outcomes().subList(0, 2)) {
      String[] args = {"run", "go/a_hello", "--schedule", f.schedule().token()};
      String a = inNewJvm(args);
      assertEquals(a, inNewJvm(args));
      assertEquals(e.run(f.schedule()).strace(), a);
    }
  }
}
