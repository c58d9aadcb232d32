package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmTesting.ANON;
import static io.github.clonepath.kernel.mm.MmTesting.PAGE;
import static io.github.clonepath.kernel.mm.MmTesting.RW;
import static io.github.clonepath.kernel.mm.MmTesting.env;
import static io.github.clonepath.kernel.mm.MmTesting.mm;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_DONTFORK;
import static io.github.clonepath.kernel.syscall.Madvise.MADV_WIPEONFORK;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_ANONYMOUS;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_SHARED;
import static io.github.clonepath.kernel.syscall.Prot.PROT_EXEC;
import static io.github.clonepath.kernel.syscall.Prot.PROT_NONE;
import static io.github.clonepath.kernel.syscall.Prot.PROT_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.UserFault;
import org.junit.jupiter.api.Test;

/** dup_mm for fork, refcounts, exit, and the user memory words. */
class ForkAndWordsTest {
  @Test
  void forkCopiesPrivateWordsSoLaterWritesStayPrivate() {
    MmStruct parent = mm();
    long a = parent.mmap(0, PAGE, RW, ANON, -1, 0);
    parent.store32(a, 1);
    MmStruct child = MmFork.dupMm(parent, null);
    child.store32(a, 2);
    assertEquals(1, parent.load32(a));
    assertEquals(2, child.load32(a));
    assertEquals(parent.maps(), child.maps());
    assertEquals(1, child.mmUsers());
    assertEquals(1, child.mmCount());
  }

  @Test
  void forkSharesMapSharedWords() {
    MmStruct parent = mm();
    long s = parent.mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    MmStruct child = MmFork.dupMm(parent, null);
    child.store32(s, 5);
    assertEquals(5, parent.load32(s));
    assertEquals(2, parent.findVma(s).shmem().refs());
  }

  @Test
  void forkSkipsDontforkVmasAndSubtractsThemFromTheCounters() {
    MmStruct parent = mm();
    long a = parent.mmap(0, 2 * PAGE, RW, ANON, -1, 0);
    parent.mmap(0, PAGE, PROT_READ, ANON, -1, 0);
    parent.madvise(a, 2 * PAGE, MADV_DONTFORK);
    MmStruct child = MmFork.dupMm(parent, null);
    assertEquals(1, child.mapCount());
    assertEquals(1, child.totalVm());
    assertEquals(0, child.dataVm());
    assertEquals(3, parent.totalVm());
  }

  @Test
  void forkGivesWipeonforkVmasNoWords() {
    MmStruct parent = mm();
    long a = parent.mmap(0, PAGE, RW, ANON, -1, 0);
    parent.store32(a, 7);
    parent.madvise(a, PAGE, MADV_WIPEONFORK);
    MmStruct child = MmFork.dupMm(parent, null);
    assertEquals(0, child.load32(a));
    assertEquals(7, parent.load32(a));
    assertEquals(1, child.mapCount());
  }

  @Test
  void forkReChargesAccountedVmasAndFailsWhenOneIsTooLarge() {
    StandardMmEnvironment env = env().memory(10, 0);
    MmStruct parent = new MmStruct(env);
    parent.mmap(0, 8 * PAGE, RW, ANON, -1, 0);
    MmStruct child = MmFork.dupMm(parent, null);
    assertEquals(16, env.committedPages());
    child.mmput();
    assertEquals(8, env.committedPages());
    MmStruct small = new MmStruct(env().memory(10, 0));
    long b = small.mmap(0, 8 * PAGE, PROT_NONE, ANON, -1, 0);
    assertTrue(b > 0);
    assertTrue(MmFork.dupMm(small, null) != null, "uncharged VMAs need no charge at fork");
  }

  @Test
  void forkChargesPerVmaSoTwoMergedMapsCanFailWhereEachMapSucceeded() {
    StandardMmEnvironment env = env().memory(10, 0);
    MmStruct parent = new MmStruct(env);
    parent.mmap(0, 6 * PAGE, RW, ANON, -1, 0);
    parent.mmap(0, 6 * PAGE, RW, ANON, -1, 0);
    assertEquals(1, parent.mapCount());
    assertEquals(12, env.committedPages());
    assertNull(MmFork.dupMm(parent, null));
    assertEquals(12, env.committedPages());
  }

  @Test
  void mmputOfTheLastUserUnmapsEverythingAndDropsTheStruct() {
    StandardMmEnvironment env = env();
    MmStruct mm = new MmStruct(env);
    mm.mmap(0, PAGE, RW, ANON, -1, 0);
    mm.mmget();
    mm.mmput();
    assertEquals(1, mm.mapCount());
    mm.mmput();
    assertEquals(0, mm.mapCount());
    assertEquals(0, mm.mmUsers());
    assertEquals(0, mm.mmCount());
    assertEquals(0, env.committedPages());
    assertThrows(IllegalStateException.class, mm::mmput);
  }

  @Test
  void wordsAreZeroUntilStoredAndLittleEndianAcross64Bits() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    assertEquals(0, mm.load64(a));
    mm.store64(a + 8, 0x1122334455667788L);
    assertEquals(0x55667788, mm.load32(a + 8));
    assertEquals(0x11223344, mm.load32(a + 12));
    assertEquals(0x1122334455667788L, mm.load64(a + 8));
  }

  @Test
  void storingZeroKeepsTheStoreSparse() {
    MmStruct mm = mm();
    long a = mm.mmap(0, PAGE, RW, ANON, -1, 0);
    mm.store32(a, 3);
    mm.store32(a, 0);
    assertEquals(0, mm.privateWordCount());
  }

  @Test
  void accessesFaultWhenUnmappedOrWithoutPermission() {
    MmStruct mm = mm();
    long r = mm.mmap(0, PAGE, PROT_READ, ANON, -1, 0);
    long n =
        mm.mmap(
            0,
            PAGE,
            PROT_NONE,
            ANON | io.github.clonepath.kernel.syscall.MapFlags.MAP_STACK,
            -1,
            0);
    long x = mm.mmap(0, PAGE, PROT_EXEC, ANON, -1, 0);
    assertEquals(0, mm.load32(r));
    assertEquals(0, mm.load32(x), "x86: an exec-only page is readable");
    assertThrows(UserFault.class, () -> mm.store32(r, 1));
    assertThrows(UserFault.class, () -> mm.load32(n));
    assertThrows(UserFault.class, () -> mm.load32(0x10000));
    assertThrows(IllegalArgumentException.class, () -> mm.load32(r + 2));
  }

  @Test
  void accessOkChecksTheWholeRange() {
    MmStruct mm = mm();
    long a = mm.mmap(0, 2 * PAGE, RW, ANON, -1, 0);
    assertTrue(mm.accessOk(a, 2 * PAGE, true));
    assertFalse(mm.accessOk(a, 2 * PAGE + 1, false));
    mm.mprotect(a + PAGE, PAGE, PROT_READ);
    assertFalse(mm.accessOk(a, 2 * PAGE, true));
    assertTrue(mm.accessOk(a, 2 * PAGE, false));
  }

  @Test
  void munmapDropsTheWordsItCovers() {
    MmStruct mm = mm();
    long a = mm.mmap(0, 2 * PAGE, RW, ANON, -1, 0);
    mm.store32(a, 1);
    mm.store32(a + PAGE, 2);
    mm.munmap(a, PAGE);
    assertEquals(1, mm.privateWordCount());
    mm.mmap(a, PAGE, RW, ANON | io.github.clonepath.kernel.syscall.MapFlags.MAP_FIXED, -1, 0);
    assertEquals(0, mm.load32(a));
  }

  @Test
  void aWriteOnlyTouchedNeighbourDoesNotMergeIntoAnUntouchedOne() {
    // real 6.18 case A: write page 0 of an RW pair whose page 1 is read-only, make page 0 read-only
    MmStruct mm = mm();
    long a =
        mm.mmap(
            0x100000000L,
            2 * PAGE,
            RW,
            ANON | io.github.clonepath.kernel.syscall.MapFlags.MAP_FIXED,
            -1,
            0);
    mm.mprotect(a + PAGE, PAGE, PROT_READ);
    mm.store32(a, 1);
    mm.mprotect(a, PAGE, PROT_READ);
    assertEquals(2, mm.mapCount());
  }

  @Test
  void anUntouchedRangeMergesIntoATouchedNeighbour() {
    // real 6.18 cases B and C
    MmStruct mm = mm();
    long b =
        mm.mmap(
            0x200000000L,
            2 * PAGE,
            RW,
            ANON | io.github.clonepath.kernel.syscall.MapFlags.MAP_FIXED,
            -1,
            0);
    mm.mprotect(b + PAGE, PAGE, PROT_READ);
    mm.store32(b, 1);
    mm.mprotect(b + PAGE, PAGE, RW);
    assertEquals(1, mm.mapCount());
  }

  @Test
  void aNewMapBetweenTwoTouchedNeighboursMergesWithThePreviousOnly() {
    // real 6.18 case E
    int fixed = io.github.clonepath.kernel.syscall.MapFlags.MAP_FIXED;
    MmStruct mm = mm();
    long j = mm.mmap(0x600000000L, PAGE, RW, ANON | fixed, -1, 0);
    long k = mm.mmap(0x600002000L, PAGE, RW, ANON | fixed, -1, 0);
    mm.store32(j, 1);
    mm.store32(k, 1);
    mm.mmap(0x600001000L, PAGE, RW, ANON | fixed, -1, 0);
    assertEquals(2, mm.mapCount());
    assertEquals(j, mm.findVma(0x600001000L).start());
  }
}
