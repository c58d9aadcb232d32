package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A signal delivered to a handler prints strace's line ({@code --- SIGUSR1 {si_signo=SIGUSR1,
 * si_code=SI_TKILL, si_pid=3, si_uid=0} ---}) in the receiving thread's trace, where the kernel
 * delivers it (kernel/signal.c: the siginfo of kill and tgkill; get_signal on the return to user
 * mode; legacy_queue for a standard signal already pending).
 */
class SignalDeliveryLineTest extends ModelFixture {
  private static final long ACT = SCRATCH + 0x300;
  private static final long SET = SCRATCH + 0x340;
  private static final long WORD = SCRATCH + 0x380;
  private static final long HANDLER = 0x401000;
  private static final long THREAD =
      CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;

  private static void handle(UserContext c, int sig, List<Integer> seen) {
    c.defineHandler(HANDLER, (hc, s) -> seen.add(s));
    c.store64(ACT, HANDLER);
    c.store64(ACT + 8, 0);
    c.store64(ACT + 16, 0);
    c.store64(ACT + 24, 0);
    c.rtSigaction(sig, ACT, 0, 8);
  }

  /** A private futex wait on {@link #WORD} (0), no timeout, then {@code then}. */
  private static void waitOnWord(UserContext c, Continuation then) {
    c.futex(WORD, Futex.FUTEX_WAIT | Futex.FUTEX_PRIVATE_FLAG, 0, 0, 0, 0, then);
  }

  private static String line(String sig, String code, int pid) {
    return "--- "
        + sig
        + " {si_signo="
        + sig
        + ", si_code="
        + code
        + ", si_pid="
        + pid
        + ", si_uid=0} ---";
  }

  @Test
  @DisplayName("tgkill to oneself: SI_TKILL from the tgid, right after the tgkill that sent it")
  void tgkillToOneself() {
    List<Integer> seen = new ArrayList<>();
    int pid =
        spawn(
            (c, r) -> {
              handle(c, Signals.SIGUSR1, seen);
              c.tgkill((int) c.getpid(), (int) c.gettid(), Signals.SIGUSR1);
              c.kill((int) c.getpid(), Signals.SIGUSR1);
              c.exitGroup(0);
            });
    machine.run();
    List<String> calls = linesOf(pid).lines().toList();
    int k = calls.indexOf("tgkill(" + pid + ", " + pid + ", SIGUSR1) = 0");
    assertEquals(line("SIGUSR1", "SI_TKILL", pid), calls.get(k + 1));
    // kill(2): SI_USER
    int kill = calls.indexOf("kill(" + pid + ", SIGUSR1) = 0");
    assertEquals(line("SIGUSR1", "SI_USER", pid), calls.get(kill + 1));
    assertEquals(List.of(Signals.SIGUSR1, Signals.SIGUSR1), seen);
  }

  @Test
  @DisplayName(
      "tgkill to another thread: the line is in the target's trace (its futex wait interrupted),"
          + " none in the sender's")
  void tgkillToAnotherThread() {
    List<Integer> seen = new ArrayList<>();
    int[] child = new int[1];
    int pid =
        spawn(
            (c, r) -> {
              handle(c, Signals.SIGUSR1, seen);
              c.store32(WORD, 0);
              child[0] =
                  (int)
                      c.clone(
                          THREAD,
                          SCRATCH + 0x8000,
                          0,
                          0,
                          0,
                          (cc, x) -> waitOnWord(cc, (c2, w) -> c2.exitGroup(0)));
              c.schedYield(
                  (c1, x) -> {
                    c1.tgkill((int) c1.getpid(), child[0], Signals.SIGUSR1);
                    waitOnWord(c1, (c2, w) -> {});
                  });
            });
    machine.run();
    String sender = linesOf(pid);
    String target = linesOf(child[0]);
    assertEquals(false, sender.contains("--- SIG"), sender);
    List<String> t = target.lines().toList();
    assertEquals(line("SIGUSR1", "SI_TKILL", pid), t.get(1), target);
    assertEquals(List.of(Signals.SIGUSR1), seen);
  }

  @Test
  @DisplayName(
      "a standard signal sent twice while blocked is queued once (legacy_queue): one delivery,"
          + " with the first sender's siginfo")
  void legacyQueueKeepsTheFirstSender() {
    List<Integer> seen = new ArrayList<>();
    int[] child = new int[1];
    int pid =
        spawn(
            (c, r) -> {
              handle(c, Signals.SIGUSR1, seen);
              c.store64(SET, Signals.bit(Signals.SIGUSR1));
              c.rtSigprocmask(Signals.SIG_BLOCK, SET, 0, 8);
              int self = (int) c.getpid();
              // a forked child (another thread group) sends first, then the process itself
              c.clone(
                  Signals.SIGCHLD,
                  0,
                  0,
                  0,
                  0,
                  (cc, x) -> {
                    cc.tgkill(self, self, Signals.SIGUSR1);
                    cc.exit(0);
                  },
                  (c1, p) -> {
                    child[0] = (int) p;
                    c1.wait4(
                        (int) p,
                        0,
                        0,
                        0,
                        (c2, w) -> {
                          c2.tgkill(self, self, Signals.SIGUSR1);
                          c2.rtSigprocmask(Signals.SIG_UNBLOCK, SET, 0, 8);
                          c2.exitGroup(0);
                        });
                  });
            });
    machine.run();
    List<String> calls = linesOf(pid).lines().toList();
    assertEquals(
        1,
        calls.stream().filter(l -> l.startsWith("--- SIGUSR1")).count(),
        String.join("\n", calls));
    // delivered on the return of the call that unblocked it, from the child that sent it first
    int unblock = calls.indexOf("rt_sigprocmask(SIG_UNBLOCK, [USR1], NULL, 8) = 0");
    assertEquals(line("SIGUSR1", "SI_TKILL", child[0]), calls.get(unblock + 1));
    assertEquals(List.of(Signals.SIGUSR1), seen);
  }
}
