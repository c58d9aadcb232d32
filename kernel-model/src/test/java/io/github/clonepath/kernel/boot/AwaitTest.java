package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code UserContext.await}: a blocking call made from straight-line code (Go's sleeps between
 * EAGAIN retries) blocks only its own thread while the machine runs the others.
 */
class AwaitTest extends ModelFixture {
  private static final long THREAD =
      CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
  private static final long TS = SCRATCH + 0x100;
  private static final long TS2 = SCRATCH + 0x200;
  private static final long MS = 1_000_000L;

  private static long sleepFor(UserContext c, long at, long nanos) {
    c.store64(at, nanos / 1_000_000_000L);
    c.store64(at + 8, nanos % 1_000_000_000L);
    return c.await(k -> c.nanosleep(at, 0, k));
  }

  @Test
  @DisplayName("await sleeps 1 ms of virtual time while another thread runs, then returns 0")
  void awaitLetsTheOtherThreadsRunAndReturnsTheResult() {
    long[] got = {-99, -1, -1, -1};
    int pid =
        spawn(
            (c, r) -> {
              c.clone(
                  THREAD,
                  SCRATCH + 0x800,
                  0,
                  0,
                  0,
                  (cc, x) -> {
                    got[2] = cc.now();
                    got[3] = cc.getppid();
                    cc.exit(0);
                  });
              got[0] = sleepFor(c, TS, MS);
              got[1] = c.now();
              c.getpid();
              c.exitGroup(0);
            });
    machine.run();
    assertEquals(0, got[0], "nanosleep returns 0");
    assertEquals(MS, got[1], "the caller goes on after its 1 ms");
    assertEquals(0, got[2], "the other thread ran at once, not after the sleep");
    List<String> order =
        machine.log().syscalls().stream().map(e -> e.tid() + " " + e.text()).toList();
    int child = order.indexOf((pid + 1) + " getppid() = " + got[3]);
    int sleep = order.indexOf(pid + " nanosleep({tv_sec=0, tv_nsec=1000000}, NULL) = 0");
    assertTrue(child >= 0 && sleep > child, order.toString());
    assertTrue(order.get(sleep + 1).startsWith(pid + " getpid()"), order.toString());
  }

  @Test
  @DisplayName("a call that fails at once returns its -errno from await without a dispatch")
  void anImmediateFailureReturnsAtOnce() {
    long[] got = {-99, -1};
    spawn(
        (c, r) -> {
          got[0] = sleepFor(c, TS, 0);
          c.store64(TS + 8, 1_000_000_000L);
          got[1] = c.await(k -> c.nanosleep(TS, 0, k));
          c.exitGroup(0);
        });
    machine.run();
    assertEquals(0, got[0], "a zero sleep returns 0");
    assertEquals(Errno.EINVAL.result(), got[1], "tv_nsec of 1e9 is EINVAL");
  }

  @Test
  @DisplayName("a group exit while a thread awaits ends it there: its call shows = ? and no more")
  void aGroupExitDuringAwaitUnwindsTheWaiter() {
    boolean[] after = {false};
    int pid =
        spawn(
            (c, r) -> {
              c.clone(THREAD, SCRATCH + 0x800, 0, 0, 0, (cc, x) -> cc.exitGroup(3));
              sleepFor(c, TS, 10 * MS);
              after[0] = true;
              c.exitGroup(0);
            });
    machine.run();
    assertFalse(after[0], "the waiter's code after await never ran");
    assertTrue(
        linesOf(pid).contains("nanosleep({tv_sec=0, tv_nsec=10000000}, NULL) = ?"), linesOf(pid));
    assertEquals(3 << 8, machine.waitStatus(pid));
  }

  @Test
  @DisplayName("DEVIATION: a second thread awaiting inside the first's wait returns first")
  void aNestedAwaitEndsBeforeTheOuterOne() {
    long[] outer = {-1};
    long[] inner = {-1};
    spawn(
        (c, r) -> {
          c.clone(
              THREAD,
              SCRATCH + 0x800,
              0,
              0,
              0,
              (cc, x) -> {
                sleepFor(cc, TS2, 3 * MS);
                inner[0] = cc.now();
                cc.exit(0);
              });
          sleepFor(c, TS, MS);
          outer[0] = c.now();
          c.exitGroup(0);
        });
    machine.run();
    assertEquals(3 * MS, inner[0], "the inner wait ends on time");
    assertEquals(3 * MS, outer[0], "the outer one, due at 1 ms, resumes once the inner returns");
  }

  @Test
  @DisplayName("a wait nothing can end is refused with a message, not a hang")
  void aWaitNothingCanEndIsRefused() {
    spawn(
        (c, r) -> {
          c.store32(TS, 0);
          c.await(k -> c.futex(TS, Futex.FUTEX_WAIT | Futex.FUTEX_PRIVATE_FLAG, 0, 0, 0, 0, k));
          c.exitGroup(0);
        });
    IllegalStateException e = assertThrows(IllegalStateException.class, machine::run);
    assertTrue(e.getMessage().contains("nothing can wake it"), e.getMessage());
  }

  @Test
  @DisplayName("await without a blocking-style call is a misuse of the API")
  void awaitWithoutABlockingCallIsRefused() {
    spawn(
        (c, r) -> {
          c.await(k -> c.getpid());
          c.exitGroup(0);
        });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, machine::run);
    assertTrue(e.getMessage().contains("takes the continuation"), e.getMessage());
  }
}
