package io.github.clonepath.kernel.signal;

import static io.github.clonepath.kernel.syscall.Signals.SIGCHLD;
import static io.github.clonepath.kernel.syscall.Signals.SIGCONT;
import static io.github.clonepath.kernel.syscall.Signals.SIGKILL;
import static io.github.clonepath.kernel.syscall.Signals.SIGSTOP;
import static io.github.clonepath.kernel.syscall.Signals.SIGTSTP;
import static io.github.clonepath.kernel.syscall.Signals.SIGTTIN;
import static io.github.clonepath.kernel.syscall.Signals.SIGTTOU;
import static io.github.clonepath.kernel.syscall.Signals.SIGURG;
import static io.github.clonepath.kernel.syscall.Signals.SIGWINCH;
import static io.github.clonepath.kernel.syscall.Signals.bit;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.sched.Scheduler;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.task.KSigaction;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.SigInfo;
import io.github.clonepath.kernel.task.SignalStruct;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import org.jspecify.annotations.Nullable;

/** The signal code of {@code kernel/signal.c} that task creation and exit need. */
public final class KernelSignal {
  /** Signals whose default action is to ignore them. */
  public static final long SIG_KERNEL_IGNORE_MASK =
      bit(SIGCONT) | bit(SIGCHLD) | bit(SIGWINCH) | bit(SIGURG);

  /** Signals whose default action is to stop the task (job control). */
  public static final long SIG_KERNEL_STOP_MASK =
      bit(SIGSTOP) | bit(SIGTSTP) | bit(SIGTTIN) | bit(SIGTTOU);

  /** Signals that can be neither caught nor blocked. */
  public static final long SIG_KERNEL_ONLY_MASK = bit(SIGKILL) | bit(SIGSTOP);

  private final Kernel kernel;
  private final Scheduler sched;

  /**
   * The signal code of one machine.
   *
   * @param kernel the kernel
   * @param sched its scheduler
   */
  public KernelSignal(Kernel kernel, Scheduler sched) {
    this.kernel = kernel;
    this.sched = sched;
  }

  private static boolean defaultIgnored(int sig) {
    return (SIG_KERNEL_IGNORE_MASK & bit(sig)) != 0;
  }

  /**
   * {@code sig_ignored}: an unblocked signal whose action ignores it is dropped at send time.
   *
   * @param t the target
   * @param sig the signal
   * @return true when it would have no effect
   */
  @Source(file = "kernel/signal.c", line = 101, function = "sig_ignored", version = "Linux 6.2")
  public boolean sigIgnored(Task t, int sig) {
    if ((t.blocked & bit(sig)) != 0) {
      return false;
    }
    long handler = t.sighand.action[sig - 1].handler();
    return handler == Signals.SIG_IGN || (handler == Signals.SIG_DFL && defaultIgnored(sig));
  }

  /**
   * {@code __send_signal_locked} for a signal the kernel raises with no sender details.
   *
   * @param t the target task
   * @param sig 1..64
   * @param group true for a process-directed signal, false for a thread-directed one
   */
  public void sendSignal(Task t, int sig, boolean group) {
    sendSignal(t, sig, group, SigInfo.kernel(sig));
  }

  /**
   * {@code __send_signal_locked}: queues a signal on a task (thread-directed) or on its group's
   * shared queue (process-directed) with who sent it, then picks a thread to wake. A standard
   * signal already pending in that queue is not queued again ({@code legacy_queue}): the first
   * one's sender is the one delivered.
   *
   * @param t the target task
   * @param sig 1..64
   * @param group true for kill(2), false for tgkill(2)
   * @param info the sender, as the delivery reports it
   */
  @Source(
      file = "kernel/signal.c",
      line = 1079,
      function = "__send_signal_locked",
      version = "Linux 6.2")
  public void sendSignal(Task t, int sig, boolean group, SigInfo info) {
    try (var f = kernel.tracer.enter()) {
      if (t.exiting && sig != SIGKILL) {
        return;
      }
      if (sigIgnored(t, sig)) {
        if (f.recording()) {
          f.note("%s ignored by %s[%d]", Signals.name(sig), t.comm, t.pid);
        }
        return;
      }
      long queue = group ? t.signal.sharedPending : t.pending;
      if (sig < Signals.SIGRTMIN && (queue & bit(sig)) != 0) {
        if (f.recording()) {
          f.note("%s already pending on %s[%d]", Signals.name(sig), t.comm, t.pid);
        }
        return;
      }
      if (group) {
        t.signal.sharedPending |= bit(sig);
        if (t.signal.sharedPendingInfo == null) {
          t.signal.sharedPendingInfo = new SigInfo[Signals.NSIG];
        }
        t.signal.sharedPendingInfo[sig - 1] = info;
      } else {
        t.pending |= bit(sig);
        if (t.pendingInfo == null) {
          t.pendingInfo = new SigInfo[Signals.NSIG];
        }
        t.pendingInfo[sig - 1] = info;
      }
      if (f.recording()) {
        f.note(
            "%s pending on %s[%d] (%s)",
            Signals.name(sig), t.comm, t.pid, group ? "shared" : "task");
      }
      completeSignal(sig, t, group);
    }
  }

  /**
   * {@code complete_signal}: finds a thread that can take the signal; a fatal one kills the whole
   * group at once (every thread gets SIGKILL and is woken).
   */
  @Source(file = "kernel/signal.c", line = 998, function = "complete_signal", version = "Linux 6.2")
  private void completeSignal(int sig, Task p, boolean group) {
    try (var f = kernel.tracer.enter()) {
      Task target = null;
      if (wantsSignal(sig, p)) {
        target = p;
      } else if (group) {
        for (Task th : p.signal.threads) {
          if (wantsSignal(sig, th)) {
            target = th;
            break;
          }
        }
      }
      if (target == null) {
        return;
      }
      SignalStruct signal = p.signal;
      if (sigFatal(target, sig) && (signal.flags & SignalStruct.SIGNAL_GROUP_EXIT) == 0) {
        signal.flags |= SignalStruct.SIGNAL_GROUP_EXIT;
        signal.groupExitCode = sig;
        for (Task th : signal.threads) {
          th.pending |= bit(SIGKILL);
          signalWakeUp(th, true);
        }
        if (f.recording()) {
          f.note("fatal %s kills group %d", Signals.name(sig), p.tgid);
        }
        return;
      }
      signalWakeUp(target, sig == SIGKILL);
    }
  }

  private boolean wantsSignal(int sig, Task p) {
    if ((p.blocked & bit(sig)) != 0) {
      return false;
    }
    if (p.exiting) {
      return false;
    }
    return sig == SIGKILL || p.state != TaskState.ZOMBIE;
  }

  private boolean sigFatal(Task t, int sig) {
    if (sig == SIGKILL) {
      return true;
    }
    long handler = t.sighand.action[sig - 1].handler();
    return handler == Signals.SIG_DFL
        && !defaultIgnored(sig)
        && (SIG_KERNEL_STOP_MASK & bit(sig)) == 0;
  }

  /**
   * {@code signal_wake_up}: an interruptible sleeper is woken to handle the signal (its call
   * returns -EINTR: DEVIATION, no restart); a killable one only for a fatal signal.
   *
   * @param t the task
   * @param fatal whether the signal is fatal
   */
  @Source(
      file = "kernel/signal.c",
      line = 763,
      function = "signal_wake_up_state",
      version = "Linux 6.2")
  public void signalWakeUp(Task t, boolean fatal) {
    if (t.state == TaskState.INTERRUPTIBLE || (fatal && t.state == TaskState.KILLABLE)) {
      sched.wakeUp(t, Errno.EINTR.result());
    }
  }

  /**
   * Whether a signal the task does not block is pending for it.
   *
   * @param t the task
   * @return true if get_signal would find one
   */
  public boolean signalPending(Task t) {
    return ((t.pending | t.signal.sharedPending) & ~t.blocked) != 0;
  }

  /**
   * {@code get_signal}: dequeues the next deliverable signal (the task's own queue first, then the
   * shared one, lowest number first) and decides: ignore, run a handler, or kill the group.
   * DEVIATION: job control is not modeled; a stop signal with the default action is discarded.
   *
   * @param t the task returning to user space
   * @return the decision, or null when nothing is to be delivered
   */
  @Source(file = "kernel/signal.c", line = 2627, function = "get_signal", version = "Linux 6.2")
  public @Nullable Delivery getSignal(Task t) {
    while (true) {
      if ((t.signal.flags & SignalStruct.SIGNAL_GROUP_EXIT) != 0) {
        t.pending &= ~bit(SIGKILL);
        return new Delivery(SIGKILL, null, true, SigInfo.kernel(SIGKILL));
      }
      long mine = t.pending & ~t.blocked;
      long shared = t.signal.sharedPending & ~t.blocked;
      int sig;
      SigInfo info;
      if (mine != 0) {
        sig = Long.numberOfTrailingZeros(mine) + 1;
        t.pending &= ~bit(sig);
        info = dequeued(t.pendingInfo, sig);
      } else if (shared != 0) {
        sig = Long.numberOfTrailingZeros(shared) + 1;
        t.signal.sharedPending &= ~bit(sig);
        info = dequeued(t.signal.sharedPendingInfo, sig);
      } else {
        return null;
      }
      KSigaction ka = t.sighand.action[sig - 1];
      if (ka.handler() == Signals.SIG_IGN) {
        continue;
      }
      if (ka.handler() != Signals.SIG_DFL) {
        if ((ka.flags() & Signals.SA_RESETHAND) != 0) {
          t.sighand.action[sig - 1] = KSigaction.DEFAULT;
        }
        return new Delivery(sig, ka, false, info);
      }
      if (defaultIgnored(sig) || (SIG_KERNEL_STOP_MASK & bit(sig)) != 0) {
        continue;
      }
      return new Delivery(sig, null, true, info);
    }
  }

  /**
   * Takes a dequeued signal's sender out of its queue's table (a bit set with none: the kernel).
   */
  private static SigInfo dequeued(SigInfo @Nullable [] infos, int sig) {
    SigInfo info = infos == null ? null : infos[sig - 1];
    if (info == null) {
      return SigInfo.kernel(sig);
    }
    infos[sig - 1] = null;
    return info;
  }

  /**
   * {@code do_sigaction}: reads and replaces one action. Setting SIG_IGN (or SIG_DFL for a signal
   * ignored by default) discards that signal from every pending queue of the group.
   *
   * @param t the caller
   * @param sig the signal
   * @param act the new action or null
   * @return the old action, or null when {@code sig} is invalid or uncatchable (EINVAL)
   */
  @Source(file = "kernel/signal.c", line = 4088, function = "do_sigaction", version = "Linux 6.2")
  public @Nullable KSigaction doSigaction(Task t, int sig, @Nullable KSigaction act) {
    try (var f = kernel.tracer.enter()) {
      if (sig < 1
          || sig > Signals.NSIG
          || (act != null && (SIG_KERNEL_ONLY_MASK & bit(sig)) != 0)) {
        return null;
      }
      KSigaction old = t.sighand.action[sig - 1];
      if (act != null) {
        long mask = act.mask() & ~SIG_KERNEL_ONLY_MASK;
        KSigaction k = new KSigaction(act.handler(), act.flags(), act.restorer(), mask);
        t.sighand.action[sig - 1] = k;
        if (f.recording()) {
          f.note("sighand %d: %s handler 0x%x", t.sighand.id, Signals.name(sig), k.handler());
        }
        if (k.handler() == Signals.SIG_IGN
            || (k.handler() == Signals.SIG_DFL && defaultIgnored(sig))) {
          t.signal.sharedPending &= ~bit(sig);
          for (Task th : t.signal.threads) {
            th.pending &= ~bit(sig);
          }
        }
      }
      return old;
    }
  }

  /**
   * {@code do_notify_parent}: a child's death is reported to its parent with its exit signal and
   * the parent's waiters are woken. If the parent ignores SIGCHLD (SIG_IGN or SA_NOCLDWAIT) the
   * child is reaped at once.
   *
   * @param tsk the dead child (a group leader with an empty group, or a thread reaped alone)
   * @param sig its exit signal (0 sends nothing)
   * @param wakeWaiters wakes the parent's wait4/waitid sleepers
   * @return whether the child should be reaped automatically
   */
  @Source(
      file = "kernel/signal.c",
      line = 2025,
      function = "do_notify_parent",
      version = "Linux 6.2")
  public boolean doNotifyParent(Task tsk, int sig, java.util.function.Consumer<Task> wakeWaiters) {
    try (var f = kernel.tracer.enter()) {
      Task parent = tsk.realParent;
      boolean autoreap = false;
      KSigaction psig = parent.sighand.action[SIGCHLD - 1];
      if (sig == SIGCHLD
          && (psig.handler() == Signals.SIG_IGN || (psig.flags() & Signals.SA_NOCLDWAIT) != 0)) {
        autoreap = true;
        if (psig.handler() == Signals.SIG_IGN) {
          sig = 0;
        }
      }
      if (sig > 0 && Signals.valid(sig)) {
        sendSignal(parent, sig, true, childInfo(tsk, parent, sig));
      }
      wakeWaiters.accept(parent);
      if (f.recording()) {
        f.note(
            "%s notifies %s with %s%s",
            tsk, parent, Signals.name(sig), autoreap ? ", autoreap" : "");
      }
      return autoreap;
    }
  }

  /**
   * The siginfo of a child's death as do_notify_parent fills it: the child's tgid in the parent's
   * namespace and its uid; CLD_EXITED with the exit code, or CLD_KILLED (CLD_DUMPED with the core
   * bit) with the signal that ended it.
   */
  private static SigInfo childInfo(Task tsk, Task parent, int sig) {
    int code = tsk.exitCode;
    int why;
    int status = code & 0x7f;
    if ((code & 0x80) != 0) {
      why = SigInfo.CLD_DUMPED;
    } else if ((code & 0x7f) != 0) {
      why = SigInfo.CLD_KILLED;
    } else {
      why = SigInfo.CLD_EXITED;
      status = (code >> 8) & 0xff;
    }
    return new SigInfo(sig, why, tsk.tgidIn(parent.activePidNs()), tsk.cred.uid(), status);
  }
}
