package io.github.clonepath.lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.lab.scenario.Scenario;
import io.github.clonepath.lab.scenario.ScenarioException;
import io.github.clonepath.lab.scenario.ScenarioParser;
import io.github.clonepath.lab.scenario.Step;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The trace parser, the naming rules and the scenario parser. */
class TraceComparatorTest {
  private static final String A =
      "10  00:00:00.1 write(1, \"x\\n\", 2) = 2\n"
          + "10  00:00:00.2 mmap(NULL, 8392704, PROT_NONE, MAP_PRIVATE, -1, 0) = 0x7f0000000000\n"
          + "10  00:00:00.3 clone3({stack=0x7f0000000000, tls=0x7f00008006c0} <unfinished ...>\n"
          + "11  00:00:00.4 rseq(0x7f0000800fe0, 0x20, 0, 0x53053053) = 0\n"
          + "10  00:00:00.5 <... clone3 resumed> => {parent_tid=[11]}, 88) = 11\n"
          + "11  00:00:00.6 +++ exited with 0 +++\n";

  @Test
  void unfinishedAndResumedAreJoined() {
    List<TraceLine> l = StraceParser.parse(A);
    assertEquals(4, l.size());
    assertEquals(
        "clone3({stack=0x7f0000000000, tls=0x7f00008006c0} => {parent_tid=[11]}, 88) = 11",
        l.get(3).text());
  }

  @Test
  void addressesAndTidsAreNamedByFirstAppearance() {
    String b = A.replace("7f00", "5500").replace("10  ", "70  ").replace("11", "71");
    List<TraceComparator.ThreadResult> r =
        TraceComparator.compare(StraceParser.parse(A), StraceParser.parse(b));
    assertTrue(r.stream().allMatch(TraceComparator.ThreadResult::match), r.toString());
  }

  /**
   * T2 unmaps its 16 KiB stack before T1 maps 64 KiB; in the first trace the 64 KiB block reuses
   * the freed addresses, in the second it does not. T1's calls are named first, so T2's munmap must
   * still be named by the block mapped at its time, A1, in both.
   */
  @Test
  void anAddressIsNamedByTheBlockMappedAtTheTimeOfTheCall() {
    String reused =
        "10  write(1, \"x\\n\", 2) = 2\n"
            + "10  mmap(NULL, 16384, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)"
            + " = 0x7f0000010000\n"
            + "10  clone3({flags=CLONE_VM, stack=0x7f0000010000, stack_size=0x4000}, 88) = 11\n"
            + "11  munmap(0x7f0000010000, 16384) = 0\n"
            + "10  mmap(NULL, 65536, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)"
            + " = 0x7f0000004000\n";
    String fresh = reused.replace("0x7f0000004000", "0x7f0000100000");
    List<TraceComparator.ThreadResult> r =
        TraceComparator.compare(StraceParser.parse(reused), StraceParser.parse(fresh));
    assertTrue(r.stream().allMatch(TraceComparator.ThreadResult::match), r.toString());
    assertEquals(
        "munmap(A1, 16384) = 0",
        TraceComparator.normalize(StraceParser.parse(reused)).threads.get("T2").get(0));
  }

  /** new_heap's lines, with the reservation at {@code res} (hex digits). */
  private static String arena(String res, long front) {
    long start = Long.parseUnsignedLong(res, 16);
    long heap = start + front;
    long sixtyFour = 64L << 20;
    return "10  write(1, \"x\\n\", 2) = 2\n"
        + "10  mmap(NULL, 134217728, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) = 0x"
        + res
        + "\n10  munmap(0x"
        + res
        + ", "
        + front
        + ") = 0\n10  munmap(0x"
        + Long.toHexString(heap + sixtyFour)
        + ", "
        + (sixtyFour - front)
        + ") = 0\n10  mprotect(0x"
        + Long.toHexString(heap)
        + ", 135168, PROT_READ|PROT_WRITE) = 0\n";
  }

  @Test
  void anArenaHeapIsNamedByItselfWhereverASLRPutItsReservation() {
    // two real runs of the same program: the reservation lands 34 MiB and 14 MiB below a 64 MiB
    // boundary (the kernel chose both; see worker_creates.trace)
    String one = arena("7f8449e00000", 35651584);
    String two = arena("7f99c7200000", 14680064);
    List<TraceComparator.ThreadResult> r =
        TraceComparator.compare(StraceParser.parse(one), StraceParser.parse(two));
    assertTrue(r.get(0).match(), r.toString());
    assertEquals(
        List.of(
            "mmap(NULL, 134217728, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) = A1",
            "munmap(A1, heap-front) = 0",
            "munmap(H1+0x4000000, heap-back) = 0",
            "mprotect(H1, 135168, PROT_READ|PROT_WRITE) = 0"),
        TraceComparator.normalize(StraceParser.parse(one)).threads.get("T1"));
    // a trim that does not end at the aligned heap is compared as the number it is
    String off = one.replace(", 35651584)", ", 35647488)");
    assertFalse(
        TraceComparator.compare(StraceParser.parse(one), StraceParser.parse(off)).get(0).match());
    // and so is the size opened read-write
    String bigger = two.replace("135168", "139264");
    assertFalse(
        TraceComparator.compare(StraceParser.parse(one), StraceParser.parse(bigger))
            .get(0)
            .match());
  }

  @Test
  void aDifferentSizeIsADifference() {
    String b = A.replace("8392704", "8388608");
    assertFalse(
        TraceComparator.compare(StraceParser.parse(A), StraceParser.parse(b)).get(0).match());
  }

  @Test
  void scenarioRepeatIsOneLoopWhoseRoundReplacesI() {
    Scenario s =
        ScenarioParser.parse("program main\n  repeat 2\n    create t$i w\n  end\nend\n", "x");
    assertEquals(1, s.programs().get("main").size());
    Step loop = s.programs().get("main").get(0);
    assertEquals(2, loop.count());
    assertEquals("t1", loop.body().get(0).inRound(1).arg(0));
  }

  @Test
  void scenarioWithoutMainIsRefused() {
    Executable e = () -> ScenarioParser.parse("program w\nend\n", "x");
    org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class, e);
  }
}
