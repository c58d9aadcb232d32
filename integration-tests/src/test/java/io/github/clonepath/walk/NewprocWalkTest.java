package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.lab.walk.NewprocTopic;
import io.github.clonepath.lab.walk.Variant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code walk newproc} (seed 003): its reviewed golden files (go1.21.0 by default, go1.19, go1.13),
 * what each line of the go1.21.0 walk stands for, and the real call order of
 * docs/notes/go-runtime.md §2.
 */
class NewprocWalkTest {
  private static final String WALK = GoldenWalk.run("walk", "newproc");

  /**
   * Every call line of the go1.21.0 golden file by the real function it stands for, reviewed
   * against docs/notes/go-runtime.md §2 (go1.21.0): newproc → newproc1 (gfget finds nothing, malg's
   * 2 KiB stack from the P's stack cache, allgadd) → runqput into runnext → wakep (takes the idle P
   * first) → startm → mget (no idle M) → mReserveID → checkmcount → newm → allocm → mcommoninit →
   * mpreinit's 32 KiB gsignal → the 8 KiB g0 → newm1 → newosproc → retryOnEAGAIN
   * (docs/notes/go-runtime.md §2: the clone wrapper goes through it from go1.20) → the assembly
   * clone → the kernel's kernel_clone and copy_* (docs/notes/kernel.md §2); the new thread:
   * schedule_tail (the kernel), mstart0 → mstart1 → minit → acquirep(nextp).
   */
  private static final List<String> STANDS_FOR =
      Arrays.asList(
          """
          newproc newproc1 gfget malg stackalloc allgadd runqput
          wakep pidleget startm mget mReserveID checkmcount
          newm allocm mcommoninit mpreinit malg stackalloc mheap.allocManual malg stackalloc
          newm1 newosproc retryOnEAGAIN clone kernel_clone copy_process dup_task_struct copy_creds copy_semundo
            copy_files copy_fs copy_sighand copy_signal copy_mm copy_namespaces copy_io copy_thread
            alloc_pid cgroup_can_fork wake_up_new_task
          schedule_tail mstart0 mstart1 minit minitSignalStack minitSignalMask acquirep
          """
              .strip()
              .split("\\s+"));

  @Test
  void matchesTheReviewedGoldenFiles() {
    GoldenWalk.assertMatches("walk-newproc.txt", WALK);
    GoldenWalk.assertMatches(
        "walk-newproc-go1.19.txt", GoldenWalk.run("walk", "newproc", "--release", "go1.19"));
    GoldenWalk.assertMatches(
        "walk-newproc-go1.13.txt", GoldenWalk.run("walk", "newproc", "--release", "go1.13"));
  }

  @Test
  void eachCallLineStandsForTheRealFunctionReviewedAgainstTheNotes() {
    assertEquals(STANDS_FOR, GoldenWalk.callLines(WALK));
  }

  @Test
  void theGoStatementsThreadFollowsTheRealGo121Order() {
    List<TraceEvent> events =
        new NewprocTopic().run(new Variant("go1.21.0", false, false, false, Optional.empty()));
    int tid = RealCallOrder.firstTidCalling(events, "newproc");
    RealCallOrder.assertFollows(events, tid, RealCallOrder.NEWPROC_GO121);
  }
}
