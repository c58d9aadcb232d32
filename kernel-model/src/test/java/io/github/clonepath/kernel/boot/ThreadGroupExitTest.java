package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Snapshot;
import io.github.clonepath.kernel.syscall.StructInfo;
import io.github.clonepath.kernel.syscall.TaskInfo;
import io.github.clonepath.kernel.syscall.Wait;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Thread-group exit and wait (docs/notes/kernel.md §4 "Thread-group exit" and "exit_signal"): a
 * non-leader thread is reaped at once, the leader stays a zombie until the group is empty,
 * exit_group kills the other threads, and wait4 sees clone children only with __WCLONE or __WALL.
 */
class ThreadGroupExitTest extends ModelFixture {
  private static final long WORD = SCRATCH + 0x100;
  private static final long THREAD =
      CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;

  private static TaskInfo find(Snapshot s, int tid) {
    for (TaskInfo t : s.tasks()) {
      if (t.tid() == tid) {
        return t;
      }
    }
    return null;
  }

  @Test
  @DisplayName("a non-leader thread that exits is reaped at once: no zombie, group counts drop")
  void nonLeaderReapedAtOnce() {
    Snapshot[] s = new Snapshot[1];
    long[] tid = {0};
    int pid =
        spawn(
            (c, r) -> {
              tid[0] = c.clone(THREAD, 0, 0, 0, 0, (tc, x) -> tc.exit(0));
              c.schedYield(
                  (c1, y) -> {
                    s[0] = machine.inspect();
                    c1.exitGroup(0);
                  });
            });
    machine.run();
    assertTrue(tid[0] > 0);
    assertNull(find(s[0], (int) tid[0]), "the thread is gone from the task table");
    TaskInfo leader = s[0].task(pid);
    assertEquals(1, leader.structure(StructInfo.Kind.SIGNAL).counts().get("nr_threads"));
    assertEquals(1, leader.structure(StructInfo.Kind.SIGNAL).counts().get("live"));
  }

  @Test
  @DisplayName(
      "a leader that calls exit while a thread lives stays a zombie; the group's last exit"
          + " releases it and wait4 reports the last thread's code (0x500, measured on the"
          + " reference machine)")
  void leaderZombieUntilGroupEmpty() {
    Snapshot[] s = new Snapshot[1];
    long[] got = {0, -1, -1};
    spawn(
        (c, r) ->
            c.clone(
                Signals.SIGCHLD,
                0,
                0,
                0,
                0,
                (lc, x) -> {
                  lc.clone(
                      THREAD,
                      0,
                      0,
                      0,
                      0,
                      (tc, y) ->
                          tc.schedYield(
                              (t2, z) -> {
                                s[0] = machine.inspect();
                                t2.exit(5);
                              }));
                  lc.exit(0);
                },
                (c1, pid) -> {
                  got[0] = pid;
                  c1.wait4(
                      (int) pid,
                      WORD,
                      0,
                      0,
                      (c2, w) -> {
                        got[1] = w;
                        got[2] = c2.load32(WORD);
                        c2.exitGroup(0);
                      });
                }));
    machine.run();
    TaskInfo l = find(s[0], (int) got[0]);
    assertEquals("Z", l.state(), "the leader waits as a zombie for its group");
    assertEquals(1, l.structure(StructInfo.Kind.SIGNAL).counts().get("live"));
    assertEquals(2, l.structure(StructInfo.Kind.SIGNAL).counts().get("nr_threads"));
    assertEquals(got[0], got[1], "reaped once the group is empty");
    // A C program on the reference machine (Linux 6.18): the main thread calls SYS_exit(0), a
    // second thread later SYS_exit(5); waitpid in the parent reports status 0x500.
    assertEquals(0x500, got[2]);
  }

  @Test
  @DisplayName("exit_group kills a sibling blocked in futex wait; the status is the group's")
  void exitGroupKillsSiblings() {
    long[] tid = {0};
    boolean[] resumed = {false};
    int pid =
        spawn(
            (c, r) -> {
              tid[0] =
                  c.clone(
                      THREAD,
                      0,
                      0,
                      0,
                      0,
                      (tc, x) ->
                          tc.futex(
                              WORD,
                              Futex.FUTEX_WAIT,
                              0,
                              0,
                              0,
                              0,
                              (t2, y) -> {
                                resumed[0] = true;
                                t2.exit(0);
                              }));
              c.schedYield((c1, y) -> c1.exitGroup(3));
            });
    machine.run();
    assertFalse(resumed[0], "the sibling never returns to user space");
    assertNull(find(machine.inspect(), (int) tid[0]));
    assertNull(find(machine.inspect(), pid));
    assertEquals(3 << 8, machine.waitStatus(pid));
  }

  @Test
  @DisplayName(
      "wait4: a clone child (exit signal not SIGCHLD) needs __WCLONE or __WALL; __WCLONE skips a"
          + " SIGCHLD child; no eligible child is ECHILD")
  void waitCloneAndAll() {
    long[] got = new long[6];
    spawn(
        (c, r) -> {
          long clonePid = c.clone(Signals.SIGUSR1, 0, 0, 0, 0, (cc, x) -> cc.exit(0));
          long forkPid = c.clone(Signals.SIGCHLD, 0, 0, 0, 0, (cc, x) -> cc.exit(0));
          c.store64(SCRATCH + 0x200, Signals.SIG_IGN);
          c.rtSigaction(Signals.SIGUSR1, SCRATCH + 0x200, 0, 8);
          c.wait4(
              (int) clonePid,
              0,
              Wait.WNOHANG,
              0,
              (c1, w1) -> {
                got[0] = w1;
                c1.wait4(
                    (int) forkPid,
                    0,
                    Wait.__WCLONE | Wait.WNOHANG,
                    0,
                    (c2, w2) -> {
                      got[1] = w2;
                      c2.wait4(
                          (int) clonePid,
                          0,
                          Wait.__WCLONE,
                          0,
                          (c3, w3) -> {
                            got[2] = w3 == clonePid ? 1 : w3;
                            c3.wait4(
                                -1,
                                0,
                                Wait.__WALL,
                                0,
                                (c4, w4) -> {
                                  got[3] = w4 == forkPid ? 1 : w4;
                                  c4.wait4(
                                      -1,
                                      0,
                                      Wait.__WALL,
                                      0,
                                      (c5, w5) -> {
                                        got[4] = w5;
                                        c5.exitGroup(0);
                                      });
                                });
                          });
                    });
              });
        });
    machine.run();
    assertEquals(Errno.ECHILD.result(), got[0], "plain wait4 on a clone child");
    assertEquals(Errno.ECHILD.result(), got[1], "__WCLONE on a SIGCHLD child");
    assertEquals(1, got[2], "__WCLONE reaps the clone child");
    assertEquals(1, got[3], "__WALL reaps the SIGCHLD child");
    assertEquals(Errno.ECHILD.result(), got[4], "nothing left");
  }
}
