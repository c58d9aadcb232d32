package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.goruntime.GoSnapshot;
import io.github.clonepath.lab.diagram.MAfterCreationKind;
import io.github.clonepath.lab.diagram.PsAndRunqsKind;
import org.junit.jupiter.api.Test;

/**
 * {@code diagram m-after-creation} and {@code diagram ps-and-runqs}, from live Go runtime state;
 * the expected sizes are the runtime's constants as docs/notes/go-runtime.md §2-§4 give them.
 */
class GoDiagramsTest {

  @Test
  void theNewMHasAn8KiBG0ItsCloneStartsAtTheTopOfAnd32KiBGsignalAndHeadsAllm() {
    GoSnapshot s = MAfterCreationKind.snapshot();
    GoSnapshot.M m = MAfterCreationKind.newM(s);
    assertNotNull(m);
    // §2 allocm: g0 = malg(8192 × StackGuardMultiplier 1) without cgo; mpreinit: gsignal 32 KiB
    assertEquals(8192, m.g0Hi() - m.g0Lo());
    assertEquals(32 * 1024, m.gsignalHi() - m.gsignalLo());
    // §2 newosproc: the clone's stack is g0.stack.hi
    assertEquals(m.g0Hi(), m.childStack());
    // §2 mcommoninit links the new M at the head of allm
    assertEquals(m, s.allm().get(0));
    assertEquals(0, s.allm().get(s.allm().size() - 1).id(), "m0 is allm's last");
    String d = GoldenWalk.run("diagram", "m-after-creation");
    assertTrue(d.contains("8192 B") && d.contains("32768 B") && d.contains("nextp"), d);
  }

  @Test
  void theFirstOverflowOfA256SlotRingMovesHalfOfItPlusOneGToTheGlobalQueue() {
    GoSnapshot s = PsAndRunqsKind.snapshot();
    // §2 runqput: a 256-slot ring; when full, runqputslow moves 128 + the G to the global queue
    assertEquals(256, s.runqSize());
    assertEquals(128 + 1, s.globalRunq().size());
    long queued = s.globalRunq().size();
    long runnext = 0;
    for (GoSnapshot.P p : s.ps()) {
      assertTrue(p.runq().size() <= 256, "a ring holds at most 256");
      queued += p.runq().size();
      runnext += p.runnext() >= 0 ? 1 : 0;
    }
    // every goroutine main started is queued once somewhere until a P runs it
    assertEquals(300, queued + runnext);
    String d = GoldenWalk.run("diagram", "ps-and-runqs");
    assertTrue(
        d.contains("runq: ") && d.contains("sched.runq (global)") && d.contains("of 256"), d);
  }
}
