package io.github.clonepath.kernel.fork;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.FailPoint;
import io.github.clonepath.kernel.task.Cred;
import io.github.clonepath.kernel.task.ErrOr;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.Pid;
import io.github.clonepath.kernel.task.PidNamespace;
import io.github.clonepath.kernel.task.Task;

/**
 * {@code kernel/pid.c}: {@code alloc_pid} (a number in each pid namespace level, set_tid honoured)
 * and {@code free_pid}.
 */
final class AllocPid {
  private final Kernel kernel;

  AllocPid(Kernel kernel) {
    this.kernel = kernel;
  }

  /**
   * {@code alloc_pid}: a number at every level from the child's pid namespace up to the root,
   * either the one set_tid asks for (EINVAL out of range or without an init, EPERM without
   * CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE over the namespace, EEXIST when taken) or the next free
   * one cyclically (from 300 after the first wrap; EAGAIN when none). A namespace whose init died
   * refuses (ENOMEM, checked by the caller).
   *
   * @param current the caller (its capabilities)
   * @param ns the child's pid namespace
   * @param setTid the numbers wanted, innermost first
   * @return the pid, or the errno that refused it
   */
  @Source(file = "kernel/pid.c", line = 159, function = "alloc_pid", version = "Linux 6.2")
  public ErrOr<Pid> allocPid(Task current, PidNamespace ns, int[] setTid) {
    try (var f = kernel.tracer.enter()) {
      if (setTid.length > ns.level + 1) {
        return ErrOr.err(Errno.EINVAL);
      }
      if (kernel.shouldFail(FailPoint.PID)) {
        return ErrOr.err(Errno.ENOMEM);
      }
      Pid pid = new Pid(ns.level);
      PidNamespace tmp = ns;
      int remaining = setTid.length;
      for (int i = ns.level; i >= 0; i--) {
        int tid = 0;
        if (remaining > 0) {
          tid = setTid[ns.level - i];
          long r = 0;
          if (tid < 1 || tid >= kernel.pidMax) {
            r = KernelFork.err(Errno.EINVAL);
          } else if (tid != 1 && tmp.childReaper == null) {
            r = KernelFork.err(Errno.EINVAL);
          } else if (!current.cred.capable(tmp.userNs, Cred.CAP_SYS_ADMIN)
              && !current.cred.capable(tmp.userNs, Cred.CAP_CHECKPOINT_RESTORE)) {
            r = KernelFork.err(Errno.EPERM);
          }
          if (r < 0) {
            undoPid(pid, i);
            return ErrOr.errResult(r);
          }
          remaining--;
        }
        int nr;
        if (tid != 0) {
          nr = tmp.allocExact(tid);
          if (nr < 0) {
            undoPid(pid, i);
            return ErrOr.err(Errno.EEXIST);
          }
        } else {
          int pidMin = tmp.cursor() > PidNamespace.RESERVED_PIDS ? PidNamespace.RESERVED_PIDS : 1;
          nr = tmp.allocCyclic(pidMin, kernel.pidMax);
          if (nr < 0) {
            undoPid(pid, i);
            return ErrOr.err(Errno.EAGAIN);
          }
        }
        pid.numbers[i] = nr;
        pid.namespaces[i] = tmp;
        tmp = tmp.parent;
      }
      for (int i = pid.level; i >= 0; i--) {
        pid.namespaces[i].replace(pid.numbers[i], pid);
      }
      ns.count++;
      if (f.recording()) {
        f.note("pid %d (level %d)", pid.global(), pid.level);
      }
      return ErrOr.of(pid);
    }
  }

  private static void undoPid(Pid pid, int failedLevel) {
    for (int j = pid.level; j > failedLevel; j--) {
      pid.namespaces[j].free(pid.numbers[j]);
    }
  }

  /**
   * {@code free_pid}: gives every level's number back.
   *
   * @param pid the pid
   */
  @Source(file = "kernel/pid.c", line = 126, function = "free_pid", version = "Linux 6.2")
  public void freePid(Pid pid) {
    for (int i = 0; i <= pid.level; i++) {
      pid.namespaces[i].free(pid.numbers[i]);
    }
    pid.ns().count--;
  }
}
