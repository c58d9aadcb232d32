package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmTesting.ANON;
import static io.github.clonepath.kernel.mm.MmTesting.PAGE;
import static io.github.clonepath.kernel.mm.MmTesting.RW;
import static io.github.clonepath.kernel.mm.MmTesting.env;
import static io.github.clonepath.kernel.mm.MmTesting.lines;
import static io.github.clonepath.kernel.mm.MmTesting.mm;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_32BIT;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_ANONYMOUS;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_FIXED;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_SHARED;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_STACK;
import static io.github.clonepath.kernel.syscall.Prot.PROT_NONE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The x86-64 layout: mmap_base, top-down placement, THP alignment, MAP_32BIT. */
class LayoutTest {
  @Test
  void mmapBaseWithAslrOffAnd8MibStackIs0x7ffff7fff000() {
    assertEquals(0x7ffff7fff000L, mm().mmapBase());
  }

  @Test
  void mmapBaseGapIsClampedToFiveSixthsOfTaskSizeForUnlimitedStack() {
    MmStruct mm = new MmStruct(env().rlimitStack(MmEnvironment.RLIM_INFINITY));
    long gapMax = (MmStruct.TASK_SIZE / 6) * 5;
    assertEquals(MmStruct.pageAlign(MmStruct.TASK_SIZE - gapMax), mm.mmapBase());
  }

  @Test
  void mmapBaseGapGrowsWithALargeStackLimit() {
    MmStruct mm = new MmStruct(env().rlimitStack(1L << 30));
    assertEquals(MmStruct.TASK_SIZE - (1L << 30) - MmStruct.STACK_GUARD_GAP, mm.mmapBase());
  }

  @Test
  void seededRandomisationIsDeterministicAndWithinTheRandomRange() {
    MmStruct a = new MmStruct(env(), 42);
    MmStruct b = new MmStruct(env(), 42);
    MmStruct c = new MmStruct(env(), 43);
    assertEquals(a.mmapBase(), b.mmapBase());
    assertNotEquals(a.mmapBase(), c.mmapBase());
    long gap = (8L << 20) + (0x3fffffL << 12) + MmStruct.STACK_GUARD_GAP;
    long highest = MmStruct.TASK_SIZE - gap;
    long lowest = highest - (((1L << 28) - 1) << 12);
    assertTrue(a.mmapBase() <= highest && a.mmapBase() >= lowest);
    assertEquals(0, a.mmapBase() % PAGE);
  }

  @Test
  void glibcDefaultStackLandsDirectlyBelowMmapBase() {
    MmStruct mm = mm();
    long a = mm.mmap(0, 8392704, PROT_NONE, ANON | MAP_STACK, -1, 0);
    assertEquals(0x7ffff77fe000L, a);
  }

  @Test
  void consecutiveMapsLandDirectlyBelowEachOtherAndMerge() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    long b = mm.mmap(0, 2 * PAGE, RW, ANON, -1, 0);
    assertEquals(a - 2 * PAGE, b);
    assertEquals(1, mm.mapCount());
    assertEquals(3, mm.totalVm());
  }

  @Test
  void aHintInAFreeRangeIsUsedAndAnOccupiedHintIsIgnored() {
    MmStruct mm = mm();
    assertEquals(0x100000000L, mm.mmap(0x100000000L, PAGE, RW, ANON, -1, 0));
    long b = mm.mmap(0x100000000L, PAGE, PROT_NONE, ANON, -1, 0);
    assertEquals(0x7ffff7fff000L - PAGE, b);
  }

  @Test
  void aHintBelowMmapMinAddrIsRaisedToIt() {
    assertEquals(0x10000L, mm().mmap(0x1000, PAGE, RW, ANON, -1, 0));
  }

  @Test
  void placementSkipsTheStackGuardGapBelowAGrowsDownMapping() {
    MmStruct mm = mm();
    long top = 0x7ffff7fff000L;
    mm.mmap(
        top - PAGE,
        PAGE,
        RW,
        ANON | MAP_FIXED | io.github.clonepath.kernel.syscall.MapFlags.MAP_GROWSDOWN,
        -1,
        0);
    long b = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    assertEquals(top - PAGE - MmStruct.STACK_GUARD_GAP - PAGE, b);
  }

  /**
   * The real 6.18 run (setarch -R) with a mapping ending at 0x7ffff7dd2000: 4 MiB anonymous maps
   * are 2 MiB aligned (MAP_STACK ones too, and those stay apart from plain ones), a shared 4 MiB
   * map and a 4 MiB + 4 KiB map are not, and two adjacent read-write 4 MiB maps merge.
   */
  @Test
  void anonymousMapsOfTwoMibMultiplesAreThpAlignedAsOnTheReferenceKernel() {
    MmStruct mm = mm();
    long top = 0x7ffff7dd2000L;
    mm.mmap(top, 0x7ffff7fff000L - top, RW, ANON | MAP_FIXED, -1, 0);
    assertEquals(0x7ffff7800000L, mm.mmap(0, 4 << 20, PROT_NONE, ANON, -1, 0));
    assertEquals(0x7ffff7400000L, mm.mmap(0, 4 << 20, PROT_NONE, ANON | MAP_STACK, -1, 0));
    assertEquals(
        0x7ffff7000000L, mm.mmap(0, 4 << 20, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
    assertEquals(0x7ffff6bff000L, mm.mmap(0, (4 << 20) + PAGE, PROT_NONE, ANON, -1, 0));
    assertEquals(0x7ffff6600000L, mm.mmap(0, 4 << 20, RW, ANON, -1, 0));
    assertEquals(0x7ffff6200000L, mm.mmap(0, 4 << 20, RW, ANON, -1, 0));
    String[] l = lines(mm);
    assertEquals("7ffff6200000-7ffff6a00000 rw-p 00000000 00:00 0", l[0]);
    assertEquals("7ffff6bff000-7ffff7000000 ---p 00000000 00:00 0", l[1]);
    assertEquals("7ffff7400000-7ffff7800000 ---p 00000000 00:00 0", l[3]);
    assertEquals("7ffff7800000-7ffff7c00000 ---p 00000000 00:00 0", l[4]);
  }

  @Test
  void withoutThpTwoMibMultiplesAreNotAligned() {
    MmStruct mm = new MmStruct(env().thp(false));
    assertEquals(0x7ffff7fff000L - (4 << 20), mm.mmap(0, 4 << 20, PROT_NONE, ANON, -1, 0));
  }

  @Test
  void map32bitPlacesBottomUpInTheLowTwoGib() {
    MmStruct mm = mm();
    assertEquals(0x40000000L, mm.mmap(0, PAGE, RW, ANON | MAP_32BIT, -1, 0));
    assertEquals(0x40001000L, mm.mmap(0, PAGE, PROT_NONE, ANON | MAP_32BIT, -1, 0));
  }

  @Test
  void legacyLayoutPlacesBottomUpFromATaskSizeThird() {
    MmStruct mm = new MmStruct(env().legacyVaLayout(true));
    long base = MmStruct.pageAlign(MmStruct.TASK_SIZE / 3);
    assertEquals(base, mm.mmap(0, PAGE, RW, ANON, -1, 0));
    assertEquals(base + PAGE, mm.mmap(0, PAGE, RW, ANON, -1, 0));
    assertArrayEquals(
        new String[] {String.format("%x-%x rw-p 00000000 00:00 0", base, base + 2 * PAGE)},
        lines(mm));
  }

  @Test
  void aFullTopDownAreaFallsBackToBottomUpAboveMmapBase() {
    MmStruct mm = new MmStruct(env().mmapMinAddr(PAGE));
    long len = 0x7ffff7fff000L - PAGE;
    int noreserve = io.github.clonepath.kernel.syscall.MapFlags.MAP_NORESERVE;
    assertEquals(PAGE, mm.mmap(0, len, PROT_NONE, ANON | noreserve, -1, 0));
    assertEquals(0x7ffff7fff000L, mm.mmap(0, PAGE, PROT_NONE, ANON, -1, 0));
  }
}
