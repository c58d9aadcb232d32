package io.github.clonepath.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a process's address space shows and allows, checked against the reference machine: the main
 * stack named {@code [stack]} in {@code /proc/PID/maps}, and MAP_FIXED below mmap_min_addr allowed
 * for root (CAP_SYS_RAWIO) but not after dropping root.
 */
class MapsAndMinAddrTest extends ModelFixture {
  /** A line of {@code cat /proc/self/maps} on the reference machine (Linux 6.18). */
  private static final String REAL_STACK_LINE =
      "7fffe5690000-7fffe56b1000 rw-p 00000000 00:00 0                          [stack]";

  private static final int RW = Prot.PROT_READ | Prot.PROT_WRITE;

  @Test
  @DisplayName(
      "maps: the main stack VMA is named [stack], the name at column 74 as on the reference"
          + " machine; other anonymous VMAs stay unnamed")
  void mainStackIsNamed() {
    String[] maps = new String[2];
    int[] pid = new int[1];
    pid[0] =
        spawn(
            (c, r) -> {
              c.mmap(0, 65536, RW, MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS, -1, 0);
              maps[0] = machine.maps(pid[0]);
              c.clone(
                  Signals.SIGCHLD,
                  0,
                  0,
                  0,
                  0,
                  (cc, x) -> {
                    maps[1] = machine.maps((int) cc.getpid());
                    cc.exit(0);
                  },
                  (c1, p) -> c1.wait4((int) p, 0, 0, 0, (c2, w) -> c2.exitGroup(0)));
            });
    machine.run();
    int column = REAL_STACK_LINE.indexOf("[stack]");
    for (String m : maps) {
      List<String> lines = m.lines().toList();
      String last = lines.get(lines.size() - 1);
      assertTrue(last.endsWith("[stack]"), m);
      assertEquals(column, last.indexOf("[stack]"), last);
      assertEquals(
          REAL_STACK_LINE.substring(REAL_STACK_LINE.indexOf(' ')),
          last.substring(last.indexOf(' ')));
      assertTrue(lines.get(0).endsWith(" 0 "), "an unnamed anonymous VMA: " + lines.get(0));
    }
  }

  private static long fixedAtZero(UserContext c) {
    return c.mmap(
        0, 4096, RW, MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS | MapFlags.MAP_FIXED, -1, 0);
  }

  @Test
  @DisplayName(
      "MAP_FIXED at 0, below mmap_min_addr: root succeeds (CAP_SYS_RAWIO), uid 65534 gets EPERM"
          + " (measured on the reference machine as root and after setresuid(65534))")
  void fixedBelowMinAddrNeedsRawio() {
    long[] got = new long[3];
    spawn(
        (c, r) -> {
          got[0] = fixedAtZero(c);
          c.munmap(0, 4096);
          got[1] = c.setresuid(65534, 65534, 65534);
          got[2] = fixedAtZero(c);
          c.exitGroup(0);
        });
    machine.run();
    assertEquals(0, got[0]);
    assertEquals(0, got[1]);
    assertEquals(Errno.EPERM.result(), got[2]);
  }
}
