package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference programs against what the real Go 1.19 did on the reference machine, where no real
 * trace is read: the new threads' and the parent's calls, the census, N+3 threads, the thread
 * limit. The comparisons with the capture itself (the clones' stacks and TLS, m0's start-up) are
 * integration-tests' HelloCaptureTest, which reads it with the lab's strace parser.
 */
class ReferenceScenariosTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = ReferenceScenariosTest.class.getResourceAsStream("/reference/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyNewThreadRunsTheFiveMinitCallsInTheRealOrder() {
    Harness h = new Harness(GoOptions.DEFAULT, ReferencePrograms.aHello()).run();
    for (GoResult.Thread t : h.go.result().threads().subList(1, 4)) {
      List<String> c = h.calls((int) t.tid(), "gettid", "sigaltstack", "rt_sigprocmask");
      assertEquals("gettid() = " + t.tid(), c.get(0));
      assertEquals("sigaltstack(NULL, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}) = 0", c.get(1));
      assertTrue(
          c.get(2)
              .matches(
                  "sigaltstack\\(\\{ss_sp=0xc0[0-9a-f]+, ss_flags=0, ss_size=32768\\}, NULL\\) = 0"));
      assertEquals("rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0", c.get(3));
      assertEquals("gettid() = " + t.tid(), c.get(4));
    }
  }

  @Test
  void parentBlocksAllSignalsAroundEachClone() {
    Harness h = new Harness(GoOptions.DEFAULT, ReferencePrograms.aHello()).run();
    List<String> c = h.calls(h.go.pid(), "rt_sigprocmask", "clone");
    int clones = 0;
    for (int i = 0; i < c.size(); i++) {
      if (c.get(i).startsWith("clone(")) {
        clones++;
        assertEquals("rt_sigprocmask(SIG_SETMASK, ~[], [], 8) = 0", c.get(i - 1));
        assertEquals("rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0", c.get(i + 1));
        assertTrue(
            c.get(i)
                .contains(
                    "flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS,"));
      }
    }
    assertEquals(3, clones);
  }

  @Test
  void helloCensusIsSysmonThenTheFirstWakepThenAHandoffFromTheLockedMainGoroutine() {
    Harness h = new Harness(GoOptions.DEFAULT, ReferencePrograms.aHello()).run();
    List<String> creators = new ArrayList<>();
    for (GoResult.Thread t : h.go.result().threads()) {
      creators.add(t.creator());
    }
    assertEquals(List.of("M0", "SYSMON", "WAKEP_NEWPROC", "HANDOFFP_LOCKED_M"), creators);
    assertEquals("hello\n", h.go.result().stdout());
    assertEquals(0, h.go.result().exitStatus());
  }

  /**
   * h_locked_exit (GOMAXPROCS=1): a goroutine locks twice, unlocks once and returns, still locked.
   * Its M exits, and the M that mexit's handoffp starts for main's P is cloned by the template
   * thread, whose mask is empty: the capture's last clone is preceded by {@code SIG_SETMASK ~[],
   * []} on the template thread, not by the dying thread's {@code ~[KILL STOP]}.
   */
  @Test
  void aGoroutineExitingLockedLeavesItsReplacementMToTheTemplateThread() {
    GoProgram locker = GoProgram.empty().lockOSThread().lockOSThread().unlockOSThread().send(0);
    GoProgram main =
        GoProgram.empty()
            .initLockOSThread()
            .go("main.main.func1", locker, 1)
            .recv(0)
            .print("main: the locked goroutine exited\n");
    Harness h = new Harness(GoOptions.DEFAULT.withGomaxprocs(1), main).run();
    List<GoResult.Thread> threads = h.go.result().threads();
    GoResult.Thread template = threads.get(3);
    GoResult.Thread last = threads.get(threads.size() - 1);
    assertEquals("TEMPLATE_THREAD", template.creator());
    assertEquals(5, threads.size());
    assertTrue(last.viaTemplateThread(), last.toString());
    assertEquals(template.tid(), last.createdByTid());
    // the thread that ran the locker exited, after the clone it no longer makes
    assertTrue(threads.get(2).exited());
    List<String> own = h.calls((int) template.tid(), "rt_sigprocmask", "clone");
    int clone = own.size() - 1;
    while (!own.get(clone).startsWith("clone(")) {
      clone--;
    }
    assertEquals("rt_sigprocmask(SIG_SETMASK, ~[], [], 8) = 0", own.get(clone - 1));
    assertEquals(
        "main: the locked goroutine exited\n", h.go.result().stdout(), h.go.result().stderr());
  }

  /** i_set_max_threads.out: SetMaxThreads returns the limit before it, 10000 and then 100. */
  @Test
  void setMaxThreadsReturnsThePreviousLimit() throws IOException {
    GoProgram main =
        GoProgram.empty()
            .print("before: %setmaxthreads\n")
            .setMaxThreads(100)
            .print("previous limit: %setmaxthreads\n")
            .setMaxThreads(50)
            .print("previous limit: %setmaxthreads\n");
    Harness h = new Harness(GoOptions.DEFAULT, main).run();
    assertEquals("before: -1\n" + resource("i_set_max_threads.out"), h.go.result().stdout());
  }

  /**
   * k_unbuffered.out (GOMAXPROCS=1): the send on an unbuffered channel parks until main receives,
   * so the sender prints that it sent last; on the old unbounded channel it would print second.
   */
  @Test
  void anUnbufferedSendParksUntilTheReceive() throws IOException {
    GoProgram sender =
        GoProgram.empty().print("sender: sending\n").send(0).print("sender: sent\n").send(1);
    GoProgram main =
        GoProgram.empty()
            .makeChan(0, 0)
            .makeChan(1, 1)
            .go("main.main.func1", sender, 1)
            .sleep(10_000_000)
            .print("main: receiving\n")
            .recv(0)
            .print("main: received\n")
            .recv(1);
    Harness h = new Harness(GoOptions.DEFAULT.withGomaxprocs(1), main).run();
    assertEquals(resource("k_unbuffered.out"), h.go.result().stdout());
  }

  /** A full buffer parks the next sender until a receive makes room, and readies it then. */
  @Test
  void aSendOnAFullBufferParksUntilAReceive() {
    GoProgram sender =
        GoProgram.empty().send(0).print("one buffered\n").send(0).print("two: room made\n").send(1);
    GoProgram main =
        GoProgram.empty()
            .makeChan(0, 1)
            .go("main.main.func1", sender, 1)
            .sleep(10_000_000)
            .print("main: receiving\n")
            .recv(0)
            .print("main: received\n")
            .recv(0)
            .print("main: received again\n")
            .recv(1);
    Harness h = new Harness(GoOptions.DEFAULT.withGomaxprocs(1), main).run();
    assertEquals(
        "one buffered\nmain: receiving\nmain: received\nmain: received again\ntwo: room made\n",
        h.go.result().stdout());
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 8, 16, 32, 64})
  void goroutinesBlockedInSyscallsAtGomaxprocs4EndWithNPlus3Threads(int n) {
    Harness h =
        new Harness(GoOptions.DEFAULT.withGomaxprocs(4), ReferencePrograms.bSyscalls(n)).run();
    assertTrue(
        h.go.result().stdout().contains("block in read(2): os_threads=" + (n + 3) + "\n"),
        h.go.result().stdout());
  }

  @Test
  void threadLimitEndsWithTheRealTwoLineMessageAndStatus2() throws IOException {
    String[] real = resource("e_limit.stderr").split("\n");
    Harness h = new Harness(GoOptions.DEFAULT.withGomaxprocs(4), ReferencePrograms.eLimit()).run();
    assertEquals(real[0] + "\n" + real[1] + "\n", h.go.result().stderr());
    assertEquals(2, h.go.result().exitStatus());
    assertEquals(2, h.kernelExitStatus());
    // the 21st M id trips the limit before its clone: 19 clones, 20 threads (the capture's count)
    assertEquals(19, h.calls("clone").size());
    // in all 10 real runs the throw came from sysmon → retake → handoffp → startm → mReserveID
    long sysmon = h.go.result().threads().get(1).tid();
    assertEquals("SYSMON", h.go.result().threads().get(1).creator());
    assertEquals(
        List.of(sysmon),
        h.syscalls().stream()
            .filter(e -> e.name().equals("write") && e.text().contains("program exceeds"))
            .map(e -> (long) e.tid())
            .toList());
  }

  @Test
  void setMaxThreadsBelowTheLiveCountThrowsAtOnce() {
    Harness h =
        new Harness(GoOptions.DEFAULT, GoProgram.empty().setMaxThreads(2).print("no\n")).run();
    assertEquals(
        "runtime: program exceeds 2-thread limit\nfatal error: thread exhaustion\n",
        h.go.result().stderr());
    assertEquals(2, h.go.result().exitStatus());
  }
}
