package io.github.clonepath.lab.explore;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Chooser.Point;
import io.github.clonepath.kernel.syscall.Errno;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Says, in the program's terms, where a schedule departs from the default one: which thread was
 * switched out before which of its calls, what the others did meanwhile, and how that call's result
 * differs from the default run's.
 */
final class Explain {
  private Explain() {}

  /**
   * The departures.
   *
   * @param decisions the schedule's run's decisions, with system-call counts
   * @param calls that run's system calls
   * @param normal the default run's system calls
   * @return one paragraph per non-default answer
   */
  static List<String> lines(
      List<Recorder.Decision> decisions, List<SyscallEvent> calls, List<SyscallEvent> normal) {
    Map<Integer, String> names = names(calls);
    Map<Integer, String> normalNames = names(normal);
    List<String> out = new ArrayList<>();
    for (int d = 0; d < decisions.size(); d++) {
      Recorder.Decision x = decisions.get(d);
      if (x.answer() == 0) {
        continue;
      }
      int from = Math.max(0, x.syscallsBefore());
      if (x.point() == Point.PICK) {
        out.add(
            String.format(
                "point %d: %s ran before %s, which was first in the run queue",
                d, name(names, x.runnable()[x.answer()]), name(names, x.runnable()[0])));
        continue;
      }
      if (x.point() == Point.USER) {
        out.add(
            String.format(
                "point %d: %s's program took the other outcome of a user-space race"
                    + " (Go: sysmon found a goroutine that had run for 10 ms and preempted it)",
                d, name(names, x.current())));
        continue;
      }
      int self = x.current();
      int at = from;
      while (at < calls.size() && calls.get(at).tid() != self) {
        at++;
      }
      if (at == calls.size()) {
        if (atWakeReturn(decisions, d, calls, from)) {
          int n = 0;
          for (int i = 0; i < from; i++) {
            n += calls.get(i).tid() == self ? 1 : 0;
          }
          out.add(
              String.format(
                  "point %d: %s was switched out at the return of its call %d, %s, which woke"
                      + " a task (wake-up preemption), and made no call after",
                  d, name(names, self), n, head(calls.get(from - 1))));
        } else {
          out.add(
              String.format(
                  "point %d: %s was switched out and made no call after", d, name(names, self)));
        }
        continue;
      }
      SyscallEvent call = calls.get(at);
      int nth = 0;
      for (int i = 0; i <= at; i++) {
        nth += calls.get(i).tid() == self ? 1 : 0;
      }
      String who = name(names, self);
      StringBuilder sb = new StringBuilder();
      if (atWakeReturn(decisions, d, calls, from)) {
        sb.append(
            String.format(
                "point %d: %s was switched out at the return of its call %d, %s, which woke"
                    + " a task (wake-up preemption), before its next steps and its call %d, %s",
                d, who, nth - 1, head(calls.get(from - 1)), nth, head(call)));
      } else {
        sb.append(
            String.format(
                "point %d: %s was switched out at the entry of its call %d, %s",
                d, who, nth, head(call)));
      }
      List<String> meanwhile = new ArrayList<>();
      String exited = null;
      for (int i = from; i < at; i++) {
        SyscallEvent e = calls.get(i);
        meanwhile.add(name(names, e.tid()) + " " + head(e));
        if (e.name().equals("exit") && exited == null) {
          exited = name(names, e.tid());
        }
      }
      sb.append(
          meanwhile.isEmpty()
              ? "; only time passed before it ran again"
              : "; before it ran again: " + String.join(", ", meanwhile));
      SyscallEvent same = nthOf(normal, normalNames, who, nth);
      if (same != null && same.result() != call.result()) {
        String now = result(call.result());
        String was = result(same.result());
        if (exited != null && call.name().equals("futex") && call.text().contains("FUTEX_WAIT")) {
          sb.append(
              String.format(
                  ". %s's exit ran between %s's load of the futex word (the tid word the exit"
                      + " clears) and its futex wait, so the wait returned %s (%s in the default"
                      + " schedule)",
                  exited, who, now, was));
        } else if (exited != null) {
          sb.append(
              String.format(
                  ". %s's exit ran between %s's previous step and its %s, so the %s returned %s"
                      + " (%s in the default schedule)",
                  exited, who, call.name(), call.name(), now, was));
        } else {
          sb.append(String.format(". So it returned %s (%s in the default schedule)", now, was));
        }
      }
      out.add(sb.toString());
    }
    return out;
  }

  /**
   * Whether a PREEMPT point is the return of the task's futex wake rather than its next call's
   * entry: the last call recorded before it is the task's own wake that woke someone (the only
   * calls with a point at their return), and no earlier point of the task came after that call.
   */
  private static boolean atWakeReturn(
      List<Recorder.Decision> decisions, int d, List<SyscallEvent> calls, int from) {
    Recorder.Decision x = decisions.get(d);
    if (from == 0 || from > calls.size()) {
      return false;
    }
    SyscallEvent last = calls.get(from - 1);
    if (last.tid() != x.current()
        || !last.name().equals("futex")
        || !last.text().contains("FUTEX_WAKE")
        || last.result() <= 0) {
      return false;
    }
    for (int e = d - 1; e >= 0; e--) {
      Recorder.Decision y = decisions.get(e);
      if (y.syscallsBefore() < from) {
        return true;
      }
      if (y.point() == Point.PREEMPT && y.current() == x.current()) {
        return false;
      }
    }
    return true;
  }

  private static String result(long r) {
    return r < 0 && r > -4096 ? "-1 " + Errno.ofResult(r) : Long.toString(r);
  }

  private static String head(SyscallEvent e) {
    String t = e.text();
    return t.length() > 60 ? t.substring(0, 57) + "..." : t;
  }

  private static SyscallEvent nthOf(
      List<SyscallEvent> calls, Map<Integer, String> names, String who, int nth) {
    int k = 0;
    for (SyscallEvent e : calls) {
      if (who.equals(names.get(e.tid())) && ++k == nth) {
        return e;
      }
    }
    return null;
  }

  /** T1, T2, ... in the order the threads first make a call, as the trace comparison names them. */
  private static Map<Integer, String> names(List<SyscallEvent> calls) {
    Map<Integer, String> m = new LinkedHashMap<>();
    for (SyscallEvent e : calls) {
      m.computeIfAbsent(e.tid(), t -> "T" + (m.size() + 1));
    }
    return m;
  }

  private static String name(Map<Integer, String> names, int tid) {
    return names.getOrDefault(tid, "tid " + tid);
  }
}
