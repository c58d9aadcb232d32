package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code walk newm} and {@code walk newproc} at {@code --release go1.26.8}. newm: the new M's g0
 * stack is 16 KiB (go1.26.8's allocm asks malg for 16384 × StackGuardMultiplier for a non-cgo M,
 * proc.go:2333; the real b_syscalls capture's child_stack values are 0x4000 apart), and each
 * function is cited at the line it starts on in go1.26.8's src/runtime. newproc: the go statement's
 * path in go1.26.8 — newproc1 with its parked argument (false, waitReasonZero, since go1.23), a 2
 * KiB goroutine stack, runnext, wakep taking the idle P before startm, and the M's creation with
 * mcommoninit's mProfStackInit (where go1.26.8 takes persistent memory) and the 16 KiB g0 — each
 * function cited at the line it starts on in go1.26.8's src/runtime.
 */
class Go126WalkTest {
  private static final String WALK = GoldenWalk.run("walk", "newm", "--release", "go1.26.8");
  private static final String NEWPROC = GoldenWalk.run("walk", "newproc", "--release", "go1.26.8");

  @ParameterizedTest
  @ValueSource(strings = {"newm", "newproc"})
  void theReleaseSeriesNamesTheReleaseTheModelFollows(String topic) {
    assertEquals(
        GoldenWalk.run("walk", topic, "--release", "go1.26.8"),
        GoldenWalk.run("walk", topic, "--release", "go1.26"));
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
    GoldenWalk.assertCites(
        WALK,
        "go1.26.8",
        List.of("go1.19", "go1.21.0"),
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
        "acquirep runtime/proc.go:6259");
  }

  @Test
  void theGoStatementsPathHasGo126sSteps() {
    assertTrue(NEWPROC.contains("newproc1: parked=false, waitReasonZero"), NEWPROC);
    assertTrue(NEWPROC.contains("malg(2048)"), NEWPROC);
    assertTrue(NEWPROC.contains("in runnext of p0"), NEWPROC);
    assertTrue(NEWPROC.contains("malg(16384)"), NEWPROC);
    assertFalse(NEWPROC.contains("malg(8192)"), NEWPROC);
    // wakep takes the idle P itself, then startm finds no idle M and reserves an id
    String squeezed = NEWPROC.replaceAll(" {2,}", " ");
    assertTrue(
        squeezed.indexOf("pidleget") < squeezed.indexOf("startm runtime/"),
        "wakep's pidleget first");
    // mProfStackInit runs inside mcommoninit, after mpreinit's signal stack
    assertTrue(
        squeezed.indexOf("mpreinit runtime/") < squeezed.indexOf("mProfStackInit runtime/"),
        NEWPROC);
    assertTrue(
        squeezed.indexOf("mProfStackInit runtime/") < squeezed.indexOf("newm1 runtime/"), NEWPROC);
  }

  @Test
  void newprocCitesGo1268sFirstLines() {
    // first lines in go1.26.8's src/runtime
    GoldenWalk.assertCites(
        NEWPROC,
        "go1.26.8",
        List.of("go1.19", "go1.21.0"),
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
        "clone runtime/sys_linux_amd64.s:574");
  }
}
