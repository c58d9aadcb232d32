package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random walks of spawn/exit/block/sleep programs; after every dispatched step: every G in
 * exactly one place, mcount() ≤ maxmcount, a P owned by at most one M, no runq above 256, no P
 * holding 64 free Gs, goids unique.
 */
class InvariantWalkTest {

  private static GoProgram randomBody(SplittableRandom r, int depth, List<String> steps) {
    GoProgram p = GoProgram.empty();
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(depth > 1 ? 3 : 5)) {
        case 0 -> {
          long t = 1 + r.nextInt(2_000_000);
          steps.add("syscall " + t);
          p = p.syscall(t);
        }
        case 1 -> {
          long t = 1 + r.nextInt(2_000_000);
          steps.add("sleep " + t);
          p = p.sleep(t);
        }
        case 2 -> {
          long t = 1 + r.nextInt(100_000);
          steps.add("compute " + t);
          p = p.compute(t);
        }
        default -> {
          int k = 1 + r.nextInt(40);
          steps.add("go x" + k);
          p = p.go("main.f", randomBody(r, depth + 1, steps), k);
        }
      }
    }
    return p;
  }

  @Test
  void invariantsHoldAfterEveryStepOfSeededRandomWalks() {
    for (long seed = 1; seed <= 12; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      List<String> steps = new ArrayList<>();
      GoProgram main = randomBody(r, 0, steps).sleep(50_000_000L).print("done\n");
      GoOptions opts = GoOptions.DEFAULT.withGomaxprocs(1 + r.nextInt(8)).withSeed(seed);
      Harness h = new Harness(opts, main);
      long s = seed;
      int[] step = {0};
      h.go.afterEveryStep(
          () -> {
            step[0]++;
            String v = h.go.violations();
            if (!v.isEmpty()) {
              fail("seed " + s + " step " + step[0] + ": " + v + "; program " + steps);
            }
          });
      h.run();
      assertEquals(0, h.go.result().exitStatus(), "seed " + seed + " program " + steps);
    }
  }

  @Test
  void sameSeedGivesTheSameTrace() {
    GoProgram main = Harness.bSyscalls(16);
    GoOptions opts = GoOptions.DEFAULT.withGomaxprocs(4).withSeed(7);
    Harness a = new Harness(opts, main).run();
    Harness b = new Harness(opts, main).run();
    assertEquals(a.syscalls(), b.syscalls());
  }
}
