package io.github.clonepath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Go's checkdead: main blocked on a channel nobody sends to ends as the real Go 1.19 program did
 * (deadlock/go-chan-recv: its standard error and exit status), instead of sysmon looping forever.
 */
class GoDeadlockTest {
  @Test
  void mainBlockedOnAChannelNobodySendsToDiesWithTheRealMessageAndStatus() throws Exception {
    Path dir = Path.of(GoDeadlockTest.class.getResource("/deadlock/go-chan-recv").toURI());
    String realFirstLine = Files.readAllLines(dir.resolve("stderr.txt")).get(0);
    int realStatus = Integer.parseInt(Files.readString(dir.resolve("status.txt")).strip());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int status =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "run",
            "--format",
            "output",
            dir.resolveSibling("go-chan-recv.scn").toString());

    assertEquals(realStatus, status, err.toString());
    assertEquals(realFirstLine + "\n", err.toString());
  }
}
