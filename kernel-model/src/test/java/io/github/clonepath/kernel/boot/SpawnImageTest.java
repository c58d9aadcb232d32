package io.github.clonepath.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Image;
import io.github.clonepath.kernel.syscall.Prot;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** spawn with an executable image: the PT_LOAD segments are mapped as execve maps them. */
class SpawnImageTest extends ModelFixture {
  /** A statically linked Go 1.19 hello's three PT_LOAD segments (readelf -l), page-rounded. */
  private static final Image GO_HELLO =
      new Image(
          List.of(
              new Image.Segment(0x400000, 0x82000, Prot.PROT_READ | Prot.PROT_EXEC),
              new Image.Segment(0x482000, 0x8f000, Prot.PROT_READ),
              new Image.Segment(0x511000, 0x4c000, Prot.PROT_READ | Prot.PROT_WRITE)));

  @Test
  @DisplayName("the data segment is writable from the first instruction, with no traced call")
  void dataSegmentIsMappedBeforeTheFirstInstructionWithoutASyscall() {
    long[] got = new long[1];
    int pid =
        machine.spawn(
            "hello",
            GO_HELLO,
            (c, r) -> {
              c.store64(0x529a80, 42);
              got[0] = c.load64(0x529a80);
              c.exitGroup(0);
            });
    String maps = machine.maps(pid);
    machine.run();
    assertEquals(42, got[0]);
    assertEquals("exit_group(0) = ?\n", linesOf(pid));
    assertTrue(maps.contains("00400000-00482000 r-xp"), maps);
    assertTrue(maps.contains("00482000-00511000 r--p"), maps);
    assertTrue(maps.contains("00511000-0055d000 rw-p"), maps);
  }

  @Test
  @DisplayName("a store to the read-only text segment faults as on the real system (SIGSEGV)")
  void storeToTextFaults() {
    int pid =
        machine.spawn(
            "hello", GO_HELLO, (c, r) -> c.schedYield((c1, y) -> c1.store64(0x400000, 1)));
    machine.run();
    assertEquals(11, machine.waitStatus(pid) & 0x7f);
  }

  @Test
  @DisplayName("segments must be whole pages, ordered and disjoint")
  void segmentsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new Image.Segment(0x400001, 4096, 0));
    assertThrows(IllegalArgumentException.class, () -> new Image.Segment(0x1000, 4096, 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Image(
                List.of(
                    new Image.Segment(0x400000, 0x2000, 0), new Image.Segment(0x401000, 4096, 0))));
  }
}
