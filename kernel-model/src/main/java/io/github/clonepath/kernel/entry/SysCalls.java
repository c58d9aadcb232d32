package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Rlimits;
import io.github.clonepath.kernel.task.Cred;
import io.github.clonepath.kernel.task.Rlimit;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.Uaccess;
import org.jspecify.annotations.Nullable;

/**
 * The calls of kernel/sys.c: the ids (getpid, gettid, getppid, getuid), umask, the resource limits
 * (getrlimit, setrlimit, prlimit64 and their shared do_prlimit) and setresuid. Its methods are
 * static and take the calling task's {@link TaskContext} first (see there why).
 */
final class SysCalls {
  private SysCalls() {}

  @Source(file = "kernel/sys.c", function = "sys_gettid", version = "Linux 6.2")
  static long gettid(TaskContext ctx) {
    ctx.enter();
    return ctx.record("gettid", SysText.NO_ARGS, null, ctx.task.tidIn(ctx.task.activePidNs()));
  }

  @Source(file = "kernel/sys.c", function = "sys_getpid", version = "Linux 6.2")
  static long getpid(TaskContext ctx) {
    ctx.enter();
    return ctx.record("getpid", SysText.NO_ARGS, null, ctx.task.tgidIn(ctx.task.activePidNs()));
  }

  @Source(file = "kernel/sys.c", function = "sys_getppid", version = "Linux 6.2")
  static long getppid(TaskContext ctx) {
    ctx.enter();
    Task parent = ctx.task.realParent;
    long r = parent == null ? 0 : parent.tgidIn(ctx.task.activePidNs());
    return ctx.record("getppid", SysText.NO_ARGS, null, r);
  }

  @Source(file = "kernel/sys.c", function = "sys_umask", version = "Linux 6.2")
  static long umask(TaskContext ctx, int mask) {
    ctx.enter();
    int old = ctx.task.fs.umask;
    ctx.task.fs.umask = mask & 0777;
    return ctx.record("umask", SysText.UMASK, null, old, mask);
  }

  // ---------------------------------------------------------------- limits

  /** Reads a {@code struct rlimit} from user memory: null on a fault. */
  private static @Nullable Rlimit readRlimit(TaskContext ctx, long addr) {
    long[] w = Uaccess.copyFromUser(ctx.task.mm, addr, 16);
    return w == null ? null : new Rlimit(w[0], w[1]);
  }

  @Source(file = "kernel/sys.c", function = "sys_getrlimit", version = "Linux 6.2")
  static long getrlimit(TaskContext ctx, int resource, long rlim) {
    ctx.enter();
    long r;
    Rlimit v = null;
    if (resource < 0 || resource >= Rlimits.RLIM_NLIMITS) {
      r = Errno.EINVAL.result();
    } else {
      v = ctx.task.signal.rlim[resource];
      r =
          Uaccess.putUser64(ctx.task.mm, rlim, v.cur())
                  && Uaccess.putUser64(ctx.task.mm, rlim + 8, v.max())
              ? 0
              : Errno.EFAULT.result();
    }
    return ctx.record("getrlimit", SysText.GETRLIMIT, r == 0 ? v : null, r, resource, rlim);
  }

  @Source(file = "kernel/sys.c", function = "sys_setrlimit", version = "Linux 6.2")
  static long setrlimit(TaskContext ctx, int resource, long rlim) {
    ctx.enter();
    Rlimit w = rlim == 0 ? null : readRlimit(ctx, rlim);
    long r;
    if (resource < 0 || resource >= Rlimits.RLIM_NLIMITS) {
      r = Errno.EINVAL.result();
    } else if (w == null) {
      r = Errno.EFAULT.result();
    } else {
      r = doPrlimit(ctx, ctx.task, resource, w);
    }
    return ctx.record("setrlimit", SysText.SETRLIMIT, w, r, resource, rlim);
  }

  /**
   * {@code do_prlimit}: soft above hard is EINVAL; raising the hard limit needs CAP_SYS_RESOURCE
   * (EPERM); RLIMIT_NOFILE cannot exceed fs.nr_open (EPERM).
   */
  @Source(file = "kernel/sys.c", line = 1437, function = "do_prlimit", version = "Linux 6.2")
  private static long doPrlimit(TaskContext ctx, Task tsk, int resource, Rlimit n) {
    if (Long.compareUnsigned(n.cur(), n.max()) > 0) {
      return Errno.EINVAL.result();
    }
    if (resource == Rlimits.RLIMIT_NOFILE && Long.compareUnsigned(n.max(), ctx.k.nrOpen) > 0) {
      return Errno.EPERM.result();
    }
    Rlimit old = tsk.signal.rlim[resource];
    if (Long.compareUnsigned(n.max(), old.max()) > 0
        && !ctx.task.cred.capable(ctx.k.initUserNs, Cred.CAP_SYS_RESOURCE)) {
      return Errno.EPERM.result();
    }
    tsk.signal.rlim[resource] = n;
    return 0;
  }

  @Source(file = "kernel/sys.c", function = "sys_prlimit64", version = "Linux 6.2")
  static long prlimit64(TaskContext ctx, int pid, int resource, long newLimit, long oldLimit) {
    ctx.enter();
    long r = 0;
    Rlimit w = null;
    Rlimit old = null;
    Task tsk = pid == 0 ? ctx.task : ctx.k.findTaskByPidNs(ctx.task.activePidNs(), pid);
    if (resource < 0 || resource >= Rlimits.RLIM_NLIMITS) {
      r = Errno.EINVAL.result();
    } else if (newLimit != 0 && (w = readRlimit(ctx, newLimit)) == null) {
      r = Errno.EFAULT.result();
    } else if (tsk == null) {
      r = Errno.ESRCH.result();
    } else {
      old = tsk.signal.rlim[resource];
      if (w != null) {
        r = doPrlimit(ctx, tsk, resource, w);
      }
      if (r == 0
          && oldLimit != 0
          && !(Uaccess.putUser64(ctx.task.mm, oldLimit, old.cur())
              && Uaccess.putUser64(ctx.task.mm, oldLimit + 8, old.max()))) {
        r = Errno.EFAULT.result();
      }
    }
    return ctx.record(
        "prlimit64",
        SysText.PRLIMIT64,
        new SysText.Limits(w, r == 0 ? old : null),
        r,
        pid,
        resource,
        newLimit,
        oldLimit);
  }

  // ---------------------------------------------------------------- credentials

  /**
   * {@code __sys_setresuid}: without CAP_SETUID each new id must be one of the current three
   * (EPERM). A new real uid moves this task's RLIMIT_NPROC charge to that uid. Dropping every uid
   * from 0 clears the effective capabilities, as the capability rules do.
   */
  @Source(file = "kernel/sys.c", line = 660, function = "__sys_setresuid", version = "Linux 6.2")
  static long setresuid(TaskContext ctx, int ruid, int euid, int suid) {
    ctx.enter();
    Cred c = ctx.task.cred;
    long r = 0;
    boolean priv = c.capable(c.userNs(), Cred.CAP_SETUID);
    if (!priv) {
      for (int id : new int[] {ruid, euid, suid}) {
        if (id != -1 && id != c.uid() && id != c.euid() && id != c.suid()) {
          r = Errno.EPERM.result();
        }
      }
    }
    if (r == 0) {
      int nr = ruid == -1 ? c.uid() : ruid;
      int ne = euid == -1 ? c.euid() : euid;
      int ns = suid == -1 ? c.suid() : suid;
      long caps = c.capEffective();
      if (c.uid() == 0 || c.euid() == 0 || c.suid() == 0) {
        if (nr != 0 && ne != 0 && ns != 0) {
          caps = 0;
        }
      }
      if (nr != c.uid()) {
        ctx.k.tasksPerUid.merge(c.uid(), -1, Integer::sum);
        ctx.k.tasksPerUid.merge(nr, 1, Integer::sum);
      }
      ctx.task.cred = new Cred(nr, ne, ns, caps, c.userNs());
    }
    return ctx.record("setresuid", SysText.SETRESUID, null, r, ruid, euid, suid);
  }

  @Source(file = "kernel/sys.c", function = "sys_getuid", version = "Linux 6.2")
  static long getuid(TaskContext ctx) {
    ctx.enter();
    return ctx.record("getuid", SysText.NO_ARGS, null, ctx.task.cred.uid());
  }
}
