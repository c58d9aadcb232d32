package io.github.clonepath.lab.walk;

import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.NoteEvent;
import io.github.clonepath.common.SourceRef;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/** Builds small event logs by hand for the formatter tests. */
final class Events {
  private final List<TraceEvent> events = new ArrayList<>();
  private int tid;

  Events on(int t) {
    tid = t;
    return this;
  }

  Events call(int depth, String file, int line, String function) {
    events.add(new CallEvent(0, tid, depth, new SourceRef(file, line, function, "go1.21.0")));
    return this;
  }

  Events note(int depth, String text) {
    events.add(new NoteEvent(0, tid, depth, text));
    return this;
  }

  Events syscall(int depth, String name, String text, long result) {
    events.add(new SyscallEvent(0, tid, depth, name, text, result));
    return this;
  }

  List<TraceEvent> list() {
    return events;
  }

  /**
   * A newm-shaped run on two tasks: calls with notes on their own line, notes after child calls,
   * system calls under newosproc, a switch to the child and back.
   */
  static List<TraceEvent> newmShaped() {
    return new Events()
        .on(100)
        .call(0, "runtime/proc.go", 2385, "newm")
        .call(1, "runtime/proc.go", 1889, "allocm")
        .call(2, "runtime/proc.go", 823, "mcommoninit")
        .note(2, "m3 id=3, allm=[m3 m2 m1 m0]")
        .call(1, "runtime/proc.go", 2434, "newm1")
        .call(2, "runtime/os_linux.go", 166, "newosproc")
        .syscall(3, "rt_sigprocmask", "rt_sigprocmask(SIG_SETMASK, ~[], [], 8) = 0", 0)
        .syscall(3, "clone", "clone(child_stack=0xc000100000, flags=CLONE_VM|CLONE_FS) = 101", 101)
        .note(0, "nextp=p1")
        .note(0, "sigmask=initSigmask")
        .on(101)
        .call(0, "runtime/asm_amd64.s", 0, "mstart")
        .syscall(1, "gettid", "gettid() = 101", 101)
        .on(100)
        .note(0, "newm returned")
        .list();
  }
}
