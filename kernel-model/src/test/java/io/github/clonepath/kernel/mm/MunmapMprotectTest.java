package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmTesting.ANON;
import static io.github.clonepath.kernel.mm.MmTesting.PAGE;
import static io.github.clonepath.kernel.mm.MmTesting.RW;
import static io.github.clonepath.kernel.mm.MmTesting.env;
import static io.github.clonepath.kernel.mm.MmTesting.err;
import static io.github.clonepath.kernel.mm.MmTesting.lines;
import static io.github.clonepath.kernel.mm.MmTesting.mm;
import static io.github.clonepath.kernel.syscall.Errno.EINVAL;
import static io.github.clonepath.kernel.syscall.Errno.ENOMEM;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_FIXED;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_GROWSDOWN;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_NORESERVE;
import static io.github.clonepath.kernel.syscall.Prot.PROT_EXEC;
import static io.github.clonepath.kernel.syscall.Prot.PROT_GROWSDOWN;
import static io.github.clonepath.kernel.syscall.Prot.PROT_GROWSUP;
import static io.github.clonepath.kernel.syscall.Prot.PROT_NONE;
import static io.github.clonepath.kernel.syscall.Prot.PROT_READ;
import static io.github.clonepath.kernel.syscall.Prot.PROT_SEM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** munmap and mprotect rules (expectations from the real 6.18 runs and LTP). */
class MunmapMprotectTest {
  @Test
  void munmapOfUnalignedStartZeroLengthOrBeyondTaskSizeIsEinval() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    assertEquals(err(EINVAL), mm.munmap(a + 1, PAGE));
    assertEquals(err(EINVAL), mm.munmap(a, 0));
    assertEquals(err(EINVAL), mm.munmap(0x7ffffffff000L, PAGE));
    assertEquals(err(EINVAL), mm.munmap(0x7fffffffe000L, 2 * PAGE));
  }

  @Test
  void munmapOfAHoleSucceeds() {
    MmStruct mm = mm();
    assertEquals(0, mm.munmap(0, PAGE));
    assertEquals(0, mm.munmap(0x1000, PAGE));
  }

  @Test
  void munmapRoundsTheLengthUpAndSplitsTheVma() {
    MmStruct mm = mm();
    long a = mm.mmap(0, 3 * PAGE, RW, ANON, -1, 0);
    assertEquals(0, mm.munmap(a + PAGE, 1));
    assertEquals(2, mm.mapCount());
    assertEquals(2, mm.totalVm());
  }

  /** LTP munmap04: unmapping the middle of a VMA needs a split, refused at the limit. */
  @Test
  void ltpMunmap04SplitAtTheMapCountLimitIsEnomem() {
    MmStruct mm = new MmStruct(env().maxMapCount(3));
    long a = mm.mmap(0, 3 * PAGE, RW, ANON, -1, 0);
    mm.mmap(0, PAGE, PROT_READ, ANON, -1, 0);
    mm.mmap(0, PAGE, RW, ANON, -1, 0);
    assertEquals(3, mm.mapCount());
    String before = mm.maps();
    assertEquals(err(ENOMEM), mm.munmap(a + PAGE, PAGE));
    assertEquals(before, mm.maps());
    assertEquals(0, mm.munmap(a, PAGE), "trimming an end needs no net new VMA");
    assertEquals(0, mm.munmap(a + 2 * PAGE, PAGE));
  }

  @Test
  void munmapAcrossSeveralVmasAndHolesRemovesAllOfThem() {
    MmStruct mm = mm();
    long a = mm.mmap(0x100000000L, 2 * PAGE, RW, ANON | MAP_FIXED, -1, 0);
    mm.mmap(a + 3 * PAGE, 2 * PAGE, PROT_READ, ANON | MAP_FIXED, -1, 0);
    assertEquals(0, mm.munmap(a + PAGE, 3 * PAGE));
    assertArrayEquals(
        new String[] {
          "100000000-100001000 rw-p 00000000 00:00 0", "100004000-100005000 r--p 00000000 00:00 0"
        },
        lines(mm));
    assertEquals(2, mm.totalVm());
  }

  @Test
  void mprotectOfUnalignedStartIsEinvalAndZeroLengthSucceeds() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    assertEquals(err(EINVAL), mm.mprotect(a + 1, PAGE, PROT_READ));
    assertEquals(0, mm.mprotect(a, 0, PROT_READ));
    assertEquals(0, mm.mprotect(0x1234000, 0, PROT_READ), "length 0 succeeds even unmapped");
  }

  @Test
  void mprotectWithUnknownBitsOrBothGrowsIsEinval() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    assertEquals(err(EINVAL), mm.mprotect(a, PAGE, PROT_READ | 0x10));
    assertEquals(err(EINVAL), mm.mprotect(a, PAGE, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP));
    assertEquals(0, mm.mprotect(a, PAGE, PROT_READ | PROT_SEM));
  }

  @Test
  void mprotectGrowsDownOnAPlainVmaIsEinval() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    assertEquals(err(EINVAL), mm.mprotect(a, PAGE, PROT_READ | PROT_GROWSDOWN));
  }

  @Test
  void mprotectGrowsDownExtendsTheRangeToTheVmaStart() {
    MmStruct mm = mm();
    long a = mm.mmap(0x10000000L, 4 * PAGE, RW, ANON | MAP_GROWSDOWN | MAP_FIXED, -1, 0);
    assertEquals(0, mm.mprotect(a + 2 * PAGE, PAGE, PROT_READ | PROT_GROWSDOWN));
    assertEquals(2, mm.mapCount());
    assertEquals(a, mm.findVma(a).start());
    assertEquals(a + 3 * PAGE, mm.findVma(a).end());
  }

  @Test
  void mprotectOfUnmappedStartOrWrappingLengthIsEnomem() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    assertEquals(err(ENOMEM), mm.mprotect(0, PAGE, PROT_READ));
    assertEquals(err(ENOMEM), mm.mprotect(a, -4096L, PROT_READ));
  }

  @Test
  void mprotectOverAHoleFailsWithEnomemLeavingTheVmasBeforeTheHoleChanged() {
    MmStruct mm = mm();
    long a = mm.mmap(0x100000000L, 2 * PAGE, RW, ANON | MAP_FIXED, -1, 0);
    mm.mmap(a + 3 * PAGE, PAGE, RW, ANON | MAP_FIXED, -1, 0);
    assertEquals(err(ENOMEM), mm.mprotect(a + PAGE, 3 * PAGE, PROT_READ));
    assertArrayEquals(
        new String[] {
          "100000000-100001000 rw-p 00000000 00:00 0",
          "100001000-100002000 r--p 00000000 00:00 0",
          "100003000-100004000 rw-p 00000000 00:00 0"
        },
        lines(mm));
  }

  /** LTP mprotect05: the middle page split off into three VMAs, then merged back. */
  @Test
  void ltpMprotect05SplitsIntoThreeAndReMergesWithEqualNeighbours() {
    MmStruct mm = mm();
    long a = mm.mmap(0, 3 * PAGE, RW, ANON, -1, 0);
    assertEquals(0, mm.mprotect(a + PAGE, PAGE, PROT_READ));
    assertEquals(3, mm.mapCount());
    assertEquals(0, mm.mprotect(a + PAGE, PAGE, RW));
    assertEquals(1, mm.mapCount());
    assertEquals(3, mm.findVma(a).pages());
  }

  @Test
  void mprotectSplitAtTheMapCountLimitIsEnomem() {
    MmStruct mm = new MmStruct(env().maxMapCount(1));
    long a = mm.mmap(0, 3 * PAGE, RW, ANON, -1, 0);
    assertEquals(err(ENOMEM), mm.mprotect(a + PAGE, PAGE, PROT_READ));
    assertEquals(1, mm.mapCount());
  }

  @Test
  void mprotectToWritableChargesTheCommitOnce() {
    StandardMmEnvironment env = env();
    MmStruct mm = new MmStruct(env);
    long a = mm.mmap(0, 4 * PAGE, PROT_NONE, ANON, -1, 0);
    assertEquals(0, env.committedPages());
    assertEquals(0, mm.mprotect(a, 4 * PAGE, RW));
    assertEquals(4, env.committedPages());
    assertEquals(0, mm.mprotect(a, 4 * PAGE, PROT_READ | PROT_EXEC));
    assertEquals(0, mm.mprotect(a, 4 * PAGE, RW));
    assertEquals(4, env.committedPages());
  }

  @Test
  void readOnlyAgainBeforeAnyWriteGivesTheChargeBackAndMergesWithAnUnchargedNeighbour() {
    // real 6.18: RW->R of an untouched private map drops VM_ACCOUNT and merges with an R map
    StandardMmEnvironment env = env();
    MmStruct mm = new MmStruct(env);
    long h = mm.mmap(0x500002000L, PAGE, PROT_READ, ANON | MAP_FIXED, -1, 0);
    long i = mm.mmap(0x500003000L, PAGE, RW, ANON | MAP_FIXED, -1, 0);
    assertEquals(2, mm.mapCount());
    assertEquals(0, mm.mprotect(i, PAGE, PROT_READ));
    assertEquals(1, mm.mapCount());
    assertEquals(h, mm.findVma(i).start());
    assertEquals(0, env.committedPages());
  }

  @Test
  void readOnlyAgainAfterAWriteKeepsTheCharge() {
    StandardMmEnvironment env = env();
    MmStruct mm = new MmStruct(env);
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    mm.store32(a, 1);
    mm.mprotect(a, PAGE, PROT_READ);
    assertEquals(1, env.committedPages());
    assertTrue((mm.findVma(a).flags() & VmFlags.VM_ACCOUNT) != 0);
  }

  @Test
  void noreserveMapBecomingWritableIsNotCharged() {
    StandardMmEnvironment env = env();
    MmStruct mm = new MmStruct(env);
    long a = mm.mmap(0, PAGE, PROT_NONE, ANON | MAP_NORESERVE, -1, 0);
    mm.mprotect(a, PAGE, RW);
    assertEquals(0, env.committedPages());
  }

  /**
   * Real 6.18 (FINDINGS s8): B = mmap 64 TiB PROT_NONE ok, mprotect(B+4096) RW ENOMEM, munmap ok.
   */
  @Test
  void hugeReservationSucceedsButMakingItWritableIsEnomem() {
    StandardMmEnvironment env = env();
    MmStruct mm = new MmStruct(env);
    long b =
        mm.mmap(
            0,
            70368744181760L,
            PROT_NONE,
            ANON | io.github.clonepath.kernel.syscall.MapFlags.MAP_STACK,
            -1,
            0);
    assertTrue(b > 0);
    assertEquals(err(ENOMEM), mm.mprotect(b + PAGE, 70368744177664L, RW));
    assertEquals(1, mm.mapCount());
    assertEquals(0, env.committedPages());
    assertEquals(0, mm.privateWordCount());
    assertEquals(0, mm.munmap(b, 70368744181760L));
    assertEquals(0, mm.mapCount());
  }

  @Test
  void rlimitAsRefusesMakingAReservationWritableOnlyWhenDataGrows() {
    MmStruct mm = new MmStruct(env().rlimitData(PAGE));
    long a = mm.mmap(0, 2 * PAGE, PROT_NONE, ANON, -1, 0);
    assertEquals(0, mm.mprotect(a, PAGE, RW));
    assertEquals(err(ENOMEM), mm.mprotect(a + PAGE, PAGE, RW));
  }
}
