package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmTesting.ANON;
import static io.github.clonepath.kernel.mm.MmTesting.PAGE;
import static io.github.clonepath.kernel.mm.MmTesting.RW;
import static io.github.clonepath.kernel.mm.MmTesting.env;
import static io.github.clonepath.kernel.mm.MmTesting.err;
import static io.github.clonepath.kernel.mm.MmTesting.lines;
import static io.github.clonepath.kernel.mm.MmTesting.mm;
import static io.github.clonepath.kernel.syscall.Errno.EBADF;
import static io.github.clonepath.kernel.syscall.Errno.EEXIST;
import static io.github.clonepath.kernel.syscall.Errno.EINVAL;
import static io.github.clonepath.kernel.syscall.Errno.ENOMEM;
import static io.github.clonepath.kernel.syscall.Errno.EPERM;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_ANONYMOUS;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_FIXED;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_FIXED_NOREPLACE;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_GROWSDOWN;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_NORESERVE;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_POPULATE;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_PRIVATE;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_SHARED;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_SHARED_VALIDATE;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_STACK;
import static io.github.clonepath.kernel.syscall.Prot.PROT_GROWSDOWN;
import static io.github.clonepath.kernel.syscall.Prot.PROT_NONE;
import static io.github.clonepath.kernel.syscall.Prot.PROT_READ;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.MapFlags;
import org.junit.jupiter.api.Test;

/** mmap's checks in the kernel's order and its effects (expectations from the real 6.18 runs). */
class MmapTest {
  @Test
  void zeroLengthIsEinval() {
    assertEquals(err(EINVAL), mm().mmap(0, 0, PROT_READ, ANON, -1, 0));
  }

  @Test
  void unalignedOffsetIsEinvalEvenBeforeZeroLength() {
    assertEquals(err(EINVAL), mm().mmap(0, 0, PROT_READ, ANON, -1, 4097));
  }

  @Test
  void alignedOffsetIsAcceptedForAnonymousMaps() {
    assertTrue(mm().mmap(0, PAGE, PROT_READ, ANON, -1, PAGE) > 0);
  }

  @Test
  void lengthThatRoundsPastTaskSizeIsEnomem() {
    assertEquals(err(ENOMEM), mm().mmap(0, -4096L, PROT_READ, ANON, -1, 0));
  }

  @Test
  void typeZeroIsEinval() {
    assertEquals(err(EINVAL), mm().mmap(0, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0));
  }

  @Test
  void sharedValidateIsEinvalForAnonymousMaps() {
    assertEquals(
        err(EINVAL), mm().mmap(0, PAGE, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0));
  }

  @Test
  void sharedGrowsDownIsEinval() {
    assertEquals(
        err(EINVAL),
        mm().mmap(0, PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0));
  }

  @Test
  void withoutMapAnonymousEveryDescriptorIsEbadf() {
    assertEquals(err(EBADF), mm().mmap(0, PAGE, PROT_READ, MAP_PRIVATE, 77, 0));
    assertEquals(err(EBADF), mm().mmap(0, PAGE, PROT_READ, MAP_PRIVATE, -1, 0));
  }

  @Test
  void unknownProtBitsAreIgnoredByMmap() {
    MmStruct mm = mm();
    assertTrue(mm.mmap(0, PAGE, PROT_READ | 0x100, ANON, -1, 0) > 0);
    assertTrue(mm.mmap(0, PAGE, PROT_READ | PROT_GROWSDOWN, ANON, -1, 0) > 0);
  }

  @Test
  void fixedUnalignedAddressIsEinval() {
    assertEquals(err(EINVAL), mm().mmap(0x10001, PAGE, PROT_READ, ANON | MAP_FIXED, -1, 0));
  }

  @Test
  void fixedRangeEndingPastTaskSizeIsEnomem() {
    MmStruct mm = mm();
    assertEquals(err(ENOMEM), mm.mmap(0x7ffffffff000L, PAGE, PROT_READ, ANON | MAP_FIXED, -1, 0));
    assertEquals(
        err(ENOMEM), mm.mmap(0x7fffffffe000L, 2 * PAGE, PROT_READ, ANON | MAP_FIXED, -1, 0));
  }

  @Test
  void fixedBelowMmapMinAddrIsEpermForAnUnprivilegedProcess() {
    assertEquals(err(EPERM), mm().mmap(0x1000, PAGE, PROT_READ, ANON | MAP_FIXED, -1, 0));
  }

  @Test
  void fixedNoreplaceOverAMappingIsEexistAndChangesNothing() {
    MmStruct mm = mm();
    long a = mm.mmap(0, 3 * PAGE, RW, ANON, -1, 0);
    String before = mm.maps();
    assertEquals(
        err(EEXIST), mm.mmap(a + PAGE, PAGE, PROT_NONE, ANON | MAP_FIXED_NOREPLACE, -1, 0));
    assertEquals(before, mm.maps());
    assertEquals(a - PAGE, mm.mmap(a - PAGE, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0));
  }

  @Test
  void fixedNoreplaceOverlapIsCheckedBeforeTheType() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    assertEquals(err(EEXIST), mm.mmap(a, PAGE, RW, MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0));
  }

  @Test
  void fixedReplacesTheMiddleOfAMappingSplittingItInThree() {
    MmStruct mm = mm();
    long a = mm.mmap(0, 3 * PAGE, RW, ANON, -1, 0);
    mm.store32(a + PAGE, 7);
    mm.store32(a, 1);
    assertEquals(a + PAGE, mm.mmap(a + PAGE, PAGE, PROT_READ, ANON | MAP_FIXED, -1, 0));
    assertEquals(3, mm.mapCount());
    assertEquals(0, mm.load32(a + PAGE));
    assertEquals(1, mm.load32(a));
    assertEquals(3, mm.totalVm());
  }

  @Test
  void fixedWithTheSameProtectionReMergesIntoOneVma() {
    MmStruct mm = mm();
    long a = mm.mmap(0, 3 * PAGE, RW, ANON, -1, 0);
    mm.mmap(a + PAGE, PAGE, RW, ANON | MAP_FIXED, -1, 0);
    assertEquals(1, mm.mapCount());
  }

  @Test
  void mapStackVmaDoesNotMergeWithAPlainNeighbour() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, PROT_NONE, ANON, -1, 0);
    long b = mm.mmap(0, PAGE, PROT_NONE, ANON | MAP_STACK, -1, 0);
    assertEquals(a - PAGE, b);
    assertEquals(2, mm.mapCount());
    assertTrue((mm.findVma(b).flags() & VmFlags.VM_NOHUGEPAGE) != 0);
  }

  @Test
  void sharedAnonymousMapsNeverMergeWithEachOther() {
    MmStruct mm = mm();
    mm.mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    mm.mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assertEquals(2, mm.mapCount());
  }

  @Test
  void newMapsAreRefusedOnlyOnceMapCountExceedsTheLimit() {
    MmStruct mm = new MmStruct(env().maxMapCount(4));
    for (int i = 0; i < 5; i++) {
      int prot = i % 2 == 0 ? RW : PROT_READ;
      assertTrue(mm.mmap(0, PAGE, prot, ANON, -1, 0) > 0, "map " + i);
    }
    assertEquals(5, mm.mapCount());
    assertEquals(err(ENOMEM), mm.mmap(0, PAGE, RW, ANON, -1, 0));
  }

  @Test
  void rlimitAsRefusesGrowthButDiscountsWhatFixedReplaces() {
    MmStruct mm = new MmStruct(env().rlimitAs(4 * PAGE));
    long a = mm.mmap(0, 4 * PAGE, RW, ANON, -1, 0);
    assertEquals(err(ENOMEM), mm.mmap(0, PAGE, RW, ANON, -1, 0));
    assertEquals(a, mm.mmap(a, 2 * PAGE, PROT_READ, ANON | MAP_FIXED, -1, 0));
    assertEquals(4, mm.totalVm());
  }

  @Test
  void rlimitDataRefusesPrivateWritableButNotReadOnlyMaps() {
    MmStruct mm = new MmStruct(env().rlimitData(PAGE));
    assertTrue(mm.mmap(0, PAGE, RW, ANON, -1, 0) > 0);
    assertEquals(err(ENOMEM), mm.mmap(0, PAGE, RW, ANON, -1, 0));
    assertTrue(mm.mmap(0, PAGE, PROT_READ, ANON, -1, 0) > 0);
  }

  @Test
  void privateWritableMapsAreChargedAndNoreserveOrReadOnlyOnesAreNot() {
    StandardMmEnvironment env = env();
    MmStruct mm = new MmStruct(env);
    long a = mm.mmap(0, 2 * PAGE, RW, ANON, -1, 0);
    assertEquals(2, env.committedPages());
    assertTrue((mm.findVma(a).flags() & VmFlags.VM_ACCOUNT) != 0);
    mm.mmap(0, PAGE, RW, ANON | MAP_NORESERVE, -1, 0);
    mm.mmap(0, PAGE, PROT_READ, ANON, -1, 0);
    assertEquals(2, env.committedPages());
    mm.munmap(a, 2 * PAGE);
    assertEquals(0, env.committedPages());
  }

  @Test
  void sharedAnonymousMapsChargeTheirObjectUntilTheLastVmaGoes() {
    StandardMmEnvironment env = env();
    MmStruct mm = new MmStruct(env);
    long a = mm.mmap(0, 4 * PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assertEquals(4, env.committedPages());
    mm.munmap(a, PAGE);
    assertEquals(4, env.committedPages());
    mm.munmap(a, 4 * PAGE);
    assertEquals(0, env.committedPages());
  }

  @Test
  void aSingleChargeLargerThanRamPlusSwapIsEnomem() {
    MmStruct mm = new MmStruct(env().memory(100, 20));
    assertEquals(err(ENOMEM), mm.mmap(0, 121 * PAGE, RW, ANON, -1, 0));
    assertTrue(mm.mmap(0, 120 * PAGE, RW, ANON, -1, 0) > 0);
    assertTrue(mm.mmap(0, 120 * PAGE, RW, ANON, -1, 0) > 0);
  }

  @Test
  void populateGivesAPrivateWritableMappingItsAnonVma() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, RW, ANON | MAP_POPULATE, -1, 0);
    assertNotEquals(0, mm.findVma(a).anonVma());
    long b = mm.mmap(0, PAGE, PROT_READ, ANON | MAP_POPULATE, -1, 0);
    assertEquals(0, mm.findVma(b).anonVma());
  }

  @Test
  void growsDownMapsCountAsStackAndGrowOnAFaultBelow() {
    MmStruct mm = mm();
    long a = mm.mmap(0x10000000L, PAGE, RW, ANON | MAP_GROWSDOWN | MAP_FIXED, -1, 0);
    assertEquals(1, mm.stackVm());
    mm.store32(a - 2 * PAGE + 8, 5);
    assertEquals(a - 2 * PAGE, mm.findVma(a).start());
    assertEquals(3, mm.stackVm());
    assertEquals(5, mm.load32(a - 2 * PAGE + 8));
  }

  @Test
  void hugetlbAndLockedMapsAreRefusedLoudly() {
    MmStruct mm = mm();
    assertThrows(
        IllegalArgumentException.class,
        () -> mm.mmap(0, PAGE, RW, ANON | MapFlags.MAP_HUGETLB, -1, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> mm.mmap(0, PAGE, RW, ANON | MapFlags.MAP_LOCKED, -1, 0));
  }

  @Test
  void sharedAnonymousLineShowsTheShmemFileAtColumn73() {
    MmStruct mm = mm();
    long a = mm.mmap(0, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    // real: "7fbaedc51000-7fbaedc53000 rw-s 00000000 00:01 3" + 26 spaces + "/dev/zero (deleted)"
    String expected =
        String.format("%x-%x rw-s 00000000 00:01 1", a, a + 2 * PAGE)
            + " ".repeat(73 - 47)
            + "/dev/zero (deleted)";
    assertArrayEquals(new String[] {expected}, lines(mm));
  }

  @Test
  void anonymousLinesEndWithTheSpaceAfterTheInode() {
    MmStruct mm = mm();
    mm.mmap(0x40c74000L, PAGE, PROT_READ, ANON | MAP_FIXED, -1, 0);
    assertEquals("40c74000-40c75000 r--p 00000000 00:00 0 \n", mm.maps());
  }
}
