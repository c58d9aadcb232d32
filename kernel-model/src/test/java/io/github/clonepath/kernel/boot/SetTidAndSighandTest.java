package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kernel selftests clone3_set_tid.c (root pid namespace) and clone3_clear_sighand.c, with the
 * errno of docs/notes/kernel.md (§2 steps 4, 7, 8c and 27; §3 sighand).
 */
class SetTidAndSighandTest {
  private static final long A = ModelFixture.SCRATCH;
  private static final long TIDS = A + 0x200;
  private static final long OUT = A + 0x300;
  private static final long ACT = A + 0x400;
  private static final long HANDLER = 0x401000;

  /** Runs code in a fresh process of a fresh machine; returns what it returned. */
  private static long attempt(ToLongFunction<UserContext> body) {
    KernelMachine m = new KernelMachine(MachineConfig.DEFAULT);
    long[] out = {Long.MIN_VALUE};
    m.spawn(
        "t",
        (c, r) -> {
          out[0] = body.applyAsLong(c);
          c.exitGroup(0);
        });
    m.run();
    return out[0];
  }

  /** clone3 with a set_tid array; the child stores its pid (in its own namespace) at OUT. */
  private static long setTid(UserContext c, long flags, int... tids) {
    for (int i = 0; i < tids.length; i++) {
      c.store32(TIDS + 4L * i, tids[i]);
    }
    ModelFixture.cloneArgs(c, A, flags, 0, 0, 0, Signals.SIGCHLD, 0, 0, 0, TIDS, tids.length, 0);
    return c.clone3(A, 88, (cc, x) -> cc.exit(0));
  }

  @Test
  @DisplayName("set_tid: a free number is used as the child's pid")
  void freeNumberIsUsed() {
    assertEquals(1000, attempt(c -> setTid(c, 0, 1000)));
  }

  @Test
  @DisplayName("set_tid: a number in use (init's 1, the caller's own) is EEXIST")
  void numberInUseIsEexist() {
    assertEquals(Errno.EEXIST.result(), attempt(c -> setTid(c, 0, 1)));
    assertEquals(Errno.EEXIST.result(), attempt(c -> setTid(c, 0, (int) c.getpid())));
  }

  @Test
  @DisplayName("set_tid: 0, negative and pid_max are EINVAL; pid_max - 1 is allowed")
  void outOfRangeIsEinval() {
    int pidMax = MachineConfig.DEFAULT.pidMax();
    assertEquals(Errno.EINVAL.result(), attempt(c -> setTid(c, 0, 0)));
    assertEquals(Errno.EINVAL.result(), attempt(c -> setTid(c, 0, -1)));
    assertEquals(Errno.EINVAL.result(), attempt(c -> setTid(c, 0, pidMax)));
    assertEquals(pidMax - 1, attempt(c -> setTid(c, 0, pidMax - 1)));
  }

  @Test
  @DisplayName("set_tid: more entries than pid-namespace levels is EINVAL; 33 entries is EINVAL")
  void tooManyEntriesIsEinval() {
    assertEquals(Errno.EINVAL.result(), attempt(c -> setTid(c, 0, 1000, 1001)));
    assertEquals(Errno.EINVAL.result(), attempt(c -> setTid(c, 0, new int[33])));
  }

  @Test
  @DisplayName("set_tid with NEWPID: entry 0 is the new namespace's number, entry 1 the root's")
  void newPidNamespaceTakesTwoEntries() {
    long[] inner = {-1};
    long r =
        attempt(
            c -> {
              c.store32(TIDS, 1);
              c.store32(TIDS + 4, 1000);
              ModelFixture.cloneArgs(
                  c, A, CLONE_NEWPID, 0, 0, 0, Signals.SIGCHLD, 0, 0, 0, TIDS, 2, 0);
              return c.clone3(
                  A,
                  88,
                  (cc, x) -> {
                    inner[0] = cc.getpid();
                    cc.exit(0);
                  });
            });
    assertEquals(1000, r);
    assertEquals(1, inner[0]);
  }

  @Test
  @DisplayName(
      "set_tid without CAP_SYS_ADMIN (after setresuid from root) is EPERM, even for a number"
          + " in use; the range check comes first (EINVAL)")
  void unprivilegedIsEperm() {
    assertEquals(Errno.EPERM.result(), asNobody(1000));
    assertEquals(Errno.EPERM.result(), asNobody(1));
    assertEquals(Errno.EINVAL.result(), asNobody(0));
  }

  /** set_tid with one number after dropping root (setresuid clears the capabilities). */
  private static long asNobody(int tid) {
    return attempt(
        c -> {
          c.setresuid(65534, 65534, 65534);
          return setTid(c, 0, tid);
        });
  }

  @Test
  @DisplayName("clone3_clear_sighand: CLEAR_SIGHAND together with SIGHAND is EINVAL")
  void clearSighandWithSighandIsEinval() {
    long r =
        attempt(
            c -> {
              ModelFixture.cloneArgs(
                  c, A, CLONE_CLEAR_SIGHAND | CLONE_SIGHAND | CLONE_VM, 0, 0, 0, 0);
              return c.clone3(A, 88, (cc, x) -> cc.exit(0));
            });
    assertEquals(Errno.EINVAL.result(), r);
  }

  @Test
  @DisplayName(
      "clone3_clear_sighand: the child's handled signals are back at SIG_DFL with flags and mask"
          + " cleared, ignored ones stay ignored; the parent keeps its handlers")
  void clearSighandResetsHandlers() {
    long[] got = new long[6];
    attempt(
        c -> {
          c.store64(ACT, HANDLER);
          c.store64(ACT + 8, Signals.SA_RESTART | Signals.SA_RESTORER);
          c.store64(ACT + 16, 0x401800);
          c.store64(ACT + 24, Signals.bit(Signals.SIGTERM));
          c.rtSigaction(Signals.SIGUSR1, ACT, 0, 8);
          c.store64(ACT, Signals.SIG_IGN);
          c.store64(ACT + 8, 0);
          c.store64(ACT + 24, 0);
          c.rtSigaction(Signals.SIGUSR2, ACT, 0, 8);
          ModelFixture.cloneArgs(c, A, CLONE_CLEAR_SIGHAND, 0, 0, 0, Signals.SIGCHLD);
          long r =
              c.clone3(
                  A,
                  88,
                  (cc, x) -> {
                    cc.rtSigaction(Signals.SIGUSR1, 0, OUT, 8);
                    got[0] = cc.load64(OUT);
                    got[1] = cc.load64(OUT + 8);
                    got[2] = cc.load64(OUT + 24);
                    cc.rtSigaction(Signals.SIGUSR2, 0, OUT, 8);
                    got[3] = cc.load64(OUT);
                    cc.exit(0);
                  });
          c.rtSigaction(Signals.SIGUSR1, 0, OUT + 64, 8);
          got[4] = c.load64(OUT + 64);
          c.rtSigaction(Signals.SIGUSR2, 0, OUT + 64, 8);
          got[5] = c.load64(OUT + 64);
          return r;
        });
    assertEquals(Signals.SIG_DFL, got[0], "SIGUSR1 handler in the child");
    assertEquals(0, got[1], "SIGUSR1 flags in the child");
    assertEquals(0, got[2], "SIGUSR1 mask in the child");
    assertEquals(Signals.SIG_IGN, got[3], "SIGUSR2 stays ignored in the child");
    assertEquals(HANDLER, got[4], "the parent's SIGUSR1 handler");
    assertEquals(Signals.SIG_IGN, got[5], "the parent's SIGUSR2");
  }
}
