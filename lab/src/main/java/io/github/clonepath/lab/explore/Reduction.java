package io.github.clonepath.lab.explore;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Chooser.Point;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * DFS's sleep-set reduction (Godefroid, "Partial-Order Methods for the Verification of Concurrent
 * Systems", LNCS 1032, 1996), for the one kind of step whose independence the machine can tell at a
 * point: a task switched out at the entry of a call that no other task can observe.
 *
 * <p>At a {@code PREEMPT} point task T is at the entry of its call c, and answer 1 runs the others
 * first. If c touches only T's own state (its robust list, its TLS register, its clear-tid address,
 * its rseq area, its alternate signal stack; its signal mask while no call of the run can send a
 * signal), c commutes with every other task's step but one: a group exit (exit_group, a fatal
 * signal) while T is switched out decides whether c is made at all. No part of an outcome sees that
 * unless c would be T's first call (the count of threads that made a call), so c must not be. When
 * the default run shows T going on from c straight to its next call's entry — the next point is T's
 * again, with the same tasks queued in the same order, c was T's only call in between, and that
 * next call is T's own business too — then switching T out before c reaches the outcomes that
 * switching it out one call later reaches, with the same number of departures; DFS explores the
 * later switch anyway, so it skips the earlier one. In sleep-set terms: after answer 0, T sleeps
 * with c, and since c is independent of everything it would stay asleep until it runs again, so the
 * whole answer-1 subtree is sleep-set blocked.
 *
 * <p>DEVIATION: independence is judged by the calls alone. The user-space work between two calls
 * (the C library's and the Go runtime's own loads and stores) is not seen by the machine. Requiring
 * the call after c to be T's own as well keeps the skipped switches inside a thread's setting
 * itself up (glibc's start_thread between set_robust_list, rseq and the signal mask); a switch
 * before a thread's last own call, after which its routine reads what others wrote, is never
 * skipped. The Go runtime model does shared scheduler work between its threads' setup calls (a
 * switch before {@code gettid} and one before the next {@code sigaltstack} can end differently), so
 * Go scenarios are explored without the reduction. After T resumes, the skipped branch would also
 * have offered one more point (T at its next call's entry) that the later switch does not, so
 * schedules that switch T out twice in a row are not all represented. {@code ReductionTest} checks
 * on glibc scenarios that each skipped switch ends as the later one does, and that the distinct
 * outcomes are the same with and without the reduction.
 */
final class Reduction {
  /** Calls whose effect only the calling task can see (arguments aside). */
  private static final Set<String> OWN =
      Set.of(
          "gettid",
          "getpid",
          "getppid",
          "getuid",
          "geteuid",
          "getgid",
          "getegid",
          "set_robust_list",
          "get_robust_list",
          "set_tid_address",
          "arch_prctl",
          "rseq",
          "sigaltstack",
          "clock_gettime",
          "uname");

  /** Calls that can make a signal pending for another task (a mask change then matters). */
  private static final Set<String> SENDERS =
      Set.of(
          "kill",
          "tkill",
          "tgkill",
          "rt_sigqueueinfo",
          "rt_tgsigqueueinfo",
          "pidfd_send_signal",
          "alarm",
          "setitimer",
          "timer_create",
          "timer_settime",
          "fork",
          "vfork");

  private Reduction() {}

  /**
   * Whether a run made a call that can send a signal to another task (or start a process, whose
   * exit signals its parent): then a signal mask is observable and {@code rt_sigprocmask} is not a
   * task's own business.
   *
   * @param calls the run's calls
   * @return whether any of them can
   */
  static boolean signals(List<SyscallEvent> calls) {
    for (SyscallEvent e : calls) {
      String n = e.name();
      if (SENDERS.contains(n)) {
        return true;
      }
      // a clone without CLONE_THREAD starts a process, whose exit sends its exit signal
      if ((n.equals("clone") || n.equals("clone3")) && !e.text().contains("CLONE_THREAD")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a call changes only its caller's own state.
   *
   * @param e the call
   * @param masks whether a signal mask is the caller's own business (no call sends signals)
   * @return whether no other task can observe it
   */
  static boolean own(SyscallEvent e, boolean masks) {
    return OWN.contains(e.name()) || (masks && e.name().equals("rt_sigprocmask"));
  }

  /**
   * For each point of a run, whether answer 1 there is redundant (see the class comment). Only
   * points the run answered 0 are judged: the run shows what the default answer does.
   *
   * @param decisions the run's decisions
   * @param calls the run's calls, in the order the decisions counted them
   * @param masks whether signal masks are their tasks' own business in this exploration
   * @return one flag per decision
   */
  static boolean[] redundantSwitches(
      List<Recorder.Decision> decisions, List<SyscallEvent> calls, boolean masks) {
    boolean[] out = new boolean[decisions.size()];
    Set<Integer> called = new HashSet<>();
    int seen = 0;
    for (int i = 0; i + 1 < decisions.size(); i++) {
      Recorder.Decision d = decisions.get(i);
      for (; seen < d.syscallsBefore(); seen++) {
        called.add(calls.get(seen).tid());
      }
      Recorder.Decision n = decisions.get(i + 1);
      if (d.point() != Point.PREEMPT
          || d.answer() != 0
          || n.point() != Point.PREEMPT
          || n.current() != d.current()
          || !Arrays.equals(n.runnable(), d.runnable())
          || n.syscallsBefore() != d.syscallsBefore() + 1
          || !called.contains(d.current())) {
        continue;
      }
      SyscallEvent c = calls.get(d.syscallsBefore());
      // the call after c must be the task's own too: the user-space work between two such calls
      // is the task setting itself up, not the work after them that reads what others wrote
      // (T's next call in this run's log: the run may have switched T out before it)
      SyscallEvent c2 = nextOf(calls, n.syscallsBefore(), d.current());
      out[i] = c.tid() == d.current() && own(c, masks) && c2 != null && own(c2, masks);
    }
    return out;
  }

  /** A task's first call recorded at or after an index, or null. */
  private static SyscallEvent nextOf(List<SyscallEvent> calls, int from, int tid) {
    for (int k = from; k < calls.size(); k++) {
      if (calls.get(k).tid() == tid) {
        return calls.get(k);
      }
    }
    return null;
  }
}
