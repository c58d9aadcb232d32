package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.PidNamespace;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * find_task_by_pid_ns by the namespace's idr (find_pid_ns, then pid_task): a number finds the task
 * attached to the pid it names in that namespace, from the end of copy_process until release_task
 * detaches it — a zombie is still found (kill(2) on a zombie succeeds), a reaped task is not
 * (ESRCH), 0 names nothing, and a pid is visible only in its own namespace and its ancestors.
 */
class PidLookupTest {
  private static final long THREAD =
      CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
  private static final long TS = ModelFixture.SCRATCH + 0x100;

  private final List<String> failures = new ArrayList<>();
  private KernelMachine machine = new KernelMachine(MachineConfig.DEFAULT);

  private void machineWith(MachineConfig config) {
    machine = new KernelMachine(config);
  }

  private int spawn(io.github.clonepath.kernel.syscall.Continuation main) {
    return machine.spawn("t", main);
  }

  private Kernel k() {
    return machine.kernel();
  }

  /**
   * The definition, by brute force: the unreleased task in the task table whose thread pid has
   * number nr in ns.
   */
  private static Task scan(Kernel k, PidNamespace ns, int nr) {
    Task found = null;
    for (Task t : k.tasks.values()) {
      if (!t.released && nr != 0 && t.threadPid.nrIn(ns) == nr) {
        found = t;
      }
    }
    return found;
  }

  /** Every number of every namespace in use finds what the brute-force definition finds. */
  private void agreesWithScan(String when) {
    Kernel k = k();
    Map<PidNamespace, Boolean> namespaces = new IdentityHashMap<>();
    namespaces.put(k.initPidNs, true);
    for (Task t : k.tasks.values()) {
      for (PidNamespace ns : t.threadPid.namespaces) {
        namespaces.put(ns, true);
      }
    }
    for (PidNamespace ns : namespaces.keySet()) {
      for (int nr = -1; nr <= k.pidMax; nr++) {
        Task want = scan(k, ns, nr);
        Task got = k.findTaskByPidNs(ns, nr);
        if (want != got) {
          failures.add(when + ": ns level " + ns.level + " nr " + nr + ": " + got + " not " + want);
        }
      }
    }
  }

  private void check(boolean ok, String what) {
    if (!ok) {
      failures.add(what);
    }
  }

  private static void sleepMs(UserContext c, Continuation2 next) {
    c.store64(TS, 0);
    c.store64(TS + 8, 1_000_000);
    c.nanosleep(TS, 0, (c2, r) -> next.run(c2));
  }

  /** A continuation that ignores the result. */
  private interface Continuation2 {
    void run(UserContext c);
  }

  @Test
  @DisplayName("a cloned thread is found by its tid until it exits; then ESRCH and null")
  void threadIsFoundAfterCloneAndNotAfterExit() {
    int[] tid = {0};
    int pid =
        spawn(
            (c, r) -> {
              tid[0] = (int) c.clone(THREAD, 0, 0, 0, 0, (cc, x) -> cc.exit(0));
              Task t = k().findTaskByPidNs(k().initPidNs, tid[0]);
              check(t != null && t.pid == tid[0], "the new thread is found by its tid: " + t);
              check(t != null && t.tgid == c.getpid(), "it is in the caller's group: " + t);
              check(c.tgkill((int) c.getpid(), tid[0], 0) == 0, "tgkill(pid, tid, 0) reaches it");
              agreesWithScan("after clone");
              sleepMs(
                  c,
                  c2 -> {
                    check(
                        k().findTaskByPidNs(k().initPidNs, tid[0]) == null,
                        "an exited thread is released and not found");
                    check(
                        c2.tgkill((int) c2.getpid(), tid[0], 0) == Errno.ESRCH.result(),
                        "tgkill of the exited thread is ESRCH");
                    agreesWithScan("after the thread's exit");
                    c2.exitGroup(0);
                  });
            });
    machine.run();
    assertEquals(0, machine.waitStatus(pid));
    assertTrue(tid[0] > pid, "the thread got a pid");
    assertNull(k().findTaskByPidNs(k().initPidNs, pid), "the reaped process is not found");
    assertNull(k().findTaskByPidNs(k().initPidNs, tid[0]));
    agreesWithScan("at the end");
    assertEquals(List.of(), failures);
  }

  @Test
  @DisplayName("a child is found while alive and as a zombie, not once reaped; 0 finds nothing")
  void zombieIsFoundReapedIsNot() {
    int[] child = {0};
    spawn(
        (c, r) -> {
          child[0] = (int) c.clone(Signals.SIGCHLD, 0, 0, 0, 0, (cc, x) -> cc.exit(7));
          sleepMs(
              c,
              c2 -> {
                Task z = k().findTaskByPidNs(k().initPidNs, child[0]);
                check(
                    z != null && z.state == TaskState.ZOMBIE, "the exited child is a zombie: " + z);
                check(c2.kill(child[0], 0) == 0, "kill(zombie, 0) succeeds");
                agreesWithScan("zombie");
                c2.wait4(
                    child[0],
                    0,
                    0,
                    0,
                    (c3, w) -> {
                      check(w == child[0], "wait4 reaped the child: " + w);
                      check(
                          k().findTaskByPidNs(k().initPidNs, child[0]) == null,
                          "the reaped child is not found");
                      check(
                          c3.kill(child[0], 0) == Errno.ESRCH.result(), "kill(reaped, 0) is ESRCH");
                      check(k().findTaskByPidNs(k().initPidNs, 0) == null, "nr 0 finds nothing");
                      check(
                          k().findTaskByPidNs(k().initPidNs, (int) c3.getpid()) != null,
                          "the caller finds itself");
                      agreesWithScan("reaped");
                      c3.exitGroup(0);
                    });
              });
        });
    machine.run();
    assertTrue(child[0] > 0);
    assertNotNull(k().findTaskByPidNs(k().initPidNs, 1), "init is pid 1");
    assertSame(k().init, k().findTaskByPidNs(k().initPidNs, 1));
    assertEquals(List.of(), failures);
  }

  @Test
  @DisplayName("after pid_max wraps to RESERVED_PIDS, a reused number finds the new task")
  void pidWrapFindsTheNewTask() {
    int pidMax = 400;
    machineWith(MachineConfig.DEFAULT.withPidMax(pidMax));
    List<Integer> pids = new ArrayList<>();
    spawn((c, r) -> forkUntilWrapped(c, pids));
    machine.run();
    int n = pids.size();
    assertTrue(n > 2, "several children: " + pids);
    assertEquals(pidMax - 1, pids.get(n - 2), "the last number before the wrap is pid_max - 1");
    assertTrue(
        pids.get(n - 1) >= PidNamespace.RESERVED_PIDS && pids.get(n - 1) < pids.get(n - 2),
        "then allocation restarts from RESERVED_PIDS: " + pids.get(n - 1));
    assertEquals(List.of(), failures);
  }

  /** Forks a child and reaps it, again and again, until the pid number wraps; checks the last. */
  private void forkUntilWrapped(UserContext c, List<Integer> pids) {
    int child = (int) c.clone(Signals.SIGCHLD, 0, 0, 0, 0, (cc, x) -> cc.exit(0));
    boolean wrapped = !pids.isEmpty() && child < pids.get(pids.size() - 1);
    pids.add(child);
    if (wrapped) {
      Task t = k().findTaskByPidNs(k().initPidNs, child);
      check(t != null && t.pid == child && !t.released, "the wrapped number finds its task " + t);
      check(
          k().findTaskByPidNs(k().initPidNs, pids.get(pids.size() - 2)) == null,
          "the reaped number before the wrap finds nothing");
      agreesWithScan("after the wrap");
    }
    c.wait4(
        child,
        0,
        0,
        0,
        (c2, w) -> {
          check(w == child, "reaped " + w);
          if (wrapped || pids.size() > 1000) {
            c2.exitGroup(0);
          } else {
            forkUntilWrapped(c2, pids);
          }
        });
  }

  @Test
  @DisplayName("in a child pid namespace a pid is found by its own number there and in the root")
  void childNamespaceLookup() {
    int[] global = {0};
    int[] inner = {0};
    int parent =
        spawn(
            (c, r) -> {
              global[0] =
                  (int)
                      c.clone(
                          CLONE_NEWPID | Signals.SIGCHLD,
                          0,
                          0,
                          0,
                          0,
                          (cc, x) -> namespaceInit(cc, global, inner));
              Task init = k().findTaskByPidNs(k().initPidNs, global[0]);
              check(init != null && init.pid == global[0], "the root finds the child: " + init);
              if (init != null) {
                PidNamespace ns = init.threadPid.ns();
                check(ns.level == 1, "the child is in a level-1 namespace");
                check(k().findTaskByPidNs(ns, 1) == init, "it is pid 1 in its own namespace");
                check(
                    k().findTaskByPidNs(ns, (int) c.getpid()) == null,
                    "its parent is invisible from inside");
              }
              c.wait4(
                  global[0],
                  0,
                  0,
                  0,
                  (c2, w) -> {
                    check(w == global[0], "reaped the namespace's init");
                    c2.exitGroup(0);
                  });
            });
    machine.run();
    assertTrue(global[0] > parent);
    assertEquals(2, inner[0], "the namespace's second task is pid 2 there");
    assertEquals(List.of(), failures);
  }

  /** pid 1 of the new namespace: clones a thread, finds it by its inner number, kills by it. */
  private void namespaceInit(UserContext c, int[] global, int[] inner) {
    check(c.getpid() == 1, "getpid() in the new namespace is 1");
    Task self = k().findTaskByPidNs(k().initPidNs, global[0]);
    PidNamespace ns = self.threadPid.ns();
    inner[0] = (int) c.clone(THREAD, 0, 0, 0, 0, (cc, x) -> cc.exit(0));
    Task t = k().findTaskByPidNs(ns, inner[0]);
    check(t != null && t.tgid == global[0], "the thread is found by its inner tid: " + t);
    check(
        t != null && k().findTaskByPidNs(k().initPidNs, t.pid) == t,
        "and by its global tid in the root");
    check(
        t == null || t.pid == inner[0] || k().findTaskByPidNs(ns, t.pid) == null,
        "its global tid means nothing inside");
    check(c.tgkill(1, inner[0], 0) == 0, "tgkill(1, inner tid, 0) reaches it");
    check(c.kill(global[0], 0) == Errno.ESRCH.result() || global[0] <= 2, "no global view inside");
    agreesWithScan("in the child namespace");
    sleepMs(
        c,
        c2 -> {
          check(k().findTaskByPidNs(ns, inner[0]) == null, "the exited thread is gone inside");
          check(c2.tgkill(1, inner[0], 0) == Errno.ESRCH.result(), "tgkill of it is ESRCH");
          agreesWithScan("after the namespace's thread exited");
          c2.exit(0);
        });
  }
}
