package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.Signals;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A recorded system call carries what happened (its raw arguments, its result, what strace reads
 * from user memory at the call's exit) and is printed only when read: the text is the same however
 * long after the call it is asked for, whatever the process did to its memory since.
 */
class RecordedEventsTest extends ModelFixture {
  private SyscallEvent only(int tid, String name) {
    List<SyscallEvent> found =
        machine.log().syscalls().stream()
            .filter(e -> e.tid() == tid && e.name().equals(name))
            .toList();
    assertEquals(1, found.size(), name + " calls of " + tid);
    return found.get(0);
  }

  @Test
  @DisplayName("an mmap event keeps its six raw arguments and its result")
  void rawArgumentsAndResult() {
    long[] got = new long[1];
    int pid =
        spawn(
            (c, r) -> {
              got[0] =
                  c.mmap(
                      0,
                      8192,
                      Prot.PROT_READ | Prot.PROT_WRITE,
                      MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS,
                      -1,
                      0);
              c.exitGroup(0);
            });
    machine.run();
    SyscallEvent e = only(pid, "mmap");
    long[] args = IntStream.range(0, e.argCount()).mapToLong(e::arg).toArray();
    assertArrayEquals(
        new long[] {
          0,
          8192,
          Prot.PROT_READ | Prot.PROT_WRITE,
          MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS,
          -1,
          0
        },
        args);
    assertEquals(got[0], e.result());
    assertEquals(
        "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x"
            + Long.toHexString(got[0]),
        e.text());
  }

  @Test
  @DisplayName(
      "clone3's text shows the struct and parent_tid as they were at the call's exit, though the"
          + " process rewrote both before the text was read")
  void clone3TextIsWhatTheCallRead() {
    long a = SCRATCH;
    long tid = SCRATCH + 0x200;
    int[] child = {0};
    int pid =
        spawn(
            (c, r) -> {
              long flags =
                  CLONE_VM
                      | CLONE_FS
                      | CLONE_FILES
                      | CLONE_SIGHAND
                      | CLONE_THREAD
                      | CLONE_SYSVSEM
                      | CLONE_SETTLS
                      | CLONE_PARENT_SETTID
                      | CLONE_CHILD_CLEARTID;
              cloneArgs(c, a, flags, 0, tid, tid, 0, 0x7f0000000000L, 0x7fff80, SCRATCH + 0x300);
              child[0] = (int) c.clone3(a, 88, (cc, x) -> cc.exit(0));
              // the struct and the tid word are reused right after, as a caller's stack is
              cloneArgs(c, a, CLONE_VM, 0, 0, 0, Signals.SIGCHLD, 0, 0, 0);
              c.store32(tid, 4242);
              c.exitGroup(0);
            });
    machine.run();
    String expected =
        String.format(
            "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID,"
                + " child_tid=0x%x, parent_tid=0x%x, exit_signal=0, stack=0x%x, stack_size=0x7fff80,"
                + " tls=0x%x} => {parent_tid=[%d]}, 88) = %d",
            tid, tid, 0x7f0000000000L, SCRATCH + 0x300, child[0], child[0]);
    assertTrue(child[0] > 0 && child[0] != 4242);
    assertEquals(expected, only(pid, "clone3").text());
  }

  @Test
  @DisplayName(
      "rt_sigprocmask shows the set it read and the old mask it returned, though both changed later")
  void sigprocmaskTextIsWhatTheCallRead() {
    long set = SCRATCH;
    long old = SCRATCH + 8;
    int pid =
        spawn(
            (c, r) -> {
              c.store64(set, Signals.bit(Signals.SIGUSR1));
              c.rtSigprocmask(Signals.SIG_BLOCK, set, old, 8);
              c.store64(set, Signals.bit(Signals.SIGUSR2));
              c.rtSigprocmask(Signals.SIG_SETMASK, set, 0, 8);
              c.exitGroup(0);
            });
    machine.run();
    List<String> texts =
        machine.log().syscalls().stream()
            .filter(e -> e.tid() == pid && e.name().equals("rt_sigprocmask"))
            .map(SyscallEvent::text)
            .toList();
    assertEquals(
        List.of(
            "rt_sigprocmask(SIG_BLOCK, [USR1], [], 8) = 0",
            "rt_sigprocmask(SIG_SETMASK, [USR2], NULL, 8) = 0"),
        texts);
  }

  @Test
  @DisplayName("a count-only log makes no events at all: the calls are only counted")
  void countOnlyLogKeepsNothing() {
    machine.log().countOnly();
    spawn(
        (c, r) -> {
          c.gettid();
          c.exitGroup(0);
        });
    machine.run();
    assertTrue(machine.log().events().isEmpty());
    assertTrue(machine.log().syscallCount() >= 2, "gettid and exit_group counted");
  }
}
