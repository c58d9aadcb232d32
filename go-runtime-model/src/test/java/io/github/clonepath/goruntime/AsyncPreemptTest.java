package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.NoteEvent;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.kernel.syscall.Chooser;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Sysmon's asynchronous preemption (go1.14+, runtime/proc.go preemptone, signal_unix.go preemptM
 * and doSigPreempt, preempt.go): the SIGURG goes by tgkill from sysmon's thread to the thread of
 * the M running the preempted G; the kernel shows it in that thread's trace where it delivers it,
 * with the sender's tgid and SI_TKILL; the handler stops a G caught in its own code at once
 * (asyncPreempt2 → gopreempt_m: the global queue), and leaves a G caught in the runtime to its next
 * stack check.
 */
class AsyncPreemptTest {
  private static final long MS = 1_000_000L;

  /** Says yes to sysmon's "has it run 10 ms?" once, at its first question after {@code after}. */
  private static final class PreemptOnce implements Chooser {
    private final long after;
    private Machine machine;
    int asked;
    boolean answered;

    PreemptOnce(long after) {
      this.after = after;
    }

    @Override
    public void booted(Machine m) {
      machine = m;
    }

    @Override
    public int choose(Point point, int current, int[] runnable) {
      if (point != Point.USER) {
        return 0;
      }
      asked++;
      if (!answered && machine.now() >= after) {
        answered = true;
        return 1;
      }
      return 0;
    }
  }

  /** One run of a program with the chooser, call tracing on. */
  private record Run(Machine machine, GoRuntime go, PreemptOnce chooser) {
    static Run of(GoOptions opts, GoProgram main, long after) {
      PreemptOnce c = new PreemptOnce(after);
      Machine m = Machine.boot(MachineConfig.DEFAULT.withTraceCalls(true).withChooser(c));
      GoRuntime go = GoRuntime.spawn(m, "go", opts, main);
      m.run();
      return new Run(m, go, c);
    }

    List<SyscallEvent> calls(String name) {
      return machine.log().syscalls().stream().filter(e -> e.name().equals(name)).toList();
    }

    /** The calls of one thread, as text, in order. */
    List<String> thread(int tid) {
      return machine.log().syscalls().stream()
          .filter(e -> e.tid() == tid)
          .map(SyscallEvent::text)
          .toList();
    }

    /** The names of the modeled calls and the notes, in order, on one thread. */
    List<String> steps(int tid) {
      List<String> out = new ArrayList<>();
      for (TraceEvent e : machine.log().events()) {
        if (e.tid() != tid) {
          continue;
        }
        if (e instanceof CallEvent c) {
          out.add(c.source().function());
        } else if (e instanceof NoteEvent n) {
          out.add("note: " + n.text());
        } else if (e instanceof SyscallEvent s) {
          out.add(s.text());
        }
      }
      return out;
    }

    String strace() {
      return machine.strace();
    }
  }

  /** main computes 50 ms: sysmon meets it running, and the USER point after 10 ms says yes. */
  private static GoProgram computing() {
    return GoProgram.empty().compute(50 * MS).print("done\n");
  }

  private static int tidOfSysmon(Run r) {
    // sysmon's thread is m0's first clone
    return (int)
        r.calls("clone").stream().filter(e -> e.tid() == r.go.pid()).findFirst().get().result();
  }

  @Test
  @DisplayName(
      "preemptone signals the M running the G: tgkill(tgid, that M's tid, SIGURG) from sysmon's"
          + " thread, one signal, and its line in the target thread's trace only")
  void theSignalGoesToTheMRunningTheG() {
    Run r = Run.of(GoOptions.DEFAULT, computing(), 10 * MS);
    assertTrue(r.chooser.answered, "sysmon never asked");
    int pid = r.go.pid();
    List<SyscallEvent> kills = r.calls("tgkill");
    assertEquals(1, kills.size(), r.strace());
    SyscallEvent k = kills.get(0);
    assertEquals(tidOfSysmon(r), k.tid(), "sent by sysmon's thread");
    // main's goroutine runs on m0, the main thread: tid = tgid
    assertEquals("tgkill(" + pid + ", " + pid + ", SIGURG) = 0", k.text());
    String line =
        "--- SIGURG {si_signo=SIGURG, si_code=SI_TKILL, si_pid=" + pid + ", si_uid=0} ---";
    List<SyscallEvent> delivered = r.calls("---");
    assertEquals(1, delivered.size(), r.strace());
    assertEquals(pid, delivered.get(0).tid(), "delivered to the target thread");
    assertEquals(line, delivered.get(0).text());
    // getpid, then tgkill, on sysmon's thread
    List<String> sysmon = r.thread(k.tid());
    int at = sysmon.indexOf(k.text());
    assertEquals("getpid() = " + pid, sysmon.get(at - 1));
  }

  @Test
  @DisplayName(
      "a G caught in its own code stops at once: the handler injects asyncPreempt, asyncPreempt2"
          + " → gopreempt_m puts it on the global queue, and it runs on afterwards")
  void aComputingGStopsAtOnceOntoTheGlobalQueue() {
    Run r = Run.of(GoOptions.DEFAULT, computing(), 10 * MS);
    int pid = r.go.pid();
    List<String> m0 = r.steps(pid);
    int sig =
        m0.indexOf(
            "--- SIGURG {si_signo=SIGURG, si_code=SI_TKILL, si_pid=" + pid + ", si_uid=0} ---");
    assertTrue(sig >= 0, String.join("\n", m0));
    List<String> after = m0.subList(sig, m0.size());
    String order =
        after.stream()
            .filter(
                s ->
                    List.of(
                            "sigtramp",
                            "doSigPreempt",
                            "asyncPreempt2",
                            "gopreempt_m",
                            "goschedImpl",
                            "newstack",
                            "note: g1 preempted onto the global queue")
                        .contains(s))
            .limit(6)
            .collect(Collectors.joining(" → "));
    assertEquals(
        "sigtramp → doSigPreempt → asyncPreempt2 → gopreempt_m → goschedImpl"
            + " → note: g1 preempted onto the global queue",
        order,
        String.join("\n", m0.subList(Math.max(0, sig - 30), Math.min(m0.size(), sig + 20))));
    assertTrue(after.contains("note: g1 interrupted at a safe point: asyncPreempt injected"));
    assertTrue(r.go.result().stdout().contains("done"), "main runs on after its preemption");
  }

  @Test
  @DisplayName(
      "GODEBUG asyncpreemptoff=1: preemptone sends no signal; the G yields at its next step's stack"
          + " check (newstack)")
  void asyncpreemptoffSendsNoSignal() {
    Run r = Run.of(GoOptions.DEFAULT.withGodebug("asyncpreemptoff=1"), computing(), 10 * MS);
    assertTrue(r.chooser.answered);
    assertEquals(List.of(), r.calls("tgkill"));
    assertEquals(List.of(), r.calls("---"));
    List<String> m0 = r.steps(r.go.pid());
    assertTrue(m0.contains("newstack"), String.join("\n", m0));
    assertFalse(m0.contains("asyncPreempt2"));
  }

  @Test
  @DisplayName("go1.13 has no preemption signal: no handler installed, no tgkill")
  void go113HasNoSignal() {
    Run r = Run.of(GoOptions.DEFAULT.withVersion(GoVersion.GO1_13), computing(), 10 * MS);
    assertTrue(r.chooser.answered);
    assertEquals(List.of(), r.calls("tgkill"));
    assertEquals(List.of(), r.calls("rt_sigaction"));
  }

  @Test
  @DisplayName(
      "initsig on m0: getsig then setsig for SIGURG, sigtramp with every signal blocked in it")
  void initsigInstallsTheHandler() {
    Run r = Run.of(GoOptions.DEFAULT, computing(), Long.MAX_VALUE);
    List<SyscallEvent> acts = r.calls("rt_sigaction");
    assertEquals(2, acts.size());
    assertEquals(
        "rt_sigaction(SIGURG, NULL, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0",
        acts.get(0).text());
    assertEquals(
        "rt_sigaction(SIGURG, {sa_handler=0x463a00, sa_mask=~[],"
            + " sa_flags=SA_RESTORER|SA_ONSTACK|SA_RESTART|SA_SIGINFO, sa_restorer=0x4639e0},"
            + " NULL, 8) = 0",
        acts.get(1).text());
    assertFalse(r.chooser.answered);
    assertEquals(List.of(), r.calls("tgkill"), "the default schedule preempts nothing");
  }
}
