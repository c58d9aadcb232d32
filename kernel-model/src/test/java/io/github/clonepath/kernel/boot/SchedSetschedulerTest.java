package io.github.clonepath.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;
import io.github.clonepath.kernel.syscall.Wait;
import io.github.clonepath.kernel.task.Task;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * sched_setscheduler(2) against the reference kernel: {@code reference/sched-setscheduler/} holds a
 * program that makes 29 calls in one order (some change the policy the next start from), first as
 * root, then in a forked child that dropped to uid 65534, with the errno each got ({@code
 * sched_errno.out}) and strace's lines ({@code sched_errno.trace}). The model makes the same calls
 * in the same order and must give the same results and the same text.
 */
class SchedSetschedulerTest extends ModelFixture {
  private static final long PARAM = SCRATCH + 0x100;

  /** The parent's pid, where the last case aims. */
  private static final int PARENT = Integer.MIN_VALUE;

  private static final long NULL = 0;
  private static final long BAD = 8;

  /** One call: pid, policy, and either a priority stored at PARAM or the address NULL/BAD. */
  private record Case(String name, int pid, int policy, Integer priority, long addr) {
    static Case of(String name, int pid, int policy, int priority) {
      return new Case(name, pid, policy, priority, PARAM);
    }

    static Case at(String name, int pid, int policy, long addr) {
      return new Case(name, pid, policy, null, addr);
    }
  }

  private static final List<Case> ROOT =
      List.of(
          Case.of("self OTHER 0", 0, 0, 0),
          Case.of("self negative policy", 0, -1, 0),
          Case.of("self policy 7", 0, 7, 0),
          Case.of("self policy 4 (unused)", 0, 4, 0),
          Case.at("self NULL param", 0, 0, NULL),
          Case.of("pid -1", -1, 0, 0),
          Case.at("bad param pointer", 0, 0, BAD),
          Case.of("pid 99999999 (none)", 99999999, 0, 0),
          Case.of("bad pid and bad policy", 99999999, 7, 0),
          Case.at("bad pid and bad param", 99999999, 0, BAD),
          Case.of("OTHER priority 1", 0, 0, 1),
          Case.of("OTHER priority -1", 0, 0, -1),
          Case.of("FIFO priority 0", 0, 1, 0),
          Case.of("FIFO priority 100", 0, 1, 100),
          Case.of("RR priority -1", 0, 2, -1),
          Case.of("DEADLINE priority 0", 0, 6, 0),
          Case.of("BATCH 0", 0, 3, 0),
          Case.of("IDLE 0", 0, 5, 0),
          Case.of("OTHER|RESET_ON_FORK 0", 0, 0x40000000, 0),
          Case.of("FIFO 99 (root)", 0, 1, 99),
          Case.of("RR 1 (root)", 0, 2, 1),
          Case.of("OTHER 0 (root, back)", 0, 0, 0));

  private static final List<Case> NOBODY =
      List.of(
          Case.of("nobody self OTHER 0", 0, 0, 0),
          Case.of("nobody FIFO 1 (rtprio 0)", 0, 1, 1),
          Case.of("nobody FIFO 0", 0, 1, 0),
          Case.of("nobody pid none", 99999999, 0, 0),
          Case.of("nobody IDLE 0", 0, 5, 0),
          Case.of("nobody back to OTHER from IDLE", 0, 0, 0),
          Case.of("nobody OTHER 0 of the root parent", PARENT, 0, 0));

  private static String resource(String name) throws IOException {
    try (InputStream in =
        SchedSetschedulerTest.class.getResourceAsStream("/reference/sched-setscheduler/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static long call(UserContext c, Case k, int parent, List<String> got) {
    if (k.priority() != null) {
      c.store32(PARAM, k.priority());
    }
    long r = c.schedSetscheduler(k.pid() == PARENT ? parent : k.pid(), k.policy(), k.addr());
    got.add(String.format("%-34s = %s", k.name(), r < 0 ? "-1 " + Errno.ofResult(r).name() : r));
    return r;
  }

  private List<String> runAll() {
    List<String> got = new ArrayList<>();
    spawn(
        (c, r) -> {
          for (Case k : ROOT) {
            call(c, k, 0, got);
          }
          int parent = (int) c.getpid();
          c.clone(
              Signals.SIGCHLD,
              0,
              0,
              0,
              0,
              (cc, x) -> {
                cc.setresuid(65534, 65534, 65534);
                for (Case k : NOBODY) {
                  call(cc, k, parent, got);
                }
                cc.exit(0);
              },
              (c1, pid) -> c1.wait4((int) pid, 0, Wait.__WALL, 0, (c2, w) -> c2.exitGroup(0)));
        });
    machine.run();
    return got;
  }

  @Test
  @DisplayName("every case gets the errno the reference kernel gave, in the same order")
  void theErrnosAreTheRealKernels() throws IOException {
    List<String> real = resource("sched_errno.out").lines().map(String::strip).toList();
    assertEquals(String.join("\n", real), String.join("\n", runAll()));
  }

  @Test
  @DisplayName("strace's text: policy names, SCHED_??? in hex, [priority], NULL, a bad address")
  void theTextIsStraces() throws IOException {
    runAll();
    List<String> real =
        resource("sched_errno.trace")
            .lines()
            .filter(l -> l.contains("sched_setscheduler("))
            .map(l -> l.substring(l.indexOf("sched_setscheduler(")))
            .toList();
    List<String> model =
        machine.log().syscalls().stream()
            .filter(e -> e.name().equals("sched_setscheduler"))
            .map(e -> e.text())
            .toList();
    assertEquals(real.size(), model.size());
    for (int i = 0; i < real.size(); i++) {
      assertEquals(namePid(real.get(i)), namePid(model.get(i)), "call " + i);
    }
  }

  /** The last line names the parent, whose pid differs between runs. */
  private static String namePid(String line) {
    return line.replaceFirst(
        "^sched_setscheduler\\((?!0,|-1,|99999999,)\\d+,", "sched_setscheduler(PID,");
  }

  @Test
  @DisplayName(
      "the task records policy and rt_priority; a clone inherits them, and reset-on-fork gives a"
          + " real-time parent's child SCHED_NORMAL")
  void theTaskKeepsItsPolicy() {
    int[] seen = new int[4];
    spawn(
        (c, r) -> {
          c.store32(PARAM, 7);
          c.schedSetscheduler(0, 2, PARAM);
          c.clone(
              Signals.SIGCHLD,
              0,
              0,
              0,
              0,
              (cc, x) -> {
                Task t = machine.kernel().tasks.get((int) cc.gettid());
                seen[0] = t.policy;
                seen[1] = t.rtPriority;
                cc.schedSetscheduler(0, 1 | 0x40000000, PARAM);
                cc.clone(
                    Signals.SIGCHLD,
                    0,
                    0,
                    0,
                    0,
                    (g, y) -> {
                      Task gt = machine.kernel().tasks.get((int) g.gettid());
                      seen[2] = gt.policy;
                      seen[3] = gt.rtPriority;
                      g.exit(0);
                    },
                    (c1, pid) -> c1.wait4((int) pid, 0, Wait.__WALL, 0, (c2, w) -> c2.exit(0)));
              },
              (c1, pid) -> c1.wait4((int) pid, 0, Wait.__WALL, 0, (c2, w) -> c2.exitGroup(0)));
        });
    machine.run();
    assertEquals(List.of(2, 7, 0, 0), List.of(seen[0], seen[1], seen[2], seen[3]));
  }
}
