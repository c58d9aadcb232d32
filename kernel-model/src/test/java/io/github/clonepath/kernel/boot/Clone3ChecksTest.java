package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * LTP clone302 and the kernel's clone3 selftests (expected errno from the LTP sources and the
 * selftest, as listed in the checklist of docs/notes/kernel.md §7).
 */
class Clone3ChecksTest extends ModelFixture {
  private static final long A = SCRATCH;

  /** Runs one clone3 attempt in a fresh process and returns its raw result. */
  private long attempt(ToLongFunction<UserContext> body) {
    long[] out = {Long.MIN_VALUE};
    spawn(
        (c, r) -> {
          out[0] = body.applyAsLong(c);
          c.exitGroup(0);
        });
    machine.run();
    return out[0];
  }

  private long clone3(long size, long... words) {
    return attempt(
        c -> {
          cloneArgs(c, A, words);
          return c.clone3(A, size, (cc, r) -> cc.exit(0));
        });
  }

  @Test
  @DisplayName("clone302: a NULL args pointer is EFAULT")
  void nullArgsIsEfault() {
    assertEquals(Errno.EFAULT.result(), attempt(c -> c.clone3(0, 88, (cc, r) -> cc.exit(0))));
  }

  @Test
  @DisplayName("clone302: size 0 and 63 are EINVAL; selftest: size 56 is EINVAL")
  void tooSmallSizesAreEinval() {
    assertEquals(Errno.EINVAL.result(), clone3(0, 0, 0, 0, 0, Signals.SIGCHLD));
    assertEquals(Errno.EINVAL.result(), clone3(63, 0, 0, 0, 0, Signals.SIGCHLD));
    assertEquals(Errno.EINVAL.result(), clone3(56, 0, 0, 0, 0, Signals.SIGCHLD));
  }

  @Test
  @DisplayName("clone302: a struct running into an unmapped page (size sizeof+1) is EFAULT")
  void structIntoGuardPageIsEfault() {
    long r =
        attempt(
            c -> {
              long page =
                  c.mmap(
                      0,
                      8192,
                      Prot.PROT_READ | Prot.PROT_WRITE,
                      MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS,
                      -1,
                      0);
              c.munmap(page + 4096, 4096);
              long args = page + 4096 - 88;
              cloneArgs(c, args, 0, 0, 0, 0, Signals.SIGCHLD);
              return c.clone3(args, 89, (cc, x) -> cc.exit(0));
            });
    assertEquals(Errno.EFAULT.result(), r);
  }

  @Test
  @DisplayName("clone302: SIGHAND without VM, THREAD without SIGHAND, FS|NEWNS are EINVAL")
  void flagCombinationsAreEinval() {
    assertEquals(Errno.EINVAL.result(), clone3(88, CLONE_SIGHAND, 0, 0, 0, Signals.SIGCHLD));
    assertEquals(Errno.EINVAL.result(), clone3(88, CLONE_THREAD | CLONE_VM, 0, 0, 0, 0));
    assertEquals(
        Errno.EINVAL.result(), clone3(88, CLONE_FS | CLONE_NEWNS, 0, 0, 0, Signals.SIGCHLD));
  }

  @Test
  @DisplayName("clone302: PIDFD with an unwritable pidfd pointer is EFAULT")
  void badPidfdPointerIsEfault() {
    assertEquals(Errno.EFAULT.result(), clone3(88, CLONE_PIDFD, 0x1000, 0, 0, Signals.SIGCHLD));
  }

  @Test
  @DisplayName("clone302/selftest: exit_signal 256, 0xf0, 0x80000000 and high bits are EINVAL")
  void badExitSignalsAreEinval() {
    assertEquals(Errno.EINVAL.result(), clone3(88, 0, 0, 0, 0, 256));
    assertEquals(Errno.EINVAL.result(), clone3(88, 0, 0, 0, 0, 0xf0));
    assertEquals(Errno.EINVAL.result(), clone3(88, 0, 0, 0, 0, 0x80000000L));
    assertEquals(Errno.EINVAL.result(), clone3(88, 0, 0, 0, 0, 0x100000000L | Signals.SIGCHLD));
    assertEquals(Errno.EINVAL.result(), clone3(88, 0, 0, 0, 0, 65));
  }

  @Test
  @DisplayName("clone302: stack without stack_size and stack_size without stack are EINVAL")
  void stackPairIsChecked() {
    assertEquals(Errno.EINVAL.result(), clone3(88, CLONE_VM, 0, 0, 0, Signals.SIGCHLD, A, 0));
    assertEquals(Errno.EINVAL.result(), clone3(88, 0, 0, 0, 0, Signals.SIGCHLD, 0, 4));
  }

  @Test
  @DisplayName("selftest: SIGCHLD in flags, CLONE_DETACHED and unknown bits are EINVAL")
  void signalInFlagsIsEinval() {
    assertEquals(Errno.EINVAL.result(), clone3(88, Signals.SIGCHLD));
    assertEquals(Errno.EINVAL.result(), clone3(88, CLONE_DETACHED, 0, 0, 0, Signals.SIGCHLD));
    assertEquals(Errno.EINVAL.result(), clone3(88, 1L << 40, 0, 0, 0, Signals.SIGCHLD));
  }

  @Test
  @DisplayName("selftest: size 64 works, sizeof+8 with a zero tail works, a nonzero tail is E2BIG")
  void sizesAndTails() {
    assertTrue(clone3(64, 0, 0, 0, 0, Signals.SIGCHLD) > 0);
    assertTrue(clone3(96, 0, 0, 0, 0, Signals.SIGCHLD) > 0);
    long r =
        attempt(
            c -> {
              cloneArgs(c, A, 0, 0, 0, 0, Signals.SIGCHLD);
              c.store64(A + 96, 1);
              return c.clone3(A, 104, (cc, x) -> cc.exit(0));
            });
    assertEquals(Errno.E2BIG.result(), r);
    assertEquals(Errno.E2BIG.result(), clone3(4096 + 8, 0, 0, 0, 0, Signals.SIGCHLD));
  }

  @Test
  @DisplayName(
      "selftest: NEWTIME is accepted by clone3 (6.3+), NEWPID as root makes the child pid 1")
  void newtimeAndNewpid() {
    assertTrue(clone3(88, CLONE_NEWTIME, 0, 0, 0, Signals.SIGCHLD) > 0);
    long[] childPid = {-1};
    attempt(
        c -> {
          cloneArgs(c, A, CLONE_NEWPID, 0, 0, 0, Signals.SIGCHLD);
          return c.clone3(
              A,
              88,
              (cc, x) -> {
                childPid[0] = cc.getpid();
                cc.exit(0);
              });
        });
    assertEquals(1, childPid[0]);
  }

  @Test
  @DisplayName("clone3 with CLONE_SETTLS at 1<<63 is EPERM (copy_thread, TASK_SIZE_MAX)")
  void nonCanonicalTlsIsEperm() {
    assertEquals(
        Errno.EPERM.result(),
        clone3(64, CLONE_VM | CLONE_SETTLS, 0, 0, 0, Signals.SIGCHLD, 0, 0, 1L << 63));
  }

  @Test
  @DisplayName("clone3 INTO_CGROUP: cgroup > INT_MAX is EINVAL, a closed fd is EBADF")
  void intoCgroupChecks() {
    assertEquals(
        Errno.EINVAL.result(),
        clone3(88, CLONE_INTO_CGROUP, 0, 0, 0, Signals.SIGCHLD, 0, 0, 0, 0, 0, 1L << 31));
    assertEquals(
        Errno.EINVAL.result(),
        clone3(80, CLONE_INTO_CGROUP, 0, 0, 0, Signals.SIGCHLD, 0, 0, 0, 0, 0, 77));
    assertEquals(
        Errno.EBADF.result(),
        clone3(88, CLONE_INTO_CGROUP, 0, 0, 0, Signals.SIGCHLD, 0, 0, 0, 0, 0, 77));
  }

  @Test
  @DisplayName("legacy clone: PIDFD with PARENT_SETTID is always EINVAL (same pointer)")
  void legacyPidfdWithParentSettid() {
    long r =
        attempt(
            c ->
                c.clone(
                    CLONE_PIDFD | CLONE_PARENT_SETTID | Signals.SIGCHLD,
                    0,
                    A,
                    A + 8,
                    0,
                    (cc, x) -> cc.exit(0)));
    assertEquals(Errno.EINVAL.result(), r);
  }

  @Test
  @DisplayName(
      "legacy clone accepts exit bytes above 64 (as the reference Linux 6.18 machine does)")
  void legacyCloneAcceptsOddExitByte() {
    long r = attempt(c -> c.clone(0x81, 0, 0, 0, 0, (cc, x) -> cc.exit(0)));
    assertTrue(r > 0, "got " + r);
  }

  @Test
  @DisplayName("THREAD|NEWPID and PARENT from init-like callers follow copy_process's order")
  void threadWithNewpidIsEinval() {
    long r =
        attempt(
            c ->
                c.clone(
                    CLONE_VM | CLONE_SIGHAND | CLONE_THREAD | CLONE_NEWPID | 0x44,
                    0,
                    0,
                    0,
                    0,
                    (cc, x) -> cc.exit(0)));
    assertEquals(Errno.EINVAL.result(), r);
  }
}
