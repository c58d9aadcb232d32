package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.UserContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The direct (non-continuation) futex wake and the tracer accessor of the door. */
class FutexWakeDirectTest extends ModelFixture {
  private static final long WORD = SCRATCH + 0x40;
  private static final int WAKE_PRIVATE = Futex.FUTEX_WAKE | Futex.FUTEX_PRIVATE_FLAG;
  private static final long THREAD =
      CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;

  @Test
  @DisplayName("futexWake wakes a FUTEX_WAIT_PRIVATE waiter at once and returns 1")
  void futexWakeWakesAWaiterAndReturnsTheCount() {
    long[] got = {-99, -99, -99};
    spawn(
        (c, r) -> {
          c.store32(WORD, 0);
          c.clone(
              THREAD,
              SCRATCH + 0x800,
              0,
              0,
              0,
              (cc, x) ->
                  cc.futex(
                      WORD,
                      Futex.FUTEX_WAIT | Futex.FUTEX_PRIVATE_FLAG,
                      0,
                      0,
                      0,
                      0,
                      (c2, w) -> {
                        got[1] = w;
                        c2.exit(0);
                      }));
          c.schedYield(
              (c1, y) -> {
                got[0] = c1.futexWake(WORD, WAKE_PRIVATE, 1, 0, 0);
                c1.schedYield(
                    (c3, z) -> {
                      got[2] = c3.futexWake(WORD, WAKE_PRIVATE, 1, 0, 0);
                      c3.exitGroup(0);
                    });
              });
        });
    machine.run();
    assertEquals(1, got[0], "one waiter woken");
    assertEquals(0, got[1], "the waiter's FUTEX_WAIT returns 0");
    assertEquals(0, got[2], "nobody left to wake");
  }

  @Test
  @DisplayName("futexWake records the same strace line as futex() with FUTEX_WAKE")
  void futexWakeRecordsTheSameLineAsTheContinuationFutex() {
    int pid =
        spawn(
            (c, r) -> {
              c.futexWake(WORD, WAKE_PRIVATE, 1, 0, 0);
              c.futex(WORD, WAKE_PRIVATE, 1, 0, 0, 0, (c1, x) -> c1.exitGroup(0));
            });
    machine.run();
    String[] lines = linesOf(pid).split("\n");
    assertTrue(lines[0].startsWith("futex("), lines[0]);
    assertEquals(lines[1], lines[0]);
    assertTrue(lines[0].endsWith("FUTEX_WAKE_PRIVATE, 1) = 0"), lines[0]);
  }

  @Test
  @DisplayName("futexWake gives the kernel's errors: EINVAL misaligned or empty bitset, ENOSYS")
  void futexWakeErrorsAreTheKernels() {
    long[] got = new long[3];
    spawn(
        (c, r) -> {
          got[0] = c.futexWake(WORD + 1, WAKE_PRIVATE, 1, 0, 0);
          got[1] = c.futexWake(WORD, Futex.FUTEX_WAKE_BITSET, 1, 0, 0);
          got[2] = c.futexWake(WORD, WAKE_PRIVATE | Futex.FUTEX_CLOCK_REALTIME, 1, 0, 0);
          c.exitGroup(0);
        });
    machine.run();
    assertEquals(Errno.EINVAL.result(), got[0]);
    assertEquals(Errno.EINVAL.result(), got[1]);
    assertEquals(Errno.ENOSYS.result(), got[2]);
  }

  @Test
  @DisplayName("futexWake refuses a waiting command: those block and need futex()")
  void futexWakeRefusesAWait() {
    RuntimeException[] thrown = new RuntimeException[1];
    spawn(
        (c, r) -> {
          thrown[0] =
              assertThrows(
                  IllegalArgumentException.class,
                  () -> c.futexWake(WORD, Futex.FUTEX_WAIT, 0, 0, 0));
          c.exitGroup(0);
        });
    machine.run();
    assertTrue(thrown[0].getMessage().contains("futex()"));
  }

  @Test
  @DisplayName("UserContext.tracer() is the machine's tracer, pointed at the running task")
  void tracerIsTheMachinesAndFollowsTheRunningTask() {
    Object[] seen = new Object[2];
    int pid =
        spawn(
            (UserContext c, long r) -> {
              seen[0] = c.tracer();
              seen[1] = c.tracer().currentTid();
              c.exitGroup(0);
            });
    machine.run();
    assertSame(machine.log(), ((io.github.clonepath.common.Tracer) seen[0]).log());
    assertEquals(pid, seen[1]);
  }
}
