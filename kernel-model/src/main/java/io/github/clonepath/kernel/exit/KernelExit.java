package io.github.clonepath.kernel.exit;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.futex.FutexTable;
import io.github.clonepath.kernel.mm.MmStruct;
import io.github.clonepath.kernel.sched.Scheduler;
import io.github.clonepath.kernel.signal.KernelSignal;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.UserFault;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.Pid;
import io.github.clonepath.kernel.task.PidNamespace;
import io.github.clonepath.kernel.task.SighandStruct;
import io.github.clonepath.kernel.task.SignalStruct;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.WaitReason;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kernel/exit.c}: group exit, {@code do_exit}, {@code exit_notify} and {@code release_task},
 * with the steps {@code kernel/fork.c} owns ({@code mm_release}, {@code __cleanup_sighand}) and
 * {@code zap_pid_ns_processes} ({@code kernel/pid_namespace.c}). The puts of the other structures
 * are in {@link ExitStructs}, which the fork error path uses too, as in Linux.
 */
public final class KernelExit {
  private final Kernel kernel;
  private final Scheduler sched;
  private final KernelSignal signals;
  private final FutexTable futex;
  private final ExitStructs structs;

  /**
   * The exit code of one machine.
   *
   * @param kernel the kernel
   * @param sched the scheduler
   * @param signals the signal code
   * @param futex the futex table
   */
  public KernelExit(Kernel kernel, Scheduler sched, KernelSignal signals, FutexTable futex) {
    this.kernel = kernel;
    this.sched = sched;
    this.signals = signals;
    this.futex = futex;
    this.structs = new ExitStructs(kernel);
  }

  /**
   * The release helpers of the shared structures (also what the fork error path calls).
   *
   * @return the helpers
   */
  public ExitStructs structs() {
    return structs;
  }

  /**
   * {@code do_group_exit}: the first thread to get here marks the group as exiting with the code
   * and kills the other threads with SIGKILL; then it exits itself.
   *
   * @param t the current task
   * @param exitCode the wait status (code &lt;&lt; 8, or a signal number)
   */
  @Source(file = "kernel/exit.c", line = 986, function = "do_group_exit", version = "Linux 6.2")
  public void doGroupExit(Task t, int exitCode) {
    try (var f = kernel.tracer.enter()) {
      SignalStruct sig = t.signal;
      if ((sig.flags & SignalStruct.SIGNAL_GROUP_EXIT) != 0) {
        exitCode = sig.groupExitCode;
      } else {
        sig.flags |= SignalStruct.SIGNAL_GROUP_EXIT;
        sig.groupExitCode = exitCode;
        for (Task th : new ArrayList<>(sig.threads)) {
          if (th != t && !th.exiting) {
            th.pending |= Signals.bit(Signals.SIGKILL);
            signals.signalWakeUp(th, true);
          }
        }
        if (f.recording()) {
          f.note("group %d exits with status 0x%x", t.tgid, exitCode);
        }
      }
      doExit(t, exitCode);
    }
  }

  /**
   * {@code do_exit}: the task gives up everything it holds, in the kernel's order, then becomes a
   * zombie or is reaped at once. When a thread other than the leader empties the group after the
   * leader has exited, its code becomes the group's status, as on the reference machine (Linux
   * 6.18; DEVIATION from 6.2, which reported the leader's own code).
   *
   * @param t the exiting task (the current one, or a killed one being dispatched)
   * @param code the exit code as wait reports it
   */
  @Source(file = "kernel/exit.c", line = 805, function = "do_exit", version = "Linux 6.2")
  public void doExit(Task t, int code) {
    try (var f = kernel.tracer.enter()) {
      if (t.exiting) {
        throw new IllegalStateException(t + " is already exiting");
      }
      t.exiting = true;
      t.exitCode = code;
      int liveBefore = t.signal.live;
      t.signal.live--;
      boolean groupDead = t.signal.live == 0;
      if (f.recording()) {
        f.note(
            "signal %d: live %d→%d%s",
            t.signal.id, liveBefore, t.signal.live, groupDead ? ", group dead" : "");
      }
      if (groupDead) {
        kernel.exitStatus.put(
            t.tgid,
            (t.signal.flags & SignalStruct.SIGNAL_GROUP_EXIT) != 0 ? t.signal.groupExitCode : code);
        if ((t.signal.flags & SignalStruct.SIGNAL_GROUP_EXIT) == 0 && t != t.groupLeader) {
          // The reference machine (Linux 6.18) reports the code of the thread whose exit emptied
          // the group when the leader exited first (measured with a C program: leader SYS_exit(3),
          // then a thread SYS_exit(5), waitid gives si_status 5); Linux 6.2 reported the leader's.
          t.groupLeader.exitCode = code;
          if (f.recording()) {
            f.note("the group's status is the last thread's: 0x%x", code);
          }
        }
      }
      if (groupDead
          && t.activePidNs().childReaper == t.groupLeader
          && t.activePidNs() != kernel.initPidNs) {
        zapPidNsProcesses(t.activePidNs(), t);
      }
      exitMm(t);
      structs.exitSem(t);
      structs.exitFiles(t);
      structs.exitFs(t);
      structs.exitTaskNamespaces(t);
      exitNotify(t, groupDead);
      if (t.activeMm != null) {
        MmStruct m = t.activeMm;
        t.activeMm = null;
        m.mmdrop();
      }
    }
  }

  /**
   * {@code zap_pid_ns_processes}: when a pid namespace's init dies, the namespace stops taking new
   * tasks and every other task in it is killed.
   */
  @Source(
      file = "kernel/pid_namespace.c",
      line = 166,
      function = "zap_pid_ns_processes",
      version = "Linux 6.2")
  private void zapPidNsProcesses(PidNamespace ns, Task init) {
    try (var f = kernel.tracer.enter()) {
      ns.adding = false;
      for (Task p : new ArrayList<>(kernel.tasks.values())) {
        if (p.signal != init.signal && !p.exiting && p.threadPid.nrIn(ns) != 0) {
          signals.sendSignal(p, Signals.SIGKILL, true);
        }
      }
      if (f.recording()) {
        f.note("pid ns %d: no more tasks", ns.id);
      }
    }
  }

  /**
   * {@code exit_mm}: releases the address space. mm_release first (clear_child_tid and the vfork
   * completion), then the mm is kept only for lazy TLB (mm_count) and its user count dropped.
   *
   * @param t the task
   */
  @Source(file = "kernel/exit.c", line = 531, function = "exit_mm", version = "Linux 6.2")
  public void exitMm(Task t) {
    try (var f = kernel.tracer.enter()) {
      MmStruct mm = t.mm;
      if (mm == null) {
        return;
      }
      mmRelease(t, mm);
      mm.mmgrab();
      t.activeMm = mm;
      t.mm = null;
      int before = mm.mmUsers();
      mm.mmput();
      if (f.recording()) {
        f.note("mm_users %d→%d", before, before - 1);
      }
    }
  }

  /**
   * {@code mm_release}: if the task registered clear_child_tid and the address space has other
   * users, writes 0 there and wakes one futex waiter (pthread_join relies on it); faults are
   * ignored. Then the vfork parent, if any, is released.
   *
   * @param t the task giving up its mm (exit, or exec)
   * @param mm the mm
   */
  @Source(file = "kernel/fork.c", line = 1478, function = "mm_release", version = "Linux 6.2")
  public void mmRelease(Task t, MmStruct mm) {
    try (var f = kernel.tracer.enter()) {
      if (t.clearChildTid != 0) {
        if (mm.mmUsers() > 1) {
          try {
            mm.store32(t.clearChildTid, 0);
            futex.futexWake(mm, t.clearChildTid, true, 1, Futex.FUTEX_BITSET_MATCH_ANY);
            if (f.recording()) {
              f.note("clear_child_tid 0x%x := 0, futex wake 1", t.clearChildTid);
            }
          } catch (UserFault e) {
            if (f.recording()) {
              f.note("clear_child_tid 0x%x faults, ignored", t.clearChildTid);
            }
          }
        }
        t.clearChildTid = 0;
      }
      completeVforkDone(t);
    }
  }

  /**
   * {@code complete_vfork_done}: the parent sleeping in a CLONE_VFORK clone resumes; its clone
   * returns the child's pid.
   *
   * @param t the child
   */
  @Source(
      file = "kernel/fork.c",
      line = 1432,
      function = "complete_vfork_done",
      version = "Linux 6.2")
  public void completeVforkDone(Task t) {
    try (var f = kernel.tracer.enter()) {
      Task parent = t.vforkWaiter;
      if (parent == null) {
        return;
      }
      t.vforkWaiter = null;
      sched.wakeUp(parent, parent.threadPid == null ? t.pid : t.tidIn(parent.activePidNs()));
      if (f.recording()) {
        f.note("vfork parent %s[%d] released", parent.comm, parent.pid);
      }
    }
  }

  /**
   * {@code exit_notify}: hands the children to a new reaper, then decides whether this task becomes
   * a zombie (a group leader, reported to its parent once its group is empty) or is released at
   * once (a thread, or a child whose parent ignores SIGCHLD).
   */
  @Source(file = "kernel/exit.c", line = 723, function = "exit_notify", version = "Linux 6.2")
  private void exitNotify(Task tsk, boolean groupDead) {
    try (var f = kernel.tracer.enter()) {
      List<Task> dead = new ArrayList<>();
      forgetOriginalParent(tsk, dead);
      tsk.state = TaskState.ZOMBIE;
      boolean autoreap;
      if (tsk.isLeader()) {
        autoreap =
            threadGroupEmpty(tsk)
                && signals.doNotifyParent(tsk, tsk.exitSignal, this::wakeUpParent);
        if (threadGroupEmpty(tsk)) {
          tsk.signal.leaderNotified = true;
        }
      } else {
        autoreap = true;
      }
      if (autoreap) {
        tsk.state = TaskState.DEAD;
        dead.add(tsk);
      }
      if (f.recording()) {
        f.note(
            "%s[%d] %s", tsk.comm, tsk.pid, autoreap ? "EXIT_DEAD, released now" : "EXIT_ZOMBIE");
      }
      for (Task p : dead) {
        releaseTask(p);
      }
    }
  }

  private static boolean threadGroupEmpty(Task leader) {
    return leader.signal.threads.size() == 1;
  }

  /**
   * {@code forget_original_parent}: children go to another live thread of the group, else to the
   * pid namespace's init; a reparented zombie is reported to its new parent at once.
   */
  @Source(
      file = "kernel/exit.c",
      line = 684,
      function = "forget_original_parent",
      version = "Linux 6.2")
  private void forgetOriginalParent(Task father, List<Task> dead) {
    try (var f = kernel.tracer.enter()) {
      if (father.children.isEmpty()) {
        return;
      }
      Task reaper = findNewReaper(father);
      for (Task p : new ArrayList<>(father.children)) {
        for (Task t : p.signal.threads) {
          t.realParent = reaper;
        }
        if (reaper.signal != father.signal) {
          reparentLeader(p, dead);
        }
        reaper.children.add(p);
        if (f.recording()) {
          f.note("%s reparented to %s", p, reaper);
        }
      }
      father.children.clear();
    }
  }

  private Task findNewReaper(Task father) {
    for (Task t : father.signal.threads) {
      if (!t.exiting) {
        return t;
      }
    }
    PidNamespace ns = father.activePidNs();
    while (ns != null && (ns.childReaper == null || ns.childReaper.signal == father.signal)) {
      ns = ns.parent;
    }
    return ns == null ? kernel.init : ns.childReaper;
  }

  /**
   * {@code reparent_leader}: the child's exit signal becomes SIGCHLD (nobody may kill init with an
   * odd signal), and a zombie with an empty group is reported to the new parent.
   */
  @Source(file = "kernel/exit.c", line = 655, function = "reparent_leader", version = "Linux 6.2")
  private void reparentLeader(Task p, List<Task> dead) {
    if (p.state == TaskState.DEAD) {
      return;
    }
    p.exitSignal = Signals.SIGCHLD;
    if (p.state == TaskState.ZOMBIE && threadGroupEmpty(p)) {
      if (signals.doNotifyParent(p, p.exitSignal, this::wakeUpParent)) {
        p.state = TaskState.DEAD;
        dead.add(p);
      }
    }
  }

  /**
   * {@code __wake_up_parent}: every thread of the parent's group sleeping in a wait is woken to
   * look again; the machine's init and shell reap their zombies themselves.
   *
   * @param parent the parent
   */
  public void wakeUpParent(Task parent) {
    for (Task th : parent.signal.threads) {
      if (th.waitReason == WaitReason.WAIT) {
        sched.wakeUp(th, 0);
      }
    }
    if (parent == kernel.init || parent == kernel.shell) {
      reapSilently(parent);
    }
  }

  private void reapSilently(Task parent) {
    for (Task p : new ArrayList<>(parent.children)) {
      if (p.state == TaskState.ZOMBIE && threadGroupEmpty(p)) {
        p.state = TaskState.DEAD;
        releaseTask(p);
      }
    }
  }

  /**
   * {@code release_task}: the final goodbye. NPROC accounting drops, __exit_signal detaches the
   * task from its group and pid, and if this was the last thread of a zombie leader, the leader's
   * parent is notified (and the leader released too if it autoreaps).
   *
   * @param p the dead task
   */
  @Source(file = "kernel/exit.c", line = 238, function = "release_task", version = "Linux 6.2")
  public void releaseTask(Task p) {
    try (var f = kernel.tracer.enter()) {
      while (p != null) {
        kernel.tasksPerUid.merge(p.cred.uid(), -1, Integer::sum);
        exitSignal(p);
        Task leader = p.groupLeader;
        boolean zapLeader = false;
        if (leader != p
            && threadGroupEmpty(leader)
            && leader.state == TaskState.ZOMBIE
            && !leader.signal.leaderNotified) {
          leader.signal.leaderNotified = true;
          zapLeader = signals.doNotifyParent(leader, leader.exitSignal, this::wakeUpParent);
          if (zapLeader) {
            leader.state = TaskState.DEAD;
          }
        }
        putTaskStruct(p);
        if (f.recording()) {
          f.note("%s[%d] released", p.comm, p.pid);
        }
        p = zapLeader ? leader : null;
      }
    }
  }

  /**
   * {@code __exit_signal}: nr_threads--, the pid (and for the leader the process) is unhashed, the
   * pending queues flushed, and the sighand reference dropped through __cleanup_sighand.
   */
  @Source(file = "kernel/exit.c", line = 142, function = "__exit_signal", version = "Linux 6.2")
  private void exitSignal(Task tsk) {
    try (var f = kernel.tracer.enter()) {
      SignalStruct sig = tsk.signal;
      boolean groupDead = tsk.isLeader();
      int before = sig.nrThreads;
      sig.nrThreads--;
      kernel.nrThreads--;
      sig.threads.remove(tsk);
      if (groupDead) {
        if (tsk.realParent != null) {
          tsk.realParent.children.remove(tsk);
        }
        sig.sharedPending = 0;
      }
      detachPid(tsk);
      tsk.pending = 0;
      SighandStruct sighand = tsk.sighand;
      tsk.sighand = null;
      if (f.recording()) {
        f.note("signal %d: nr_threads %d→%d", sig.id, before, sig.nrThreads);
      }
      cleanupSighand(sighand);
    }
  }

  private void detachPid(Task tsk) {
    Pid pid = tsk.threadPid;
    pid.detach();
    for (int i = 0; i <= pid.level; i++) {
      pid.namespaces[i].free(pid.numbers[i]);
    }
    pid.ns().count--;
    kernel.tasks.remove(tsk.pid);
  }

  /**
   * {@code __cleanup_sighand}: count--; the last user frees the table.
   *
   * @param sighand the table
   */
  @Source(
      file = "kernel/fork.c",
      line = 1679,
      function = "__cleanup_sighand",
      version = "Linux 6.2")
  public void cleanupSighand(SighandStruct sighand) {
    try (var f = kernel.tracer.enter()) {
      if (f.recording()) {
        f.note("sighand %d: count %d→%d", sighand.id, sighand.count, sighand.count - 1);
      }
      sighand.count--;
    }
  }

  /**
   * The last {@code put_task_struct}: the task struct goes, and with it its signal_struct reference
   * (sigcnt).
   */
  private void putTaskStruct(Task p) {
    p.released = true;
    p.signal.sigcnt--;
    if (p.activeMm != null) {
      MmStruct m = p.activeMm;
      p.activeMm = null;
      m.mmdrop();
    }
  }
}
