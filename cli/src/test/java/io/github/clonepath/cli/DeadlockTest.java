package io.github.clonepath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A run in which every thread sleeps forever stops with one line naming them, and fails. */
class DeadlockTest {
  private static final Pattern CLONE3 =
      Pattern.compile("clone3\\(\\{[^\\n]*child_tid=(0x[0-9a-f]+)[^\\n]* = (\\d+)\\n");
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private static String resource(String name) throws URISyntaxException {
    return Path.of(DeadlockTest.class.getResource("/deadlock/" + name).toURI()).toString();
  }

  @Test
  void threadsJoiningInACycleAreNamedWithTheFutexWordEachWaitsOn() throws Exception {
    assertEquals(1, run("run", resource("join-cycle.scn")));
    String e = err.toString().strip();
    assertEquals(1, e.lines().count(), e);
    assertTrue(
        e.startsWith("clonepath: deadlock: every task is blocked and no timer is pending;"), e);
    // Each thread sleeps on the tid word of the thread it joins: the child_tid its clone3 passed.
    Map<String, String> childTid = new HashMap<>();
    Matcher m = CLONE3.matcher(out.toString());
    while (m.find()) {
      childTid.put(m.group(2), m.group(1));
    }
    assertEquals(3, childTid.size(), out.toString());
    assertTrue(e.contains("4 (threads) in futex " + childTid.get("5")), e);
    assertTrue(e.contains("5 (threads) in futex " + childTid.get("6")), e);
    assertTrue(e.contains("6 (threads) in futex " + childTid.get("4")), e);
    assertTrue(out.toString().contains("clone3("), "the trace is still printed");
  }

  @Test
  void aRunWhoseThreadsAllEndIsNoDeadlock() throws Exception {
    assertEquals(0, run("run", resource("join-all.scn")));
    assertEquals("", err.toString());
  }
}
