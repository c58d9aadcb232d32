package io.github.clonepath.lab.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.glibc.pthread.StackCacheInfo;
import io.github.clonepath.glibc.pthread.ThreadStack;
import io.github.clonepath.kernel.syscall.VmaInfo;
import io.github.clonepath.lab.scenario.Scenarios;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * glibc's stack-cache invariants every explored glibc schedule is checked against, at each pick.
 */
class StackCacheChecksTest {
  private static final long MB = 1 << 20;
  private static final long PAGE = 4096;

  /** An 8 MiB block with a one-page guard, as allocate_stack maps a default thread's stack. */
  private static ThreadStack block(long at) {
    return new ThreadStack(at, 8 * MB, PAGE, at + 8 * MB - 0x1000, at + 8 * MB - 0x900, 0x900);
  }

  /** The two VMAs glibc leaves for a block: the guard, then the stack. */
  private static List<VmaInfo> mapped(long at) {
    return List.of(
        new VmaInfo(at, at + PAGE, "---p", false),
        new VmaInfo(at + PAGE, at + 8 * MB, "rw-p", false));
  }

  private static final long A = 0x7f0000000000L;
  private static final long B = A + 8 * MB;

  private static List<VmaInfo> both() {
    return List.of(mapped(A).get(0), mapped(A).get(1), mapped(B).get(0), mapped(B).get(1));
  }

  @Test
  void aCacheAsGlibcLeavesItHoldsEveryInvariant() {
    StackCacheInfo c = new StackCacheInfo(8 * MB, 40 * MB, List.of(block(A)), List.of(block(B)));
    assertEquals("", StackCacheChecks.invariants(c, both()));
  }

  @Test
  void aByteCountThatIsNotTheBlocksSumIsReported() {
    // a get_cached_stack that forgot to subtract the reused block
    StackCacheInfo c = new StackCacheInfo(16 * MB, 40 * MB, List.of(block(A)), List.of(block(B)));
    assertEquals(
        "stack_cache_actsize is 16777216, the cached blocks add up to 8388608",
        StackCacheChecks.invariants(c, both()));
  }

  @Test
  void aCachedBlockThatIsUnmappedOrLostItsGuardIsReported() {
    StackCacheInfo c = new StackCacheInfo(8 * MB, 40 * MB, List.of(block(A)), List.of());
    // a free_stacks that unmapped the block but left it on the list
    assertEquals(
        "cached block 0x7f0000000000-0x7f0000800000: 0x7f0000000000 is not mapped",
        StackCacheChecks.invariants(c, List.of()));
    // only the stack's upper half left
    assertTrue(
        StackCacheChecks.invariants(c, List.of(new VmaInfo(A + 4 * MB, A + 8 * MB, "rw-p", false)))
            .endsWith("0x7f0000000000 is not mapped"));
    // the guard made accessible
    assertEquals(
        "cached block 0x7f0000000000-0x7f0000800000: its guard at 0x7f0000000000 is rw-p, not ---",
        StackCacheChecks.invariants(c, List.of(new VmaInfo(A, A + 8 * MB, "rw-p", false))));
    // the stack left inaccessible
    assertEquals(
        "cached block 0x7f0000000000-0x7f0000800000: its stack at 0x7f0000001000 is ---p, not rw-",
        StackCacheChecks.invariants(c, List.of(new VmaInfo(A, A + 8 * MB, "---p", false))));
  }

  @Test
  void aBlockBothInUseAndCachedIsReported() {
    StackCacheInfo c = new StackCacheInfo(8 * MB, 40 * MB, List.of(block(A)), List.of(block(A)));
    assertEquals(
        "block 0x7f0000000000-0x7f0000800000 is both in use and cached",
        StackCacheChecks.invariants(c, mapped(A)));
    ThreadStack half = block(A + 4 * MB);
    StackCacheInfo o = new StackCacheInfo(8 * MB, 40 * MB, List.of(block(A)), List.of(half));
    assertTrue(StackCacheChecks.invariants(o, mapped(A)).endsWith("overlap"));
  }

  @Test
  void aQueueStackThatDidNotTrimFreeBlocksIsReported() {
    StackCacheChecks ok = new StackCacheChecks();
    StackCacheInfo one = new StackCacheInfo(8 * MB, 0, List.of(block(A)), List.of());
    StackCacheInfo two = new StackCacheInfo(16 * MB, 0, List.of(block(B), block(A)), List.of());
    // a cache of limit 0 above it: both threads may still run on their blocks
    assertEquals("", ok.check(one, mapped(A), 2, 0));
    assertEquals("", ok.check(two, both(), 1, 0));
    // the first thread gone before the second was cloned and queued its block: the first block
    // was free at that queue_stack and should have been unmapped
    StackCacheChecks broken = new StackCacheChecks();
    assertEquals("", broken.check(one, mapped(A), 0, 0));
    assertEquals(
        "stack_cache_actsize 16777216 is above the limit 0 after a queue_stack, with 2 cached"
            + " blocks but at most 1 threads that could still run on one",
        broken.check(two, both(), 0, 1));
    // the total staying above the limit without a new queue_stack is what glibc does
    StackCacheChecks stays = new StackCacheChecks();
    assertEquals("", stays.check(two, both(), 2, 0));
    assertEquals("", stays.check(two, both(), 0, 0));
  }

  @Test
  @DisplayName("every explored glibc run checks its stack cache at each pick, and it holds")
  void exploredRunsCheckTheStackCacheAtEveryPick() {
    for (String name :
        List.of("glibc/s6_detached_cache0", "glibc/s2_concurrent", "glibc/s7_cache")) {
      Explorer e = new Explorer(Scenarios.load(name, Map.of()));
      for (long seed = 1; seed <= 40; seed++) {
        Recorder rec = new Recorder(Schedule.DEFAULT, Strategy.random(seed));
        Explorer.Run r = e.run(rec);
        assertEquals("", r.outcome().violation(), name + " seed " + seed);
        // every pick after the C library started; a pick before it has no cache to check
        assertTrue(rec.cacheChecks() >= 3, name + ": " + rec.cacheChecks() + " cache checks");
        assertTrue(rec.checks() - rec.cacheChecks() <= 2, name + ": " + rec.checks());
      }
    }
  }

  @Test
  @DisplayName("no explored schedule of any glibc scenario breaks the stack cache's invariants")
  void everyGlibcScenarioKeepsItsStackCache() {
    for (String name : Scenarios.builtIns()) {
      if (!name.startsWith("glibc/")) {
        continue;
      }
      Explorer e = new Explorer(Scenarios.load(name, Map.of()));
      for (long seed = 1; seed <= 8; seed++) {
        Explorer.Run r = e.run(new Recorder(Schedule.DEFAULT, Strategy.random(seed)));
        assertTrue(
            !r.outcome().violation().startsWith("stack cache"),
            name + " seed " + seed + ": " + r.outcome().violation());
      }
    }
  }
}
