package io.github.clonepath.kernel.exit;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Wait;
import io.github.clonepath.kernel.task.ErrOr;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.SignalStruct;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import java.util.ArrayList;
import java.util.List;

/** {@code do_wait} and its helpers from {@code kernel/exit.c}. */
public final class KernelWait {
  /** The outcome that says: nothing yet, sleep and look again when a child changes. */
  public static final WaitResult SLEEP = new WaitResult(-1, -1, -1);

  /** The outcome of WNOHANG with no child ready: the call returns 0. */
  public static final WaitResult NONE = new WaitResult(0, -1, -1);

  private final Kernel kernel;
  private final KernelExit exit;

  /**
   * The wait code of one machine.
   *
   * @param kernel the kernel
   * @param exit the exit code (release_task)
   */
  public KernelWait(Kernel kernel, KernelExit exit) {
    this.kernel = kernel;
    this.exit = exit;
  }

  /**
   * One pass of {@code do_wait}: looks at the children of the caller (and of every thread of its
   * group unless __WNOTHREAD) for an eligible zombie.
   *
   * @param t the waiter
   * @param pid -1 for any child, else the child's pid in the waiter's namespace
   * @param options WNOHANG, WNOWAIT, __WCLONE, __WALL, __WNOTHREAD
   * @return the reaped child, {@link #SLEEP}, {@link #NONE} with WNOHANG and nothing ready, or
   *     ECHILD when no child could ever be waited for
   */
  @Source(file = "kernel/exit.c", line = 1573, function = "do_wait", version = "Linux 6.2")
  public ErrOr<WaitResult> doWait(Task t, int pid, int options) {
    try (var f = kernel.tracer.enter()) {
      boolean any = false;
      List<Task> waiters = new ArrayList<>();
      if ((options & Wait.__WNOTHREAD) != 0) {
        waiters.add(t);
      } else {
        waiters.addAll(t.signal.threads);
      }
      for (Task w : waiters) {
        for (Task p : new ArrayList<>(w.children)) {
          if (!eligibleChild(t, pid, options, p)) {
            continue;
          }
          any = true;
          if (p.state == TaskState.ZOMBIE && !delayGroupLeader(p)) {
            WaitResult r = waitTaskZombie(t, p, options);
            if (f.recording()) {
              f.note("reaped %s[%d] status 0x%x", p.comm, p.pid, r.status());
            }
            return ErrOr.of(r);
          }
        }
      }
      if (!any) {
        return ErrOr.err(Errno.ECHILD);
      }
      if ((options & Wait.WNOHANG) != 0) {
        return ErrOr.of(NONE);
      }
      return ErrOr.of(SLEEP);
    }
  }

  /**
   * {@code eligible_child}: the pid must match; then __WALL takes every child, __WCLONE only
   * "clone" children (exit signal other than SIGCHLD), and neither only the others.
   */
  @Source(file = "kernel/exit.c", line = 1054, function = "eligible_child", version = "Linux 6.2")
  private static boolean eligibleChild(Task waiter, int pid, int options, Task p) {
    if (pid > 0 && p.tidIn(waiter.activePidNs()) != pid) {
      return false;
    }
    if ((options & Wait.__WALL) != 0) {
      return true;
    }
    boolean cloneChild = p.exitSignal != Signals.SIGCHLD;
    return cloneChild == ((options & Wait.__WCLONE) != 0);
  }

  private static boolean delayGroupLeader(Task p) {
    return p.isLeader() && p.signal.threads.size() > 1;
  }

  /**
   * {@code wait_task_zombie}: takes the status (the group's exit code after a group exit) and,
   * unless WNOWAIT, releases the child.
   */
  @Source(file = "kernel/exit.c", line = 1087, function = "wait_task_zombie", version = "Linux 6.2")
  private WaitResult waitTaskZombie(Task waiter, Task p, int options) {
    int status =
        (p.signal.flags & SignalStruct.SIGNAL_GROUP_EXIT) != 0
            ? p.signal.groupExitCode
            : p.exitCode;
    WaitResult r = new WaitResult(p.tidIn(waiter.activePidNs()), status, p.cred.uid());
    if ((options & Wait.WNOWAIT) == 0) {
      p.state = TaskState.DEAD;
      exit.releaseTask(p);
    }
    return r;
  }
}
