package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random walks of spawn/exit/block/sleep programs; after every dispatched step: every G in
 * exactly one place, mcount() ≤ maxmcount, a P owned by at most one M, no runq above 256, no P
 * holding 64 free Gs, goids unique.
 */
class InvariantWalkTest {

  /**
   * A random body of 1 to 4 steps; {@code started[0]} counts the goroutines its go statements will
   * start (the test's own count, from the program alone).
   */
  private static GoProgram randomBody(
      GoProgram start, SplittableRandom r, int depth, List<String> steps, long[] started) {
    GoProgram p = start;
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
          long[] inner = {0};
          GoProgram body =
              randomBody(GoProgram.empty(), r, depth + 1, steps, inner).collect("done");
          // each of the k goroutines runs the body, whose go statements start inner[0] more
          started[0] += k * (1 + inner[0]);
          p = p.go("main.f", body, k);
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
      long[] started = {0};
      // a first go statement makes every seed schedule: steps of its own on every P
      GoProgram first = GoProgram.empty().compute(10_000).syscall(10_000).collect("done");
      started[0] += 16;
      GoProgram main =
          randomBody(GoProgram.empty().go("main.first", first, 16), r, 0, steps, started)
              .sleep(10_000_000_000L)
              .printSorted();
      GoOptions opts = GoOptions.DEFAULT.withGomaxprocs(1 + r.nextInt(8)).withSeed(seed);
      Harness h = new Harness(opts, main);
      long s = seed;
      int[] step = {0};
      h.go.afterEveryStep(
          () -> {
            step[0]++;
            String v = h.go.violations() + queuedOnce(h.go.snapshot());
            if (!v.isEmpty()) {
              fail("seed " + s + " step " + step[0] + ": " + v + "; program " + steps);
            }
          });
      h.run();
      assertEquals(0, h.go.result().exitStatus(), "seed " + seed + " program " + steps);
      // every goroutine the program starts ran to its end, by the program's own count
      assertEquals(
          "done\n".repeat((int) started[0]),
          h.go.result().stdout(),
          "seed " + seed + " program " + steps);
      // the check ran, and after many steps: each goroutine is dispatched at least once
      assertTrue(step[0] > started[0], "seed " + seed + ": " + step[0] + " steps");
    }
  }

  /**
   * The test's own check on the published snapshot: no goroutine waits in two run queues (the
   * global one, a P's ring, a P's runnext), and each P an M holds names that M back.
   */
  private static String queuedOnce(GoSnapshot snap) {
    List<String> bad = new ArrayList<>();
    Set<Long> queued = new HashSet<>();
    for (long goid : snap.globalRunq()) {
      if (!queued.add(goid)) {
        bad.add("goid " + goid + " twice on sched.runq");
      }
    }
    for (GoSnapshot.P p : snap.ps()) {
      List<Long> local = new ArrayList<>(p.runq());
      if (p.runnext() >= 0) {
        local.add(p.runnext());
      }
      for (long goid : local) {
        if (!queued.add(goid)) {
          bad.add("goid " + goid + " queued twice (again on p" + p.id() + ")");
        }
      }
      if (p.m() >= 0 && snap.allm().stream().noneMatch(m -> m.id() == p.m() && m.p() == p.id())) {
        bad.add("p" + p.id() + " names m" + p.m() + ", which does not hold it");
      }
    }
    return bad.isEmpty() ? "" : "; " + String.join("; ", bad);
  }

  @Test
  void theTestsOwnCheckSeesAGoroutineQueuedTwiceAndAPNamingTheWrongM() {
    GoSnapshot.M m1 = new GoSnapshot.M(1, 0, 0, 0, 0, 0, 0, 0, 1, -1, false);
    GoSnapshot fine =
        new GoSnapshot(
            List.of(m1),
            List.of(
                new GoSnapshot.P(0, "_Pidle", -1, List.of(5L), 6),
                new GoSnapshot.P(1, "_Prunning", 1, List.of(), -1)),
            List.of(7L),
            256,
            List.of());
    assertEquals("", queuedOnce(fine));
    GoSnapshot twice =
        new GoSnapshot(
            List.of(m1),
            List.of(
                new GoSnapshot.P(0, "_Pidle", -1, List.of(5L), 7),
                new GoSnapshot.P(1, "_Prunning", 0, List.of(), -1)),
            List.of(7L),
            256,
            List.of());
    assertEquals(
        "; goid 7 queued twice (again on p0); p1 names m0, which does not hold it",
        queuedOnce(twice));
  }

  @Test
  void sameSeedGivesTheSameTrace() {
    GoProgram main = ReferencePrograms.bSyscalls(16);
    GoOptions opts = GoOptions.DEFAULT.withGomaxprocs(4).withSeed(7);
    Harness a = new Harness(opts, main).run();
    Harness b = new Harness(opts, main).run();
    assertEquals(a.syscalls(), b.syscalls());
  }
}
