package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmTesting.ANON;
import static io.github.clonepath.kernel.mm.MmTesting.PAGE;
import static io.github.clonepath.kernel.mm.MmTesting.RW;
import static io.github.clonepath.kernel.mm.MmTesting.env;
import static io.github.clonepath.kernel.mm.MmTesting.err;
import static io.github.clonepath.kernel.mm.MmTesting.mm;
import static io.github.clonepath.kernel.syscall.Errno.EAGAIN;
import static io.github.clonepath.kernel.syscall.Errno.EINVAL;
import static io.github.clonepath.kernel.syscall.Errno.ENOMEM;
import static io.github.clonepath.kernel.syscall.Madvise.*;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_ANONYMOUS;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_FIXED;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_SHARED;
import static io.github.clonepath.kernel.syscall.Prot.PROT_NONE;
import static io.github.clonepath.kernel.syscall.Prot.PROT_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** madvise rules (expectations from the real 6.18 runs). */
class MadviseTest {
  @Test
  void unknownAdviceIsEinvalEvenWithZeroLength() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    assertEquals(err(EINVAL), mm.madvise(a, PAGE, 1234));
    assertEquals(err(EINVAL), mm.madvise(a, 0, 1234));
    assertEquals(err(EINVAL), mm.madvise(a, PAGE, -1));
    assertEquals(0, mm.madvise(a, 0, MADV_DONTNEED));
  }

  @Test
  void unalignedStartOrWrappingLengthIsEinval() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    assertEquals(err(EINVAL), mm.madvise(a + 1, PAGE, MADV_DONTNEED));
    assertEquals(err(EINVAL), mm.madvise(a, -4096L, MADV_DONTNEED));
  }

  @Test
  void unmappedRangeIsEnomem() {
    assertEquals(err(ENOMEM), mm().madvise(0, PAGE, MADV_DONTNEED));
  }

  @Test
  void everyValidAdviceSucceedsOnAPrivateReadWritePage() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    int[] ok = {
      MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTFORK, MADV_DOFORK,
      MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_FREE, MADV_DONTDUMP,
      MADV_DODUMP, MADV_MERGEABLE, MADV_COLD, MADV_PAGEOUT
    };
    for (int adv : ok) {
      assertEquals(0, mm.madvise(a, PAGE, adv), format(adv));
    }
    assertEquals(err(EINVAL), mm.madvise(a, PAGE, MADV_REMOVE));
  }

  @Test
  void dontneedDropsPrivateWordsButSharedMemoryKeepsThem() {
    MmStruct mm = mm();
    long a = mm.mmap(0, 2 * PAGE, RW, ANON, -1, 0);
    long s = mm.mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    mm.store32(a, 1);
    mm.store32(a + PAGE, 2);
    mm.store32(s, 3);
    assertEquals(0, mm.madvise(a, PAGE, MADV_DONTNEED));
    assertEquals(0, mm.madvise(s, PAGE, MADV_DONTNEED));
    assertEquals(0, mm.load32(a));
    assertEquals(2, mm.load32(a + PAGE));
    assertEquals(3, mm.load32(s));
  }

  @Test
  void wipeOnForkOnASharedMappingIsEinval() {
    MmStruct mm = mm();
    long s = mm.mmap(0, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assertEquals(err(EINVAL), mm.madvise(s, PAGE, MADV_WIPEONFORK));
    assertEquals(err(EINVAL), mm.madvise(s, PAGE, MADV_FREE));
  }

  @Test
  void removeOnASharedWritableMappingPunchesAHole() {
    MmStruct mm = mm();
    long s = mm.mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    mm.store32(s, 9);
    assertEquals(0, mm.madvise(s, PAGE, MADV_REMOVE));
    assertEquals(0, mm.load32(s));
  }

  @Test
  void flagAdviceSplitsAndTheOppositeAdviceReMerges() {
    MmStruct mm = mm();
    long a = mm.mmap(0, 3 * PAGE, RW, ANON, -1, 0);
    assertEquals(0, mm.madvise(a + PAGE, PAGE, MADV_DONTFORK));
    assertEquals(3, mm.mapCount());
    assertTrue((mm.findVma(a + PAGE).flags() & VmFlags.VM_DONTCOPY) != 0);
    assertEquals(0, mm.madvise(a + PAGE, PAGE, MADV_DOFORK));
    assertEquals(1, mm.mapCount());
  }

  @Test
  void adviceOverAHoleAppliesToTheMappedPartsAndReturnsEnomem() {
    MmStruct mm = mm();
    long a = mm.mmap(0x100000000L, PAGE, RW, ANON | MAP_FIXED, -1, 0);
    mm.mmap(a + 2 * PAGE, PAGE, RW, ANON | MAP_FIXED, -1, 0);
    assertEquals(err(ENOMEM), mm.madvise(a, 3 * PAGE, MADV_DONTFORK));
    assertTrue((mm.findVma(a).flags() & VmFlags.VM_DONTCOPY) != 0);
    assertTrue((mm.findVma(a + 2 * PAGE).flags() & VmFlags.VM_DONTCOPY) != 0);
  }

  @Test
  void splitAtTheMapCountLimitIsEagain() {
    MmStruct mm = new MmStruct(env().maxMapCount(1));
    long a = mm.mmap(0, 3 * PAGE, RW, ANON, -1, 0);
    assertEquals(err(EAGAIN), mm.madvise(a + PAGE, PAGE, MADV_DONTFORK));
    assertEquals(1, mm.mapCount());
  }

  @Test
  void hugepageAdviceReplacesTheNoHugepageOfAStackMapping() {
    MmStruct mm = mm();
    long a =
        mm.mmap(0, PAGE, RW, ANON | io.github.clonepath.kernel.syscall.MapFlags.MAP_STACK, -1, 0);
    mm.madvise(a, PAGE, MADV_HUGEPAGE);
    long f = mm.findVma(a).flags();
    assertTrue((f & VmFlags.VM_HUGEPAGE) != 0 && (f & VmFlags.VM_NOHUGEPAGE) == 0);
  }

  @Test
  void hugepageAdviceIsEinvalWithoutThp() {
    MmStruct mm = new MmStruct(env().thp(false));
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    assertEquals(err(EINVAL), mm.madvise(a, PAGE, MADV_HUGEPAGE));
  }

  @Test
  void populateWriteOnAReadOnlyMappingIsEinval() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, PROT_READ, ANON, -1, 0);
    long n = mm.mmap(0, PAGE, PROT_NONE, ANON, -1, 0);
    assertEquals(err(EINVAL), mm.madvise(a, PAGE, MADV_POPULATE_WRITE));
    assertEquals(0, mm.madvise(a, PAGE, MADV_POPULATE_READ));
    assertEquals(err(EINVAL), mm.madvise(n, PAGE, MADV_POPULATE_READ));
  }
}
