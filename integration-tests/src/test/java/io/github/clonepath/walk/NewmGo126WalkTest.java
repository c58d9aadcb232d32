package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code walk newm --release go1.26.8}: the new M's g0 stack is 16 KiB (go1.26.8's allocm asks malg
 * for 16384 × StackGuardMultiplier for a non-cgo M, proc.go:2333; the real b_syscalls capture's
 * child_stack values are 0x4000 apart), and each function is cited at the line it starts on in
 * go1.26.8's src/runtime.
 */
class NewmGo126WalkTest {
  private static final String WALK = GoldenWalk.run("walk", "newm", "--release", "go1.26.8");

  @Test
  void theReleaseSeriesNamesTheReleaseTheModelFollows() {
    assertEquals(WALK, GoldenWalk.run("walk", "newm", "--release", "go1.26"));
  }

  @Test
  void theG0StackIs16KiBAndTheCloneStartsAtItsTop() {
    Matcher g0 =
        Pattern.compile("malg\\(16384\\): stack \\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)").matcher(WALK);
    assertTrue(g0.find(), WALK);
    long lo = Long.parseLong(g0.group(1), 16);
    long hi = Long.parseLong(g0.group(2), 16);
    assertEquals(16384, hi - lo);
    // the assembly clone hands the child g0's top as its stack
    assertTrue(WALK.contains("clone(child_stack=0x" + Long.toHexString(hi) + ","), WALK);
    assertFalse(WALK.contains("malg(8192)"), WALK);
  }

  @Test
  void citesGo1268sFirstLines() {
    // first lines in go1.26.8's src/runtime (reference go-1.26 FINDINGS lists the same)
    String[] expected = {
      "newm runtime/proc.go:2857",
      "allocm runtime/proc.go:2269",
      "mcommoninit runtime/proc.go:998",
      "mpreinit runtime/os_linux.go:387",
      "newm1 runtime/proc.go:2906",
      "newosproc runtime/os_linux.go:170",
      "retryOnEAGAIN runtime/retry.go:14",
      "clone runtime/sys_linux_amd64.s:574",
      "mstart0 runtime/proc.go:1862",
      "mstart1 runtime/proc.go:1904",
      "minit runtime/os_linux.go:396",
      "acquirep runtime/proc.go:6259",
    };
    String squeezed = WALK.replaceAll(" {2,}", " ");
    for (String e : expected) {
      assertTrue(squeezed.contains(e + " (go1.26.8)"), e + "\n" + WALK);
    }
    // no Go step falls back to another release's reference
    assertFalse(WALK.contains("(go1.19)"), WALK);
    assertFalse(WALK.contains("(go1.21.0)"), WALK);
  }
}
