package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code walk newproc --release go1.26.8}: the go statement's path in go1.26.8 — newproc1 with its
 * parked argument (false, waitReasonZero, since go1.23), a 2 KiB goroutine stack, runnext, wakep
 * taking the idle P before startm, and the M's creation with mcommoninit's mProfStackInit (where
 * go1.26.8 takes persistent memory) and the 16 KiB g0 — each function cited at the line it starts
 * on in go1.26.8's src/runtime.
 */
class NewprocGo126WalkTest {
  private static final String WALK = GoldenWalk.run("walk", "newproc", "--release", "go1.26.8");

  @Test
  void theReleaseSeriesNamesTheReleaseTheModelFollows() {
    assertEquals(WALK, GoldenWalk.run("walk", "newproc", "--release", "go1.26"));
  }

  @Test
  void theGoStatementsPathHasGo126sSteps() {
    assertTrue(WALK.contains("newproc1: parked=false, waitReasonZero"), WALK);
    assertTrue(WALK.contains("malg(2048)"), WALK);
    assertTrue(WALK.contains("in runnext of p0"), WALK);
    assertTrue(WALK.contains("malg(16384)"), WALK);
    assertFalse(WALK.contains("malg(8192)"), WALK);
    // wakep takes the idle P itself, then startm finds no idle M and reserves an id
    String squeezed = WALK.replaceAll(" {2,}", " ");
    assertTrue(
        squeezed.indexOf("pidleget") < squeezed.indexOf("startm runtime/"),
        "wakep's pidleget first");
    // mProfStackInit runs inside mcommoninit, after mpreinit's signal stack
    assertTrue(
        squeezed.indexOf("mpreinit runtime/") < squeezed.indexOf("mProfStackInit runtime/"), WALK);
    assertTrue(
        squeezed.indexOf("mProfStackInit runtime/") < squeezed.indexOf("newm1 runtime/"), WALK);
  }

  @Test
  void citesGo1268sFirstLines() {
    // first lines in go1.26.8's src/runtime
    String[] expected = {
      "newproc runtime/proc.go:5295",
      "newproc1 runtime/proc.go:5313",
      "gfget runtime/proc.go:5507",
      "malg runtime/proc.go:5273",
      "stackalloc runtime/stack.go:344",
      "allgadd runtime/proc.go:688",
      "runqput runtime/proc.go:7478",
      "wakep runtime/proc.go:3212",
      "pidleget runtime/proc.go:7402",
      "startm runtime/proc.go:3035",
      "mget runtime/proc.go:7213",
      "mReserveID runtime/proc.go:985",
      "checkmcount runtime/proc.go:963",
      "newm runtime/proc.go:2857",
      "mcommoninit runtime/proc.go:998",
      "mProfStackInit runtime/proc.go:1043",
      "persistentalloc runtime/malloc.go:2329",
      "newm1 runtime/proc.go:2906",
      "newosproc runtime/os_linux.go:170",
      "clone runtime/sys_linux_amd64.s:574",
    };
    String squeezed = WALK.replaceAll(" {2,}", " ");
    for (String e : expected) {
      assertTrue(squeezed.contains(e + " (go1.26.8)"), e + "\n" + WALK);
    }
    assertFalse(WALK.contains("(go1.19)"), WALK);
    assertFalse(WALK.contains("(go1.21.0)"), WALK);
  }
}
