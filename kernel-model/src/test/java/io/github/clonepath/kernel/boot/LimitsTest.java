package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Rlimits;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Snapshot;
import io.github.clonepath.kernel.syscall.UserContext;
import io.github.clonepath.kernel.syscall.Wait;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The limits a fork hits: RLIMIT_NPROC (the reference glibc capture s8_fail_nproc), pid_max with
 * its wrap to 300, threads-max from the machine's RAM, and fs.nr_open in dup_fd and expand_files
 * (docs/notes/kernel.md §2 and §4).
 */
class LimitsTest {
  private static final long A = ModelFixture.SCRATCH;
  private static final long RLIM = A + 0x200;

  private static String resource(String name) throws IOException {
    try (InputStream in = LimitsTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static long thread(UserContext c, long flags) {
    ModelFixture.cloneArgs(c, A, flags);
    return c.clone3(A, 88, (cc, x) -> cc.exit(0));
  }

  @Test
  @DisplayName(
      "RLIMIT_NPROC 1 then setresuid(65534): the thread clone3 of s8_fail_nproc fails as in the"
          + " capture; root with the same limit is exempt")
  void nprocAfterSetresuid() throws IOException {
    List<String> lines = resource("/reference/glibc-2.36/s8_fail_nproc.trace").lines().toList();
    int limit = -1;
    int uid = -1;
    String clone3 = null;
    for (String l : lines) {
      Matcher m = Pattern.compile("setrlimit\\(RLIMIT_NPROC,(\\d+)\\) -> 0").matcher(l);
      if (m.find()) {
        limit = Integer.parseInt(m.group(1));
      }
      m = Pattern.compile("\"setresuid\\((\\d+)\\) -> 0").matcher(l);
      if (m.find()) {
        uid = Integer.parseInt(m.group(1));
      }
      if (uid >= 0 && clone3 == null && l.contains(" clone3({")) {
        clone3 = l;
      }
    }
    assertTrue(limit > 0 && uid > 0, "the capture sets the limit and drops root");
    assertNotNull(clone3, "the capture tries clone3 after dropping root");
    Matcher fm = Pattern.compile("flags=([A-Z_|]+)").matcher(clone3);
    assertTrue(fm.find());
    long flags = 0;
    for (String name : fm.group(1).split("\\|")) {
      flags |= CloneFlags.BY_NAME.get(name);
    }
    String expected = clone3.replaceFirst(".* = -1 ([A-Z0-9]+) .*", "$1");
    long f = flags & ~(CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID);
    int lim = limit;
    int u = uid;
    long[] got = new long[4];
    KernelMachine m = new KernelMachine(MachineConfig.DEFAULT);
    m.spawn(
        "nproc",
        (c, r) -> {
          c.store64(RLIM, lim);
          c.store64(RLIM + 8, lim);
          got[0] = c.setrlimit(Rlimits.RLIMIT_NPROC, RLIM);
          got[1] = thread(c, f);
          got[2] = c.setresuid(u, u, u);
          got[3] = thread(c, f);
          c.exitGroup(0);
        });
    m.run();
    assertEquals(0, got[0]);
    assertTrue(got[1] > 0, "root is exempt: " + got[1]);
    assertEquals(0, got[2]);
    assertEquals(expected, Errno.ofResult(got[3]).name());
  }

  /** Forks and reaps children until n pids were handed out; returns them. */
  private static List<Long> forkAndReap(KernelMachine m, int n) {
    List<Long> pids = new ArrayList<>();
    m.spawn("wrap", (c, r) -> forkLoop(c, pids, n));
    m.run();
    return pids;
  }

  private static void forkLoop(UserContext c, List<Long> pids, int n) {
    if (pids.size() == n) {
      c.exitGroup(0);
      return;
    }
    long pid = c.clone(Signals.SIGCHLD, 0, 0, 0, 0, (cc, x) -> cc.exit(0));
    pids.add(pid);
    c.wait4((int) pid, 0, 0, 0, (c2, w) -> forkLoop(c2, pids, n));
  }

  @Test
  @DisplayName("pids are cyclic from the last one and wrap to 300 (RESERVED_PIDS) at pid_max")
  void pidsWrapTo300() {
    int pidMax = 400;
    KernelMachine m = new KernelMachine(MachineConfig.DEFAULT.withPidMax(pidMax));
    int last = m.inspect().lastPid();
    List<Long> pids = forkAndReap(m, pidMax - last);
    // After the spawned process (last + 1) the children take every number up to pid_max - 1.
    for (int i = 0; i < pids.size() - 2; i++) {
      assertEquals(last + 2 + i, pids.get(i));
    }
    assertEquals(pidMax - 1, pids.get(pids.size() - 3));
    assertEquals(300, pids.get(pids.size() - 2), pids.toString());
    assertEquals(301, pids.get(pids.size() - 1));
  }

  /** Forks children that become zombies (never reaped) until a fork fails; returns the counts. */
  private static long[] forkUntilFailure(KernelMachine m) {
    long[] out = {0, 0};
    m.spawn(
        "hog",
        (c, r) -> {
          while (true) {
            long pid = c.clone(Signals.SIGCHLD, 0, 0, 0, 0, (cc, x) -> cc.exit(0));
            if (pid < 0) {
              out[1] = pid;
              break;
            }
            out[0]++;
          }
          c.exitGroup(0);
        });
    m.run();
    return out;
  }

  @Test
  @DisplayName("pid_max exhausted: every free number below pid_max is used once, then EAGAIN")
  void pidsExhaustedIsEagain() {
    int pidMax = 400;
    KernelMachine m = new KernelMachine(MachineConfig.DEFAULT.withPidMax(pidMax));
    int inUse = m.inspect().pidsInUse() + 1; // the process about to be spawned
    long[] r = forkUntilFailure(m);
    assertEquals(Errno.EAGAIN.result(), r[1]);
    assertEquals((pidMax - 1) - inUse, r[0]);
  }

  @Test
  @DisplayName("threads-max is RAM / (16 KiB * 8), clamped to [20, 0x3fffffff]")
  void threadsMaxFromRam() {
    long unit = 16 * 1024 * 8;
    assertEquals(
        (int) ((24L << 30) / unit),
        new KernelMachine(MachineConfig.DEFAULT).inspect().maxThreads());
    assertEquals(
        20, new KernelMachine(MachineConfig.DEFAULT.withRam(unit * 20)).inspect().maxThreads());
    assertEquals(
        20, new KernelMachine(MachineConfig.DEFAULT.withRam(unit * 3)).inspect().maxThreads());
    assertEquals(
        0x3fffffff,
        new KernelMachine(MachineConfig.DEFAULT.withRam(1L << 50)).inspect().maxThreads());
  }

  @Test
  @DisplayName("nr_threads reaching threads-max makes fork EAGAIN, even for root")
  void threadsMaxIsEagain() {
    KernelMachine m = new KernelMachine(MachineConfig.DEFAULT.withRam(16 * 1024 * 8 * 20));
    int before = m.inspect().nrThreads() + 1; // with the process about to be spawned
    long[] r = forkUntilFailure(m);
    assertEquals(Errno.EAGAIN.result(), r[1]);
    assertEquals(20 - before, r[0]);
  }

  @Test
  @DisplayName("fs.nr_open: dup3 to an fd at or above it is EMFILE (expand_files)")
  void nrOpenLimitsExpandFiles() {
    KernelMachine m = new KernelMachine(MachineConfig.DEFAULT);
    m.sysctl("fs.nr_open", 64);
    long[] got = new long[2];
    m.spawn(
        "t",
        (c, r) -> {
          got[0] = c.dup3(0, 100, 0);
          got[1] = c.dup3(0, 63, 0);
          c.exitGroup(0);
        });
    m.run();
    assertEquals(Errno.EMFILE.result(), got[0]);
    assertEquals(63, got[1]);
  }

  @Test
  @DisplayName(
      "fs.nr_open lowered below the highest open fd: fork fails EMFILE in dup_fd leaving every"
          + " count and the pid allocator as they were; CLONE_FILES still works")
  void nrOpenLimitsDupFd() {
    KernelMachine m = new KernelMachine(MachineConfig.DEFAULT);
    long[] got = new long[3];
    Snapshot[] snaps = new Snapshot[2];
    m.spawn(
        "t",
        (c, r) -> {
          got[0] = c.dup3(0, 100, 0);
          m.sysctl("fs.nr_open", 64);
          snaps[0] = m.inspect();
          got[1] = c.clone(Signals.SIGCHLD, 0, 0, 0, 0, (cc, x) -> cc.exit(0));
          snaps[1] = m.inspect();
          got[2] = c.clone(CLONE_FILES | Signals.SIGCHLD, 0, 0, 0, 0, (cc, x) -> cc.exit(0));
          c.wait4(-1, 0, Wait.__WALL, 0, (c2, w) -> c2.exitGroup(0));
        });
    m.run();
    assertEquals(100, got[0]);
    assertEquals(Errno.EMFILE.result(), got[1]);
    assertEquals(snaps[0], snaps[1]);
    assertTrue(got[2] > 0);
  }
}
