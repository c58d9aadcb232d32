package io.github.clonepath.lab.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.github.clonepath.kernel.syscall.Snapshot;
import io.github.clonepath.kernel.syscall.StructInfo;
import io.github.clonepath.kernel.syscall.TaskInfo;
import io.github.clonepath.kernel.syscall.VmaInfo;
import io.github.clonepath.lab.scenario.Scenarios;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kernel invariants every explored schedule is checked against, before each pick. */
class KernelChecksTest {
  private static TaskInfo task(int tid, int tgid, int mmId, int mmUsers, int fsUsers) {
    return new TaskInfo(
        tid,
        tgid,
        1,
        1,
        "t",
        "S",
        17,
        0,
        ImmutableList.of(
            new StructInfo(StructInfo.Kind.MM, mmId, ImmutableMap.of("mm_users", mmUsers)),
            new StructInfo(StructInfo.Kind.FS, 1, ImmutableMap.of("users", fsUsers))),
        tid);
  }

  private static Snapshot table(TaskInfo... tasks) {
    return new Snapshot(0, ImmutableList.copyOf(tasks), tasks.length, 100, 9, 9, 9);
  }

  private static final List<VmaInfo> FINE =
      List.of(
          new VmaInfo(0x1000, 0x3000, "rw-p", false), new VmaInfo(0x3000, 0x4000, "---p", false));

  @Test
  void twoThreadsSharingTheirStructuresHoldEveryInvariant() {
    assertEquals(
        "", KernelChecks.check(table(task(3, 3, 1, 2, 2), task(4, 3, 1, 2, 2)), p -> FINE));
  }

  @Test
  void aCountThatDisagreesWithItsHoldersIsReported() {
    // fs_struct users left at 3 with two holders: the leak an exit that never drops it would leave
    assertEquals(
        "fs #1: 2 tasks hold it, its count says 3",
        KernelChecks.check(table(task(3, 3, 1, 2, 3), task(4, 3, 1, 2, 3)), p -> FINE));
    assertEquals(
        "mm #1: 2 tasks hold it, its count says 1",
        KernelChecks.check(table(task(3, 3, 1, 1, 2), task(4, 3, 1, 1, 2)), p -> FINE));
  }

  @Test
  @DisplayName("holders are counted per structure wherever they sit in the table")
  void holdersAreCountedWhereverTheySit() {
    // two processes' threads interleaved (mm 1 and mm 2, fs 1 shared by all four): each count holds
    assertEquals(
        "",
        KernelChecks.check(
            table(
                task(3, 3, 1, 2, 4), task(5, 5, 2, 2, 4), task(4, 3, 1, 2, 4), task(6, 5, 2, 2, 4)),
            p -> FINE));
    // one task fewer on mm 2 than its count says, found although its holders are apart
    assertEquals(
        "mm #2: 1 tasks hold it, its count says 2",
        KernelChecks.check(
            table(task(3, 3, 1, 2, 3), task(5, 5, 2, 2, 3), task(4, 3, 1, 2, 3)), p -> FINE));
  }

  @Test
  @DisplayName("of several broken counts, the first in the text's order is reported")
  void theFirstBrokenCountInTextOrderIsReported() {
    // mm #10 and mm #9 both wrong, and fs #1: "fs #1" sorts first, then "mm #10" before "mm #9"
    assertEquals(
        "fs #1: 2 tasks hold it, its count says 5",
        KernelChecks.check(table(task(3, 3, 10, 7, 5), task(4, 4, 9, 7, 5)), p -> FINE));
    assertEquals(
        "mm #10: 1 tasks hold it, its count says 7",
        KernelChecks.check(table(task(3, 3, 10, 7, 2), task(4, 4, 9, 7, 2)), p -> FINE));
  }

  @Test
  void overlappingOrPartialPageVmasAreReported() {
    List<VmaInfo> overlap =
        List.of(
            new VmaInfo(0x1000, 0x3000, "rw-p", false), new VmaInfo(0x2000, 0x4000, "r--p", false));
    assertTrue(
        KernelChecks.check(table(task(3, 3, 1, 1, 1)), p -> overlap)
            .startsWith("pid 3: VMA 0x2000-0x4000 overlaps"));
    List<VmaInfo> partial = List.of(new VmaInfo(0x1000, 0x1800, "rw-p", false));
    assertTrue(
        KernelChecks.check(table(task(3, 3, 1, 1, 1)), p -> partial)
            .startsWith("pid 3: VMA 0x1000-0x1800 is not whole pages"));
  }

  @Test
  @DisplayName("every explored glibc and Go run checks the kernel at each pick, and they hold")
  void exploredRunsCheckTheKernelAtEveryPick() {
    for (String name : List.of("glibc/s6_detached_cache0", "glibc/s2_concurrent", "go/a_hello")) {
      Explorer e = new Explorer(Scenarios.load(name, Map.of()));
      for (long seed = 1; seed <= 20; seed++) {
        Recorder rec = new Recorder(Schedule.DEFAULT, Strategy.random(seed));
        Explorer.Run r = e.run(rec);
        assertEquals("", r.outcome().violation(), name + " seed " + seed);
        assertTrue(rec.checks() > 10, name + ": " + rec.checks() + " checks");
      }
    }
  }
}
