package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.FailPoint;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;
import io.github.clonepath.kernel.syscall.Wait;
import io.github.clonepath.kernel.task.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Seeded random walks of clone, exit, exit_group, wait, futex and kill with random flags. After
 * every step of every task, every refcount equals its holders, group counters are exact and pids
 * are unique.
 */
class RandomWalkTest {
  private static final long[] FLAG_SETS = {
    0,
    CLONE_VM,
    CLONE_FS,
    CLONE_FILES,
    CLONE_VM | CLONE_SIGHAND,
    CLONE_VM | CLONE_SIGHAND | CLONE_THREAD,
    CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM,
    CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND,
    CLONE_PARENT,
    CLONE_SIGHAND,
    CLONE_FS | CLONE_NEWNS
  };

  private static final long WORD = ModelFixture.SCRATCH + 0x800;
  private static final int BUDGET = 60;

  private final class Walk {
    final SplittableRandom rnd;
    final KernelMachine m;
    final List<String> steps = new ArrayList<>();
    final Ledger ledger = new Ledger();
    int budget = BUDGET;
    int rootPid;

    Walk(long seed) {
      rnd = new SplittableRandom(seed);
      m = new KernelMachine(MachineConfig.DEFAULT.withSeed(seed));
    }

    void check(String step) {
      steps.add(step);
      List<String> bad = new ArrayList<>(Invariants.check(m.kernel()));
      bad.addAll(ledger.check(m.kernel()));
      if (!bad.isEmpty()) {
        fail("after " + steps + ": " + bad);
      }
    }

    Continuation body() {
      return (c, r) -> act(c);
    }

    void act(UserContext c) {
      int tid = (int) c.gettid();
      check(tid + " runs");
      // the walk's own process lives until the budget is spent, so every seed takes its steps:
      // while it lasts, only other processes exit or end their group
      int choice = budget-- > 0 ? rnd.nextInt(c.getpid() == rootPid ? 6 : 8) : 6;
      switch (choice) {
        case 0, 1, 2 -> {
          long flags = FLAG_SETS[rnd.nextInt(FLAG_SETS.length)];
          int sig = (flags & CLONE_THREAD) != 0 ? 0 : rnd.nextBoolean() ? Signals.SIGCHLD : 0;
          long r = c.clone(flags | sig | CLONE_CHILD_CLEARTID, 0, 0, WORD, 0, body());
          check(tid + " clone 0x" + Long.toHexString(flags) + " = " + r);
          c.schedYield((c2, x) -> act(c2));
        }
        case 3 ->
            c.wait4(
                -1,
                0,
                Wait.__WALL | (rnd.nextBoolean() ? Wait.WNOHANG : 0),
                0,
                (c2, x) -> {
                  check(tid + " wait4 = " + x);
                  act(c2);
                });
        case 4 ->
            c.futex(
                WORD,
                Futex.FUTEX_WAKE,
                1,
                0,
                0,
                0,
                (c2, x) -> {
                  check(tid + " futex wake = " + x);
                  act(c2);
                });
        case 5 -> {
          long r = c.kill((int) c.getpid(), Signals.SIGCHLD);
          check(tid + " kill = " + r);
          c.schedYield((c2, x) -> act(c2));
        }
        case 6 -> c.exit(0);
        default -> c.exitGroup(rnd.nextInt(3));
      }
    }
  }

  @Test
  @DisplayName("random clone/exit/wait/futex/kill walks keep every refcount equal to its holders")
  void randomWalksKeepRefcountsExact() {
    long forks = 0;
    for (long seed = 1; seed <= 40; seed++) {
      Walk w = new Walk(seed);
      Set<Integer> boot = Set.copyOf(w.m.kernel().tasks.keySet());
      w.rootPid = w.m.spawn("walk", w.body());
      w.m.run();
      w.check("end");
      forks += w.m.kernel().totalForks;
      // each act is one check at least, and the root acts until the budget is gone
      assertTrue(w.steps.size() > BUDGET, "seed " + seed + " stopped after " + w.steps);
      assertTrue(w.ledger.size() > 6, "seed " + seed + " saw only " + w.ledger.size());
      assertEquals(List.of(), Invariants.check(w.m.kernel()), "seed " + seed);
      // every task of the walk was reaped, except zombies orphaned to init, which a real init
      // reaps with its next wait (the model's init does not run)
      for (var t : w.m.kernel().tasks.values()) {
        if (!boot.contains(t.pid)) {
          assertEquals(TaskState.ZOMBIE, t.state, "seed " + seed + " left " + t);
          assertEquals(1, t.realParent.pid, "seed " + seed + " left " + t);
        }
      }
    }
    assertTrue(forks > 200, "the walks should clone a lot: " + forks);
  }

  @Test
  @DisplayName(
      "a fault injected at each copy_* allocation leaves refcounts and the pid allocator unchanged")
  void injectedFaultsUnwindCompletely() {
    long[][] flagSets = {{0}, {CLONE_VM | CLONE_SIGHAND | CLONE_THREAD}};
    for (FailPoint point : FailPoint.values()) {
      for (long[] fs : flagSets) {
        KernelMachine m = new KernelMachine(MachineConfig.DEFAULT);
        long[] result = {1};
        String[] before = new String[1];
        String[] after = new String[1];
        m.spawn(
            "fi",
            (c, r) -> {
              before[0] = state(m);
              m.injectFault(point, 0);
              result[0] =
                  c.clone(
                      fs[0] | (fs[0] == 0 ? Signals.SIGCHLD : 0),
                      0,
                      0,
                      0,
                      0,
                      (cc, x) -> cc.exit(0));
              m.clearFaults();
              after[0] = state(m);
              c.exitGroup(0);
            });
        m.run();
        boolean applies =
            switch (point) {
              case TASK, PID -> true;
              case MM, FILES, FS, SIGHAND, SIGNAL -> fs[0] == 0;
            };
        if (applies) {
          assertEquals(-12, result[0], point + " flags " + fs[0]);
          assertEquals(before[0], after[0], point + " flags " + fs[0]);
        }
      }
    }
  }

  private static String state(KernelMachine m) {
    var k = m.kernel();
    StringBuilder sb = new StringBuilder();
    sb.append("pids=")
        .append(k.initPidNs.allocated())
        .append(" cursor=")
        .append(k.initPidNs.cursor());
    sb.append(" nr_threads=").append(k.nrThreads).append(" nproc=").append(k.tasksPerUid);
    for (var t : k.tasks.values()) {
      sb.append(" | ").append(t.pid);
      if (t.mm != null) {
        sb.append(" mm ").append(t.mm.mmUsers()).append('/').append(t.mm.mmCount());
      }
      if (t.fs != null) {
        sb.append(" fs ").append(t.fs.users);
      }
      if (t.files != null) {
        sb.append(" files ").append(t.files.count);
      }
      sb.append(" sighand ").append(t.sighand.count);
      sb.append(" signal ")
          .append(t.signal.sigcnt)
          .append('/')
          .append(t.signal.live)
          .append('/')
          .append(t.signal.nrThreads);
      sb.append(" ns ").append(t.nsproxy == null ? 0 : t.nsproxy.count);
    }
    return sb.toString();
  }
}
