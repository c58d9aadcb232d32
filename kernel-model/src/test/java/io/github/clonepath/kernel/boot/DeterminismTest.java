package io.github.clonepath.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;
import io.github.clonepath.kernel.syscall.Wait;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The machine is deterministic: the same inputs and seed give the same events. */
class DeterminismTest {
  private static final long WORD = ModelFixture.SCRATCH + 0x100;

  /** Three forked children and two threads that compute, yield and exit; the parent reaps. */
  private static KernelMachine workload(MachineConfig config) {
    KernelMachine m = new KernelMachine(config.withTraceCalls(true));
    m.spawn(
        "work",
        (c, r) -> {
          List<Long> pids = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            long n = 1_000_000L * (i + 1);
            pids.add(c.clone(Signals.SIGCHLD, 0, 0, 0, 0, (cc, x) -> child(cc, n)));
          }
          for (int i = 0; i < 2; i++) {
            c.clone(
                CloneFlags.CLONE_VM
                    | CloneFlags.CLONE_SIGHAND
                    | CloneFlags.CLONE_THREAD
                    | CloneFlags.CLONE_FS
                    | CloneFlags.CLONE_FILES,
                0,
                0,
                0,
                0,
                (tc, x) ->
                    tc.schedYield(
                        (t2, y) -> {
                          t2.gettid();
                          t2.futex(WORD, Futex.FUTEX_WAKE, 1, 0, 0, 0, (t3, z) -> t3.exit(0));
                        }));
          }
          reap(c, pids);
        });
    m.run();
    return m;
  }

  private static void child(UserContext c, long nanos) {
    c.compute(
        nanos,
        (c2, x) -> {
          c2.getpid();
          c2.schedYield((c3, y) -> c3.exit(0));
        });
  }

  private static void reap(UserContext c, List<Long> pids) {
    if (pids.isEmpty()) {
      c.exitGroup(0);
      return;
    }
    c.wait4(
        pids.get(0).intValue(),
        0,
        Wait.__WALL,
        0,
        (c2, w) -> reap(c2, pids.subList(1, pids.size())));
  }

  private static List<String> events(KernelMachine m) {
    List<String> out = new ArrayList<>();
    for (TraceEvent e : m.log().events()) {
      out.add(e.toString());
    }
    return out;
  }

  @Test
  @DisplayName("the same seed gives a byte-identical event log (calls, notes and system calls)")
  void sameSeedSameLog() {
    for (long seed : new long[] {1, 42, 7777}) {
      KernelMachine a = workload(MachineConfig.DEFAULT.withSeed(seed));
      KernelMachine b = workload(MachineConfig.DEFAULT.withSeed(seed));
      assertEquals(String.join("\n", events(a)), String.join("\n", events(b)), "seed " + seed);
      assertEquals(a.strace(), b.strace());
    }
    assertEquals(
        workload(MachineConfig.DEFAULT).strace(), workload(MachineConfig.DEFAULT).strace(), "FIFO");
  }

  @Test
  @DisplayName(
      "different seeds may reorder the calls of different tasks, but each task's own calls"
          + " stay the same")
  void differentSeedsMayReorder() {
    Set<String> orders = new HashSet<>();
    Set<String> perTask = new HashSet<>();
    for (long seed = 1; seed <= 12; seed++) {
      KernelMachine m = workload(MachineConfig.DEFAULT.withSeed(seed));
      String strace = m.strace();
      orders.add(strace);
      List<String> sorted = new ArrayList<>(strace.lines().toList());
      sorted.sort(String::compareTo);
      perTask.add(String.join("\n", sorted));
    }
    assertTrue(orders.size() > 1, "twelve seeds all gave one order");
    assertEquals(1, perTask.size(), "the seed changed what a task does, not only the order");
  }
}
