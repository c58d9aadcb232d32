package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the golden-file tests read a text walk. */
class GoldenWalkTest {
  @Test
  void callLinesAreTheLinesWithASourceReferenceNotSyscallsHeadersOrNotes() {
    String text =
        """
        == tid 100 ==
        newm             runtime/proc.go:2385 (go1.21.0)
          allocm         runtime/proc.go:1889 (go1.21.0)  — m3 (x)
            malg ×2      runtime/proc.go:4458 (go1.21.0)
            rt_sigprocmask(SIG_SETMASK, ~[], [], 8) = 0
          ↳ nextp=p1
        mstart           runtime/asm_amd64.s (go1.21.0)
        """;
    assertEquals(List.of("newm", "allocm", "malg", "mstart"), GoldenWalk.callLines(text));
  }
}
