package io.github.clonepath.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code clonepath compare glibc/NAME NAME.trace --set glibc.version=2.41} against the captures
 * made in a Debian 13 root (glibc 2.41) on the kernel of the 2.36 captures.
 */
class Glibc241CompareTest {
  private static int compare(String name, StringWriter out, String... extra)
      throws URISyntaxException {
    Path trace =
        Path.of(
            Glibc241CompareTest.class
                .getResource("/reference/glibc-2.41/" + name + ".trace")
                .toURI());
    String[] args = new String[3 + extra.length];
    args[0] = "compare";
    args[1] = "glibc/" + name.replace("_race", "");
    args[2] = trace.toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    return Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("every thread of the 2.41 profile's trace matches the real 2.41 capture")
  @ValueSource(
      strings = {
        "s1_seq",
        "s1_seq_cache0",
        "s1_seq_full",
        "s1_seq_norseq",
        "s1b_latejoin",
        "s2_concurrent",
        "s3_stacksize",
        "s4_guard",
        "s4b_guardreuse",
        "s5_userstack",
        "s7_cache",
        "s7_cache_16MiB",
        "s7b_fit",
        "s8_fail_as",
        "s8_fail_clone3_eagain",
        "s8_fail_clone3_enomem",
        "s8_fail_clone3_enosys",
        "s8_fail_clone3_eperm",
        "s8_fail_huge",
        "s8_fail_nproc",
        "s8_fail_tlsbig",
        "s9_fork"
      })
  void matches(String name) throws URISyntaxException {
    StringWriter out = new StringWriter();
    assertEquals(0, compare(name, out, "--set", "glibc.version=2.41"), out.toString());
    assertTrue(out.toString().contains("all threads match"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @DisplayName("known differences, each for a stated reason")
  @CsvSource(
      delimiter = '|',
      value = {
        "s2_concurrent_race | the first run's join found the thread gone: its futex returned EAGAIN",
        "s6_detached | the scenario's run steps encode the 2.36 capture's exit timing",
        "s6_detached_cache0 | the scenario's run steps encode the 2.36 capture's exit timing",
      })
  void knownDifferences(String name, String reason) throws URISyntaxException {
    StringWriter out = new StringWriter();
    assertEquals(1, compare(name, out, "--set", "glibc.version=2.41"), reason);
    assertTrue(out.toString().contains("DIFFERS"));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("the 2.36 profile fails on a 2.41 capture: the release is what the check sees")
  @CsvSource(
      delimiter = '|',
      value = {
        "s1_seq | rseq(A1+0x800600",
        "s8_fail_clone3_enosys | clone(child_stack=",
        "s9_fork | rt_sigprocmask(SIG_BLOCK, ~[], [], 8)",
      })
  void releaseMatters(String name, String realCall) throws URISyntaxException {
    StringWriter out = new StringWriter();
    assertEquals(1, compare(name, out), out.toString());
    assertTrue(out.toString().contains("real:  " + realCall), out.toString());
  }

  @Test
  @DisplayName("--set with a key no runner knows is refused, naming the key")
  void unknownSetting() throws URISyntaxException {
    StringWriter err = new StringWriter();
    Path trace =
        Path.of(
            Glibc241CompareTest.class.getResource("/reference/glibc-2.41/s1_seq.trace").toURI());
    int rc =
        Main.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "compare",
            "glibc/s1_seq",
            trace.toString(),
            "--set",
            "glibc.no_such_tunable=1");
    assertTrue(rc != 0, "exit code " + rc);
    assertTrue(err.toString().contains("unknown setting 'glibc.no_such_tunable'"), err.toString());
  }
}
