package io.github.clonepath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mistake in a scenario file: one line {@code FILE:LINE: what is wrong} on standard error,
 * nothing on standard output, exit status 2; what the model did with a valid one exits 1.
 */
class RunBadInputTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(byte[] stdin, String... args) {
    return Main.run(
        new ByteArrayInputStream(stdin),
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        args);
  }

  private String file(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p.toString();
  }

  private String file(String name, String text) throws IOException {
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aBadDurationIsOneLineWithTheFileAndLineAndNothingRuns() throws IOException {
    String f = file("s.scn", "program main\n  write a\n  sleep abc\nend\n");

    int rc = run(new byte[0], "run", f);

    assertEquals(2, rc, err.toString());
    assertEquals(
        f + ":3: sleep needs a duration such as 10ms, 1s or 20000ns, got 'abc'",
        err.toString().strip());
    assertEquals("", out.toString(), "refused before the model printed anything");
  }

  @Test
  void aScenarioOnStandardInputIsNamedStdin() {
    int rc =
        run("program main\n  repeat x\n  end\nend\n".getBytes(StandardCharsets.UTF_8), "run", "-");

    assertEquals(2, rc);
    assertEquals(
        "<stdin>:2: repeat needs a count of 0 or more (at most 2147483647), got 'x'",
        err.toString().strip());
  }

  @Test
  void aBinaryFileIsNotATextScenarioFile() throws IOException {
    String f = file("bin.scn", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, (byte) 0xff});

    int rc = run(new byte[0], "run", f);

    assertEquals(2, rc);
    assertEquals(f + ": not a text scenario file (it is not UTF-8 text)", err.toString().strip());
  }

  @Test
  void aThreadNobodyCreatedStopsWithItsLineAndExitsTwo() throws IOException {
    String f = file("j.scn", "program main\n  join nosuch\nend\n");

    int rc = run(new byte[0], "run", f);

    assertEquals(2, rc);
    assertEquals(
        f + ":2: no thread named 'nosuch' (created so far: none; main is the first thread)",
        err.toString().strip().lines().reduce((a, b) -> b).orElse(""));
  }

  @Test
  void anOutcomeOfAValidScenarioExitsOne() throws IOException {
    // pthread_create succeeds, but the scenario expects EAGAIN: what the model did, not a mistake
    String f =
        file(
            "o.scn",
            "program main\n  create t worker expect=EAGAIN\n  join t\nend\nprogram worker\nend\n");

    int rc = run(new byte[0], "run", f);

    assertEquals(1, rc, err.toString());
    assertTrue(
        err.toString().strip().endsWith(f + ":2: pthread_create returned 0, expected EAGAIN"),
        err.toString());
  }
}
