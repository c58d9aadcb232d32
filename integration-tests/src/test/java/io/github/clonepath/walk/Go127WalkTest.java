package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code walk newm} and {@code walk newproc} at {@code --release go1.27.3}: the steps of go1.26.8
 * (go1.27.3 keeps them), each function cited at the line it starts on in go1.27.3's src/runtime
 * (reference go-1.27 FINDINGS names some of them).
 */
class Go127WalkTest {
  private static final String NEWM = GoldenWalk.run("walk", "newm", "--release", "go1.27.3");

  @ParameterizedTest
  @ValueSource(strings = {"newm", "newproc"})
  void theSeriesNamesTheReleaseAndTheStepsAreGo1268s(String topic) {
    String walk = GoldenWalk.run("walk", topic, "--release", "go1.27.3");
    assertEquals(walk, GoldenWalk.run("walk", topic, "--release", "go1.27"));
    // the same calls, notes and system calls as go1.26.8's walk: only the references differ
    assertEquals(
        withoutReferences(GoldenWalk.run("walk", topic, "--release", "go1.26.8")),
        withoutReferences(walk));
  }

  private static String withoutReferences(String walk) {
    return walk.replaceAll("runtime/\\S+:\\d+ \\(go1\\.[0-9.]+\\)", "REF");
  }

  @Test
  void citesGo1273sFirstLines() {
    GoldenWalk.assertCites(
        NEWM,
        "go1.27.3",
        List.of("go1.19", "go1.21.0", "go1.26.8"),
        "newm runtime/proc.go:2875",
        "allocm runtime/proc.go:2287",
        "mcommoninit runtime/proc.go:1011",
        "mpreinit runtime/os_linux.go:387",
        "newm1 runtime/proc.go:2924",
        "newosproc runtime/os_linux.go:170",
        "retryOnEAGAIN runtime/retry.go:14",
        "clone runtime/sys_linux_amd64.s:580",
        "mstart0 runtime/proc.go:1875",
        "mstart1 runtime/proc.go:1917",
        "minit runtime/os_linux.go:396",
        "acquirep runtime/proc.go:6310");
  }
}
