package io.github.clonepath.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Snapshot;
import io.github.clonepath.kernel.syscall.TaskInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs every benchmark body once at a small size, so a broken benchmark fails the build. */
class BenchmarkSmokeTest {

  private static VmaScaleBenchmark built(String layout) {
    VmaScaleBenchmark b = new VmaScaleBenchmark();
    b.vmas = 100;
    b.layout = layout;
    b.build();
    return b;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"split", "holes"})
  @DisplayName("the VMA layout has exactly the VMAs asked for, one per page, every other page")
  void layoutHasTheRequestedVmaCount(String layout) {
    VmaScaleBenchmark b = built(layout);
    String[] lines = b.process().maps().split("\n");
    assertEquals(100, lines.length);
    // Below the stack (the last line), one-page VMAs whose protections alternate (split) or which
    // are a page
    // apart (holes), as mprotect and munmap of every other page of one mapping leave them.
    long prevStart = -1;
    for (String line : java.util.Arrays.copyOf(lines, lines.length - 1)) {
      long start = Long.parseUnsignedLong(line.substring(0, line.indexOf('-')), 16);
      long end =
          Long.parseUnsignedLong(line.substring(line.indexOf('-') + 1, line.indexOf(' ')), 16);
      assertEquals(VmaScaleBenchmark.PAGE, end - start, line);
      if (prevStart >= 0) {
        long stride = layout.equals("holes") ? 2 * VmaScaleBenchmark.PAGE : VmaScaleBenchmark.PAGE;
        assertEquals(stride, start - prevStart, line);
      }
      prevStart = start;
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"split", "holes"})
  @DisplayName("every VMA benchmark body runs and leaves the address space as it found it")
  void vmaBenchmarksLeaveTheAddressSpaceUnchanged(String layout) {
    VmaScaleBenchmark b = built(layout);
    String before = b.process().maps();
    b.mmapMunmap();
    assertEquals(before, b.process().maps(), "after mmap+munmap");
    b.mprotectSplitMerge();
    assertEquals(before, b.process().maps(), "after mprotect there and back");
    b.madviseDontneed();
    assertEquals(before, b.process().maps(), "after madvise");
    b.signalOnly();
    assertEquals(before, b.process().maps(), "after the signal alone");
  }

  @Test
  @DisplayName("clearing the log between iterations empties it; the parked process keeps working")
  void clearLogEmptiesTheLogAndTheAddressSpaceLivesOn() {
    VmaScaleBenchmark b = built("holes");
    String before = b.process().maps();
    b.mmapMunmap();
    assertTrue(b.process().loggedEvents() > 2 * VmaScaleBenchmark.OPS, "mmap and munmap logged");
    b.clearLog();
    assertEquals(0, b.process().loggedEvents());
    b.mmapMunmap();
    assertEquals(before, b.process().maps(), "a second iteration in the same address space");
    assertTrue(b.process().loggedEvents() > 2 * VmaScaleBenchmark.OPS, "logged afresh");
  }

  @Test
  @DisplayName("the thread benchmark creates every thread and the shell reaps the whole group")
  void threadBenchmarkReapsEveryThread() {
    ThreadCreateBenchmark b = new ThreadCreateBenchmark();
    b.threads = 100;
    b.boot();
    Snapshot before = b.machine().inspect();
    assertEquals(0, b.cloneThreadsAndReap());
    Snapshot after = b.machine().inspect();
    // copy_process counts every task it makes: the shell's fork for the spawn, then each clone.
    assertEquals(1 + 100, after.totalForks() - before.totalForks());
    assertEquals(before.nrThreads(), after.nrThreads(), "nr_threads back where it was");
    for (TaskInfo t : after.tasks()) {
      assertFalse(t.comm().equals("threads"), "left behind: " + t);
    }
  }
}
