package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Fcntl;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;
import io.github.clonepath.kernel.syscall.Wait;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** LTP clone01, clone02 (both directions), clone05, clone08 rewritten against the model. */
class CloneLtpTest extends ModelFixture {
  private static final long VAR = SCRATCH + 0x100;
  private static final long BUF = SCRATCH + 0x200;
  private static final long ACT = SCRATCH + 0x300;
  private static final long HANDLER = 0x401000;

  @Test
  @DisplayName("clone01: clone(SIGCHLD) child exits 0; wait4 returns its pid with status 0")
  void clone01() {
    long[] got = new long[3];
    spawn(
        (c, r) -> {
          got[0] = c.clone(Signals.SIGCHLD, 0, 0, 0, 0, (cc, x) -> cc.exit(0));
          c.wait4(
              -1,
              VAR,
              0,
              0,
              (c2, w) -> {
                got[1] = w;
                got[2] = c2.load32(VAR);
                c2.exitGroup(0);
              });
        });
    machine.run();
    assertTrue(got[0] > 0);
    assertEquals(got[0], got[1]);
    assertEquals(0, got[2]);
  }

  /** clone02's child: change a variable, close fd, chdir, set a SIGUSR2 handler, kill parent. */
  private static void clone02Child(UserContext c, int fd) {
    c.store32(VAR, 42);
    c.close(fd);
    c.chdir("/tmp");
    c.store64(ACT, HANDLER);
    c.store64(ACT + 8, 0);
    c.store64(ACT + 16, 0);
    c.store64(ACT + 24, 0);
    c.rtSigaction(Signals.SIGUSR2, ACT, 0, 8);
    c.kill((int) c.getppid(), Signals.SIGUSR2);
    c.exit(0);
  }

  private long[] clone02(long flags) {
    long[] seen = new long[5];
    spawn(
        (c, r) -> {
          c.defineHandler(HANDLER, (hc, sig) -> seen[4] = sig);
          c.store32(VAR, 1);
          int fd = (int) c.openat(Fcntl.AT_FDCWD, "/etc/hostname", Fcntl.O_RDONLY, 0);
          c.rtSigprocmask(Signals.SIG_BLOCK, 0, 0, 8);
          c.clone(
              flags | Signals.SIGCHLD,
              0,
              0,
              0,
              0,
              (cc, x) -> clone02Child(cc, fd),
              (c1, pid) -> {
                c1.wait4(
                    (int) pid,
                    0,
                    Wait.__WALL,
                    0,
                    (c2, w) -> {
                      seen[0] = c2.load32(VAR);
                      seen[1] = c2.fcntl(fd, Fcntl.F_GETFD, 0);
                      seen[2] = c2.getcwd(BUF, 64);
                      seen[3] = c2.loadString(BUF, 64).equals("/tmp") ? 1 : 0;
                      c2.exitGroup(0);
                    });
              });
        });
    machine.run();
    return seen;
  }

  @Test
  @DisplayName(
      "clone02: with VM|FS|FILES|SIGHAND the parent sees the variable, closed fd, cwd and handler")
  void clone02Shared() {
    long[] seen = clone02(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND);
    assertEquals(42, seen[0]);
    assertEquals(Errno.EBADF.result(), seen[1]);
    assertEquals(1, seen[3]);
    assertEquals(Signals.SIGUSR2, seen[4]);
  }

  @Test
  @DisplayName(
      "clone02: with none of them the parent sees nothing (and SIGUSR2's default kills it)")
  void clone02Private() {
    long[] seen = new long[5];
    int pid =
        spawn(
            (c, r) -> {
              c.defineHandler(HANDLER, (hc, sig) -> seen[4] = sig);
              c.store64(ACT, HANDLER);
              c.rtSigaction(Signals.SIGUSR2, ACT, 0, 8);
              c.store32(VAR, 1);
              int fd = (int) c.openat(Fcntl.AT_FDCWD, "/etc/hostname", Fcntl.O_RDONLY, 0);
              c.clone(
                  Signals.SIGCHLD,
                  0,
                  0,
                  0,
                  0,
                  (cc, x) -> {
                    cc.store32(VAR, 42);
                    cc.close(fd);
                    cc.chdir("/tmp");
                    cc.store64(ACT, Signals.SIG_IGN);
                    cc.rtSigaction(Signals.SIGUSR2, ACT, 0, 8);
                    cc.exit(0);
                  },
                  (c1, p) ->
                      c1.wait4(
                          (int) p,
                          0,
                          0,
                          0,
                          (c2, w) -> {
                            seen[0] = c2.load32(VAR);
                            seen[1] = c2.fcntl(fd, Fcntl.F_GETFD, 0);
                            c2.getcwd(BUF, 64);
                            seen[3] = c2.loadString(BUF, 64).equals("/") ? 1 : 0;
                            c2.kill((int) c2.getpid(), Signals.SIGUSR2);
                            c2.exitGroup(0);
                          }));
            });
    machine.run();
    assertEquals(1, seen[0]);
    assertEquals(0, seen[1]);
    assertEquals(1, seen[3]);
    assertEquals(Signals.SIGUSR2, seen[4], "the parent's own handler still runs");
    assertEquals(0, machine.waitStatus(pid));
  }

  @Test
  @DisplayName("clone05: VM|VFORK parent resumes only after the child exits, and sees its flag")
  void clone05() {
    long[] seen = {-1, -1};
    spawn(
        (c, r) ->
            c.clone(
                CLONE_VM | CLONE_VFORK | Signals.SIGCHLD,
                0,
                0,
                0,
                0,
                (cc, x) ->
                    cc.compute(
                        100_000_000L,
                        (c3, y) -> {
                          c3.store32(VAR, 1);
                          c3.exit(0);
                        }),
                (c1, pid) -> {
                  seen[0] = c1.load32(VAR);
                  seen[1] = c1.now();
                  c1.exitGroup(0);
                }));
    machine.run();
    assertEquals(1, seen[0]);
    assertTrue(seen[1] >= 100_000_000L);
  }

  @Test
  @DisplayName(
      "clone08: CHILD_SETTID and PARENT_SETTID store the child's tid; THREAD child has the parent's tgid; CLEARTID wakes FUTEX_WAIT")
  void clone08() {
    long[] seen = new long[6];
    long ptid = VAR;
    long ctid = VAR + 4;
    int pid =
        spawn(
            (c, r) -> {
              long child =
                  c.clone(
                      CLONE_VM | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | Signals.SIGCHLD,
                      0,
                      ptid,
                      ctid,
                      0,
                      (cc, x) -> {
                        seen[1] = cc.load32(ctid);
                        seen[5] = cc.gettid();
                        cc.exit(0);
                      });
              seen[0] = child;
              seen[2] = c.load32(ptid);
              c.wait4(
                  -1,
                  0,
                  0,
                  0,
                  (c1, w) -> {
                    c1.store32(ctid, 0);
                    long t =
                        c1.clone(
                            CLONE_THREAD
                                | CLONE_SIGHAND
                                | CLONE_VM
                                | CLONE_CHILD_CLEARTID
                                | CLONE_PARENT_SETTID,
                            0,
                            ctid,
                            ctid,
                            0,
                            (tc, x) -> {
                              seen[3] = tc.getpid();
                              tc.exit(0);
                            });
                    c1.futex(
                        ctid,
                        Futex.FUTEX_WAIT,
                        (int) t,
                        0,
                        0,
                        0,
                        (c2, fr) -> {
                          seen[4] = c2.load32(ctid);
                          c2.exitGroup(0);
                        });
                  });
            });
    machine.run();
    assertEquals(seen[0], seen[1]);
    assertEquals(seen[0], seen[2]);
    assertEquals(seen[0], seen[5]);
    assertEquals(pid, seen[3]);
    assertEquals(0, seen[4]);
  }

  @Test
  @DisplayName("clone08: a CLONE_PARENT grandchild has the same parent as its creator")
  void clone08Parent() {
    long[] seen = new long[2];
    spawn(
        (c, r) -> {
          c.clone(
              Signals.SIGCHLD,
              0,
              0,
              0,
              0,
              (cc, x) -> {
                seen[0] = cc.getppid();
                cc.clone(
                    CLONE_PARENT | Signals.SIGCHLD,
                    0,
                    0,
                    0,
                    0,
                    (gc, y) -> {
                      seen[1] = gc.getppid();
                      gc.exit(0);
                    });
                cc.exit(0);
              });
          c.wait4(
              -1,
              0,
              Wait.__WALL,
              0,
              (c1, w) -> c1.wait4(-1, 0, Wait.__WALL, 0, (c2, w2) -> c2.exitGroup(0)));
        });
    machine.run();
    assertEquals(seen[0], seen[1]);
  }
}
