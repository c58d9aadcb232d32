package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code diagram thread-stack} from a live default thread of glibc 2.36. */
class ThreadStackDiagramTest {

  @Test
  void aDefaultBlockIsGuardStackStaticTlsAndTcbWithTheMeasuredSizes() {
    // docs/notes/glibc.md §4 and §7: an 8 MiB + 4 KiB block (8392704) with a one-page guard at the
    // low
    // end; top − pthread_self() = 2368 (the TCB, ending at the block's top: no slack); block top −
    // stacktop = 4224, so the static TLS below the TCB is 4224 − 2368 = 1856 bytes; the usable
    // stack is what is left, 8392704 − 4096 − 4224 = 8384384 bytes.
    String d = GoldenWalk.run("diagram", "thread-stack");
    for (String row :
        List.of(
            "A default thread's stack block, 8392704 bytes",
            "slack: +8392704, 0 B",
            "TCB (struct pthread), thread pointer: +8390336, 2368 B",
            "static TLS: +8388480, 1856 B",
            "stack (grows down): +4096, 8384384 B",
            "guard (PROT_NONE): +0, 4096 B")) {
      assertTrue(d.contains(row), row + " in\n" + d);
    }
  }
}
