package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_VM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.kernel.syscall.Signals;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Whole strace lines of calls with unknown bits, made by the model's kernel and compared with the
 * real capture {@code reference/strace-unknown-bits/unknown_bits{,2}.trace} after naming addresses
 * and pids: legacy clone prints all 64 bits of its flags register (the kernel reads only the low
 * 32), and rt_sigprocmask's unknown {@code how}.
 */
class UnknownBitsLinesTest extends ModelFixture {
  private static String normalized(String line) {
    return line.replaceAll("0x[0-9a-f]{8,}", "ADDR")
        .replaceAll("= \\d+$", "= PID")
        .replaceAll(" +=", " =");
  }

  private static List<String> capture(String name, String prefix) throws IOException {
    try (InputStream in =
        UnknownBitsLinesTest.class.getResourceAsStream("/reference/strace-unknown-bits/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> l.startsWith(prefix))
          .map(UnknownBitsLinesTest::normalized)
          .toList();
    }
  }

  private List<String> model(int pid, String prefix) {
    return linesOf(pid).lines().filter(l -> l.startsWith(prefix)).map(l -> normalized(l)).toList();
  }

  @Test
  @DisplayName("clone: flags with high unknown bits print as strace 6.1 printed them")
  void legacyCloneHighBits() throws IOException {
    int pid =
        spawn(
            (c, r) -> {
              c.clone(0x100000000L | 0x11, 0, 0, 0, 0, (cc, x) -> cc.exit(0));
              c.clone(0x1000000000L | CLONE_VM, 0, 0, 0, 0, (cc, x) -> cc.exit(0));
              c.exitGroup(0);
            });
    machine.run();
    List<String> real = new java.util.ArrayList<>(capture("unknown_bits.trace", "clone("));
    real.addAll(capture("unknown_bits2.trace", "clone("));
    assertEquals(real, model(pid, "clone("));
  }

  @Test
  @DisplayName("rt_sigprocmask: an unknown how is 0x5 /* SIG_??? */ and EINVAL")
  void unknownHow() throws IOException {
    long set = SCRATCH;
    int pid =
        spawn(
            (c, r) -> {
              c.store64(set, 1L << 63 | 1);
              c.rtSigprocmask(5, set, 0, 8);
              c.rtSigprocmask(Signals.SIG_BLOCK, set, 0, 8);
              c.rtSigprocmask(Signals.SIG_UNBLOCK, set, 0, 8);
              c.exitGroup(0);
            });
    machine.run();
    assertEquals(capture("unknown_bits.trace", "rt_sigprocmask("), model(pid, "rt_sigprocmask("));
  }
}
