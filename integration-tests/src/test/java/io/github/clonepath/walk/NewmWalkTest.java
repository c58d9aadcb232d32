package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.lab.walk.NewmTopic;
import io.github.clonepath.lab.walk.Variant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code walk newm} (seed 001): its reviewed golden files (go1.13 by default, go1.19, go1.21.0,
 * cgo), what each line of the go1.13 walk stands for, and the real call orders of
 * docs/notes/go-runtime.md §2 on both threads.
 */
class NewmWalkTest {
  private static final String WALK = GoldenWalk.run("walk", "newm");

  /**
   * Every call line of the go1.13 golden file by the real function it stands for, reviewed against
   * docs/notes/go-runtime.md §2 (go1.13): newm(fn, p) → allocm → mcommoninit (checkmcount under the
   * lock, mpreinit's gsignal from malg → stackalloc, 32 KiB from the heap) → malg for the 8 KiB g0
   * → newm1 → newosproc (all signals blocked around the clone) → the assembly clone, whose system
   * call the kernel runs as kernel_clone → copy_process and each copy_* (docs/notes/kernel.md §2).
   * The new thread: schedule_tail (the kernel's return into the child), settls (arch_prctl, go1.13
   * has no CLONE_SETTLS), mstart → mstart1 → minit (signal stack, signal mask, procid) →
   * acquirep(nextp).
   */
  private static final List<String> STANDS_FOR =
      Arrays.asList(
          """
          newm allocm mcommoninit checkmcount mpreinit malg stackalloc mheap.allocManual
            malg stackalloc
          newm1 newosproc clone kernel_clone copy_process dup_task_struct copy_creds copy_semundo
            copy_files copy_fs copy_sighand copy_signal copy_mm copy_namespaces copy_io copy_thread
            alloc_pid cgroup_can_fork wake_up_new_task
          schedule_tail settls mstart mstart1 minit minitSignalStack minitSignalMask acquirep
          """
              .strip()
              .split("\\s+"));

  private static Variant variant(String version) {
    return new Variant(version, false, false, false, Optional.empty());
  }

  @Test
  void matchesTheReviewedGoldenFileOfGo113() {
    GoldenWalk.assertMatches("walk-newm.txt", WALK);
  }

  @Test
  void matchesTheReviewedGoldenFilesOfGo119AndGo121AndCgo() {
    GoldenWalk.assertMatches(
        "walk-newm-go1.19.txt", GoldenWalk.run("walk", "newm", "--release", "go1.19"));
    GoldenWalk.assertMatches(
        "walk-newm-go1.21.0.txt", GoldenWalk.run("walk", "newm", "--release", "go1.21.0"));
    GoldenWalk.assertMatches("walk-newm-cgo.txt", GoldenWalk.run("walk", "newm", "--cgo"));
    GoldenWalk.assertMatches("walk-newm-locked.txt", GoldenWalk.run("walk", "newm", "--locked"));
  }

  @Test
  void eachCallLineStandsForTheRealFunctionReviewedAgainstTheNotes() {
    assertEquals(STANDS_FOR, GoldenWalk.callLines(WALK));
  }

  @Test
  void go113WalkCitesOnlyGo113OnTheGoSideAndNewmOnce() {
    List<String> goVersions =
        new NewmTopic()
            .run(variant("go1.13")).stream()
                .filter(e -> e instanceof CallEvent c && c.source().file().startsWith("runtime/"))
                .map(e -> ((CallEvent) e).source().version())
                .distinct()
                .toList();
    assertEquals(List.of("go1.13"), goVersions);
    assertEquals(1, GoldenWalk.callLines(WALK).stream().filter("newm"::equals).count());
  }

  @Test
  void theCreatingThreadAndTheNewThreadFollowTheRealGo113Order() {
    assertOrders(variant("go1.13"), RealCallOrder.NEWM_GO113, RealCallOrder.NEWM_GO113_CHILD);
  }

  @Test
  void theCreatingThreadAndTheNewThreadFollowTheRealGo121Order() {
    assertOrders(variant("go1.21.0"), RealCallOrder.NEWM_GO121, RealCallOrder.NEWM_GO121_CHILD);
  }

  private static void assertOrders(
      Variant v, List<RealCallOrder.Step> parentOrder, List<RealCallOrder.Step> childOrder) {
    List<TraceEvent> events = new NewmTopic().run(v);
    int parent = RealCallOrder.firstTidCalling(events, "newm");
    int child = RealCallOrder.firstTidCalling(events, "mstart1");
    assertNotEquals(parent, child);
    RealCallOrder.assertFollows(events, parent, parentOrder);
    RealCallOrder.assertFollows(events, child, childOrder);
  }

  @Test
  void theNewMIsBornWithItsG0AndGsignalOfTheRealSizes() {
    // docs/notes/go-runtime.md §4: g0 8 KiB (8192 × StackGuardMultiplier 1), gsignal 32 KiB
    assertTrue(WALK.contains("malg(32768)"), WALK);
    assertTrue(WALK.contains("malg(8192)"), WALK);
  }

  @Test
  void aLockedMHandsTheNewMToTheTemplateThreadInTheRealGo113Order() {
    List<TraceEvent> events =
        new NewmTopic().run(new Variant("go1.13", false, false, true, Optional.empty()));
    int locked = RealCallOrder.firstTidCalling(events, "newm");
    int template = RealCallOrder.firstTidCalling(events, "templateThread");
    int child = RealCallOrder.firstTidCalling(events, "mstart1");
    assertNotEquals(locked, template);
    RealCallOrder.assertFollows(events, locked, RealCallOrder.NEWM_GO113_LOCKED);
    RealCallOrder.assertFollows(events, template, RealCallOrder.NEWM_GO113_TEMPLATE);
    RealCallOrder.assertFollows(events, child, RealCallOrder.NEWM_GO113_CHILD);
  }
}
