package io.github.clonepath.lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Go comparison rules on small real-shaped traces (lines as in the a_hello capture). */
class GoTraceComparatorTest {
  private static final String MASK = "rt_sigprocmask(SIG_SETMASK, ~[], [], 8) = 0";
  private static final String RESTORE = "rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0";

  private static String clone(String stack, String tls, int child) {
    return "clone(child_stack="
        + stack
        + ", flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM"
        + "|CLONE_SETTLS, tls="
        + tls
        + ") = "
        + child;
  }

  /** mallocinit's first heap arena reservation at {@code base}, granted (Go's sysReserve). */
  private static String arena(int m0, String base) {
    return m0
        + "  mmap("
        + base
        + ", 67108864, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
        + base
        + "\n";
  }

  /** m0 reserving the 1.19 arena at 0xc000000000, then {@link #births}. */
  private static String trace(int m0, int child, String stack, String tls, String gsignal) {
    return arena(m0, "0xc000000000") + births(m0, child, stack, tls, gsignal);
  }

  /** m0 with one gettid, then one birth of {@code child} with a gsignal at {@code gsignal}. */
  private static String births(int m0, int child, String stack, String tls, String gsignal) {
    StringBuilder sb = new StringBuilder();
    sb.append(m0).append("  gettid() = ").append(m0).append('\n');
    sb.append(m0).append("  ").append(MASK).append('\n');
    sb.append(m0).append("  ").append(clone(stack, tls, child)).append('\n');
    // the child's first call completes before its parent's restore
    sb.append(child).append("  gettid() = ").append(child).append('\n');
    sb.append(m0).append("  ").append(RESTORE).append('\n');
    sb.append(child)
        .append("  sigaltstack(NULL, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}) = 0\n");
    sb.append(child)
        .append("  sigaltstack({ss_sp=")
        .append(gsignal)
        .append(", ss_flags=0, ss_size=32768}, NULL) = 0\n");
    sb.append(child).append("  ").append(RESTORE).append('\n');
    sb.append(child).append("  gettid() = ").append(child).append('\n');
    return sb.toString();
  }

  private static GoTraceComparator.Result compare(String real, String model) {
    return GoTraceComparator.compare(StraceParser.parse(real), StraceParser.parse(model));
  }

  @Test
  void tidsAreNamedAndHeapAddressesComparedWithinTheirKilobyte() {
    // hello's first birth against b_syscalls' (its arena objects sit 0x2000 higher)
    GoTraceComparator.Result r =
        compare(
            trace(7271, 7272, "0xc00004c000", "0xc00003c090", "0xc00003e000"),
            trace(3, 4, "0xc00004e000", "0xc00003e090", "0xc000040000"));
    assertTrue(r.match(), r.toString());
    assertEquals(2, r.threads().size());
    assertEquals(8, r.threads().get(1).count());
  }

  @Test
  void aRandomizedHeapBaseIsNamedByTheArenaItFallsIn() {
    // Go 1.26's hello (a_hello.strace): the arena at a random hint, Ms 0x800 apart, 16 KiB g0
    String real =
        arena(12590, "0x2b99e8000000")
            + births(12590, 12591, "0x2b99eb6ba000", "0x2b99eb6ce090", "0x2b99eb6d8000");
    GoTraceComparator.Result r =
        compare(real, trace(3, 4, "0xc00004e000", "0xc00003e090", "0xc000040000"));
    assertTrue(r.match(), r.toString());
  }

  @Test
  void anAddressOutsideEveryArenaIsNotAHeapAddress() {
    // the same birth without the reservation: the addresses are static ones, named by appearance
    String bare = births(1, 2, "0xc00004c000", "0xc00003c090", "0xc00003e000");
    GoTraceComparator.Result r =
        compare(bare, trace(3, 4, "0xc00004c000", "0xc00003c090", "0xc00003e000"));
    assertFalse(r.match(), r.toString());
    assertEquals(1, r.threads().get(1).index(), "the clone's child_stack");
  }

  @Test
  void aHintedMallocHeapWithNoreserveIsNotAnArena() {
    // glibc's new_heap asks for its aligned 64 MiB at a hint too, with MAP_NORESERVE
    String heap =
        "1  mmap(0x7f3d1c000000, 67108864, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE,"
            + " -1, 0) = 0x7f3d1c000000\n";
    String real = heap + births(1, 2, "0x7f3d1c004000", "0x7f3d1c000090", "0x7f3d1c010000");
    GoTraceComparator.Result r =
        compare(real, trace(3, 4, "0xc00004c000", "0xc00003c090", "0xc00003e000"));
    assertFalse(r.match(), r.toString());
  }

  @Test
  void aTlsAtAnotherOffsetInItsMDiffers() {
    GoTraceComparator.Result r =
        compare(
            trace(7271, 7272, "0xc00004c000", "0xc00003c090", "0xc00003e000"),
            trace(3, 4, "0xc00004c000", "0xc00003c098", "0xc00003e000"));
    assertFalse(r.match());
    assertEquals(1, r.threads().get(1).index(), "the clone is the birth's 2nd call");
  }

  @Test
  void aBirthOnlyOneSideHasIsComparedWithTheOtherSidesFirstBirth() {
    String one = trace(3, 4, "0xc00004c000", "0xc00003c090", "0xc00003e000");
    // T2 (tid 4) then creates tid 5: the same eight calls, without m0's start-up gettid
    String second = births(4, 5, "0xc00004e000", "0xc00003c490", "0xc00004e000");
    String two = one + second.substring(second.indexOf('\n') + 1);
    GoTraceComparator.Result r = compare(two, one);
    assertEquals(2, r.realClones());
    assertEquals(1, r.modelClones());
    GoTraceComparator.Birth extra = r.threads().get(2);
    assertTrue(extra.note().startsWith("capture only"), extra.toString());
    assertTrue(extra.match(), extra.toString());
  }

  @Test
  void kernelChosenAddressesAreReservationsAndStaticOnesByAppearance() {
    String real =
        "1  arch_prctl(ARCH_SET_FS, 0x529b10) = 0\n"
            + "1  mmap(NULL, 131072, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7fd89b1e2000\n"
            + "1  mmap(0x7fd89b1f2000, 4096, PROT_READ|PROT_WRITE,"
            + " MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0) = 0x7fd89b1f2000\n";
    String model = real.replace("0x7fd89b1", "0x7ffff7f").replace("0x529b10", "0x549030");
    List<String> t1 = List.of(real, model);
    GoTraceComparator.Result r = compare(t1.get(0), t1.get(1));
    assertTrue(r.match(), r.toString());
    assertEquals(3, r.threads().get(0).count());
  }

  // lines of the a_hello_cgo capture (FINDINGS §5), one pthread_create of tid 9 by tid 1
  private static final String[] CGO_CREATOR = {
    "rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], [], 8) = 0",
    "mmap(NULL, 8392704, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK, -1, 0) = 0x7f3d2d9ff000",
    "mprotect(0x7f3d2da00000, 8388608, PROT_READ|PROT_WRITE) = 0",
    "rt_sigprocmask(SIG_BLOCK, ~[], ~[KILL STOP RTMIN RT_1], 8) = 0",
    "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM"
        + "|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f3d2e1ff990,"
        + " parent_tid=0x7f3d2e1ff990, exit_signal=0, stack=0x7f3d2d9ff000,"
        + " stack_size=0x7fff80, tls=0x7f3d2e1ff6c0} => {parent_tid=[9]}, 88) = 9",
    "rt_sigprocmask(SIG_SETMASK, ~[KILL STOP RTMIN RT_1], NULL, 8) = 0",
    RESTORE
  };

  private static final String[] ARENA = {
    "mmap(NULL, 134217728, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0)"
        + " = 0x7f3d25800000",
    "munmap(0x7f3d25800000, 41943040) = 0",
    "munmap(0x7f3d2c000000, 25165824) = 0",
    "mprotect(0x7f3d28000000, 135168, PROT_READ|PROT_WRITE) = 0"
  };

  private static final String[] CGO_CHILD = {
    "rt_sigprocmask(SIG_SETMASK, ~[KILL STOP RTMIN RT_1], NULL, 8) = 0",
    "sigaltstack(NULL, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}) = 0",
    "sigaltstack({ss_sp=0xc00005a000, ss_flags=0, ss_size=32768}, NULL) = 0",
    RESTORE,
    "gettid() = 9"
  };

  private static String lines(int tid, String... calls) {
    StringBuilder sb = new StringBuilder();
    for (String c : calls) {
      sb.append(tid).append("  ").append(c).append('\n');
    }
    return sb.toString();
  }

  // the same thread's arena where ASLR put the reservation 64 MiB-aligned (one trim, the back)
  private static final String[] ARENA_ALIGNED = {
    "mmap(NULL, 134217728, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0)"
        + " = 0x7f3d20000000",
    "munmap(0x7f3d24000000, 67108864) = 0",
    "mprotect(0x7f3d20000000, 135168, PROT_READ|PROT_WRITE) = 0"
  };

  // a later arena at the second half an aligned reservation left (aligned_heap_area), granted
  private static final String[] ARENA_HINT = {
    "mmap(0x7f3d24000000, 67108864, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0)"
        + " = 0x7f3d24000000",
    "mprotect(0x7f3d24000000, 135168, PROT_READ|PROT_WRITE) = 0"
  };

  // that try put elsewhere, unaligned: given back, then the 128 MiB reservation
  private static final String[] ARENA_HINT_MISSED = {
    "mmap(0x7f3d24000000, 67108864, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0)"
        + " = 0x7f3d1a200000",
    "munmap(0x7f3d1a200000, 67108864) = 0",
    ARENA[0],
    ARENA[1],
    ARENA[2],
    ARENA[3]
  };

  private static String cgoBirth(boolean arena, boolean childRuns) {
    return cgoBirth(arena ? ARENA : new String[0], childRuns);
  }

  private static String cgoBirth(String[] arena, boolean childRuns) {
    String child = childRuns ? lines(9, CGO_CHILD[0]) : "";
    if (childRuns) {
      child += lines(9, arena);
    }
    if (childRuns) {
      child += lines(9, java.util.Arrays.copyOfRange(CGO_CHILD, 1, 5));
    }
    return lines(1, "gettid() = 1") + lines(1, CGO_CREATOR) + child;
  }

  @Test
  void aCgoBirthIsTheCreatorsSevenCallsTheChildsArenaHeapAndItsFiveCalls() {
    GoTraceComparator.Result r = compare(cgoBirth(true, true), cgoBirth(true, true));
    assertTrue(r.match(), r.toString());
    assertEquals(
        14, r.threads().get(1).count(), "FINDINGS §5: 7 creator calls, the heap, 5 child calls");
  }

  @Test
  void aCgoThreadWithoutItsArenaDiffersAtTheHeap() {
    GoTraceComparator.Result r = compare(cgoBirth(true, true), cgoBirth(false, true));
    assertFalse(r.match(), r.toString());
    GoTraceComparator.Birth b = r.threads().get(1);
    assertEquals(8, b.index(), "after the creator's 7 calls and start_thread's mask restore");
    assertEquals("new_heap(67108864) = H1", b.real());
    assertEquals(CGO_CHILD[1], b.model());
  }

  @Test
  void whereTheKernelPutTheHeapIsNotCompared() {
    for (String[] placed : List.of(ARENA_ALIGNED, ARENA_HINT, ARENA_HINT_MISSED)) {
      GoTraceComparator.Result r = compare(cgoBirth(true, true), cgoBirth(placed, true));
      assertTrue(r.match(), r.toString());
    }
  }

  @Test
  void callsThatAreNotNewHeapsForTheirAddressesDiffer() {
    List<String[]> broken =
        List.of(
            // no back trim
            new String[] {ARENA[0], ARENA[1], ARENA[3]},
            // a trim of the wrong length
            new String[] {ARENA[0], ARENA[1], ARENA[2].replace("25165824", "25169920"), ARENA[3]},
            // the front trim of an aligned reservation, which has none
            new String[] {
              ARENA_ALIGNED[0], "munmap(0x7f3d20000000, 0) = 0", ARENA_ALIGNED[1], ARENA_ALIGNED[2]
            },
            // read-write pages outside the heap
            new String[] {ARENA[0], ARENA[1], ARENA[2], ARENA[3].replace("28000000", "28001000")},
            // an unaligned try kept
            new String[] {ARENA_HINT_MISSED[0], ARENA[3]});
    for (String[] arena : broken) {
      GoTraceComparator.Result r = compare(cgoBirth(true, true), cgoBirth(arena, true));
      assertFalse(r.match(), String.join("\n", arena));
      assertEquals(8, r.threads().get(1).index(), r.toString());
    }
    GoTraceComparator.Result size =
        compare(
            cgoBirth(true, true),
            cgoBirth(
                new String[] {ARENA[0], ARENA[1], ARENA[2], ARENA[3].replace("135168", "139264")},
                true));
    assertFalse(size.match(), size.toString());
    assertEquals("mprotect(H1, 139264, PROT_READ|PROT_WRITE) = 0", size.threads().get(1).model());
  }

  @Test
  void anArenaCallAfterMinitBeganIsCompared() {
    String late = cgoBirth(false, true) + lines(9, ARENA[0]);
    String real = cgoBirth(false, true).replace("gettid() = 9\n", ARENA[3] + "\n");
    GoTraceComparator.Result r = compare(real, late);
    assertFalse(r.match(), r.toString());
  }

  @Test
  void aChildThatNeverRanIsComparedOnItsCreatorsCallsOnly() {
    GoTraceComparator.Result r = compare(cgoBirth(true, true), cgoBirth(false, false));
    assertTrue(r.match(), r.toString());
    assertEquals(7, r.threads().get(1).count());
    assertTrue(r.threads().get(1).note().contains("made no call"), r.toString());
  }

  @Test
  void aChangedCreatorCallBeforeTheCloneDiffersEvenWhenTheChildNeverRan() {
    String model =
        cgoBirth(false, false).replace("8388608, PROT_READ|PROT_WRITE", "8388608, PROT_READ");
    GoTraceComparator.Result r = compare(cgoBirth(true, true), model);
    assertFalse(r.match(), r.toString());
    assertEquals(2, r.threads().get(1).index(), "the mprotect");
  }

  @Test
  void theDynamicLoadersStartUpCallsAreLeftOut() {
    String loaded =
        lines(
            1,
            "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)"
                + " = 0x7f3d5e324000",
            "mmap(NULL, 34547, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f3d5e31b000",
            "mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)"
                + " = 0x7f3d5e136000",
            "arch_prctl(ARCH_SET_FS, 0x7f3d5e136740) = 0",
            "mprotect(0x7f3d5e308000, 16384, PROT_READ) = 0",
            "munmap(0x7f3d5e31b000, 34547) = 0",
            "mmap(NULL, 262144, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)"
                + " = 0x7f3d5e0f6000");
    String model =
        lines(
            3,
            "mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)"
                + " = 0x7ffff7ffc000",
            "arch_prctl(ARCH_SET_FS, 0x7ffff7ffc740) = 0",
            "mmap(NULL, 262144, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)"
                + " = 0x7ffff7fbc000");
    GoTraceComparator.Result r = compare(loaded, model);
    assertTrue(r.match(), r.toString());
    assertEquals(3, r.threads().get(0).count());
    GoTraceComparator.Result changed =
        compare(loaded, model.replace("262144", "131072").replace("12288", "8192"));
    assertFalse(changed.match(), changed.toString());
  }
}
