package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.SyscallEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a thread limit does to M creation, per release: go1.19's newosproc gives up at the first
 * EAGAIN; from go1.20 retryOnEAGAIN (runtime/retry.go) tries 20 times, sleeping (tries+1) ms after
 * each failure, so a limit that moves in the meantime (a thread exits) is survived. The cgo path's
 * calls against the real capture of the same limit are compared in integration-tests
 * (EagainRetryCaptureTest).
 */
class EagainRetryTest {
  private static final long MS = 1_000_000L;

  /** One goroutine that exits locked (its thread exits at about 5 ms) and 20 in syscalls. */
  static GoProgram lockedExitAndReaders() {
    return GoProgram.empty()
        .go("main.locked", GoProgram.empty().lockOSThread().compute(5 * MS), 1)
        .go("main.reader", GoProgram.empty().syscall(100 * MS), 20)
        .sleep(300 * MS)
        .print("end: os_threads=%threads\n");
  }

  private static Harness run(GoVersion v, GoProgram p, int threadsMax) {
    Harness h = new Harness(GoOptions.DEFAULT.withVersion(v).withGomaxprocs(4), p);
    h.machine.sysctl("kernel.threads-max", threadsMax);
    return h.run();
  }

  /** The calls of the thread that made the first failing clone, from that clone on. */
  private static List<SyscallEvent> fromFirstFailure(Harness h) {
    List<SyscallEvent> all = h.syscalls();
    int tid = -1;
    List<SyscallEvent> out = new ArrayList<>();
    for (SyscallEvent e : all) {
      if (tid < 0 && e.name().equals("clone") && e.text().contains("EAGAIN")) {
        tid = e.tid();
      }
      if (tid >= 0 && e.tid() == tid) {
        out.add(e);
      }
    }
    return out;
  }

  private static String sleepOf(long millis) {
    return "nanosleep({tv_sec=0, tv_nsec=" + millis * MS + "}, NULL) = 0";
  }

  @Test
  @DisplayName("go1.21: 20 failing clones, each followed by a nanosleep of (try+1) ms, then fatal")
  void go121SleepsOneToTwentyMillisecondsBetweenTries() {
    // b_syscalls with 32 readers: sysmon alone creates Ms once the readers block
    Harness h = run(GoVersion.GO1_21, ReferencePrograms.bSyscalls(32), 24);
    List<SyscallEvent> own = fromFirstFailure(h);
    List<String> texts = own.stream().map(SyscallEvent::text).toList();
    for (int tries = 0; tries < 20; tries++) {
      assertTrue(texts.get(2 * tries).startsWith("clone("), texts.toString());
      assertTrue(texts.get(2 * tries).endsWith("= -1 EAGAIN (Resource temporarily unavailable)"));
      assertEquals(sleepOf(tries + 1), texts.get(2 * tries + 1));
    }
    // 1 + 2 + ... + 20 ms after the first failure, the mask is restored and the runtime gives up
    assertEquals(own.get(0).time() + 210 * MS, own.get(40).time());
    assertEquals("rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0", texts.get(40));
    assertTrue(h.go.result().stderr().endsWith("fatal error: newosproc\n"));
    assertEquals(2, h.kernelExitStatus());
  }

  @Test
  @DisplayName("go1.21: a thread exiting during the sleeps frees a slot and a later try succeeds")
  void go121SurvivesALimitThatMovesDuringTheRetries() {
    Harness h = run(GoVersion.GO1_21, lockedExitAndReaders(), 25);
    List<SyscallEvent> own = fromFirstFailure(h);
    List<String> texts = own.stream().map(SyscallEvent::text).toList();
    int ok = -1;
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i).startsWith("clone(") && !texts.get(i).contains("EAGAIN")) {
        ok = i;
        break;
      }
    }
    assertTrue(ok > 0, texts.toString());
    // the locked goroutine's thread exited between the failed try and the one that succeeded
    long exitAt =
        h.syscalls().stream().filter(e -> e.name().equals("exit")).findFirst().get().time();
    assertTrue(own.get(ok - 2).time() < exitAt && exitAt <= own.get(ok).time());
    assertEquals(sleepOf(ok / 2), texts.get(ok - 1), "the sleep before the good try");
    assertEquals("end: os_threads=23\n", h.go.result().stdout());
    assertEquals("", h.go.result().stderr());
    assertEquals(0, h.kernelExitStatus());
  }

  @Test
  @DisplayName("go1.19: the same moving limit is fatal at the first EAGAIN (no retry before 1.20)")
  void go119GivesUpAtOnceWhereGo121Survives() {
    Harness h = run(GoVersion.GO1_19, lockedExitAndReaders(), 25);
    List<String> texts = fromFirstFailure(h).stream().map(SyscallEvent::text).toList();
    assertEquals("rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0", texts.get(1));
    assertTrue(
        h.go
            .result()
            .stderr()
            .matches(
                "(?s)runtime: failed to create new OS thread \\(have \\d+ already; errno=11\\)\n"
                    + "runtime: may need to increase max user processes \\(ulimit -u\\)\n"
                    + "fatal error: newosproc\n"),
        h.go.result().stderr());
    assertEquals(2, h.kernelExitStatus());
  }
}
