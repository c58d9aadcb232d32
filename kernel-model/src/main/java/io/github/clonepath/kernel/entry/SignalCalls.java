package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.Uaccess;

/**
 * The calls of kernel/signal.c: the mask (rt_sigprocmask), the actions (rt_sigaction), the
 * alternate stack (sigaltstack) and sending (kill, tgkill), each with strace's text. Its methods
 * are static and take the calling task's {@link TaskContext} first (see there why).
 */
final class SignalCalls {
  private SignalCalls() {}

  @Source(file = "kernel/signal.c", function = "sys_rt_sigprocmask", version = "Linux 6.2")
  static long rtSigprocmask(TaskContext ctx, int how, long set, long oldset, long sigsetsize) {
    ctx.enter();
    String howText =
        switch (how) {
          case Signals.SIG_BLOCK -> "SIG_BLOCK";
          case Signals.SIG_UNBLOCK -> "SIG_UNBLOCK";
          case Signals.SIG_SETMASK -> "SIG_SETMASK";
          default -> "0x" + Integer.toHexString(how) + " /* SIG_??? */";
        };
    long old = ctx.task.blocked;
    long r = 0;
    Long newSet = null;
    if (sigsetsize != 8) {
      r = Errno.EINVAL.result();
    } else {
      if (set != 0) {
        long[] w = Uaccess.copyFromUser(ctx.task.mm, set, 8);
        if (w == null) {
          r = Errno.EFAULT.result();
        } else {
          newSet = w[0];
          long m = w[0] & ~io.github.clonepath.kernel.signal.KernelSignal.SIG_KERNEL_ONLY_MASK;
          switch (how) {
            case Signals.SIG_BLOCK -> ctx.task.blocked |= m;
            case Signals.SIG_UNBLOCK -> ctx.task.blocked &= ~m;
            case Signals.SIG_SETMASK -> ctx.task.blocked = m;
            default -> r = Errno.EINVAL.result();
          }
        }
      }
      if (r == 0 && oldset != 0 && !Uaccess.putUser64(ctx.task.mm, oldset, old)) {
        r = Errno.EFAULT.result();
      }
    }
    if (!ctx.textWanted()) {
      return ctx.recorded("rt_sigprocmask", "", r);
    }
    String setText =
        set == 0
            ? "NULL"
            : newSet != null && sigsetsize == 8 ? Signals.formatSet(newSet) : Strace.addr(set);
    String oldText = oldset == 0 ? "NULL" : r == 0 ? Signals.formatSet(old) : Strace.addr(oldset);
    return ctx.ret(
        "rt_sigprocmask",
        "rt_sigprocmask(" + howText + ", " + setText + ", " + oldText + ", " + sigsetsize + ")",
        r);
  }

  private static String actionText(io.github.clonepath.kernel.task.KSigaction a) {
    String h =
        a.handler() == Signals.SIG_DFL
            ? "SIG_DFL"
            : a.handler() == Signals.SIG_IGN ? "SIG_IGN" : "0x" + Long.toHexString(a.handler());
    StringBuilder sb =
        new StringBuilder("{sa_handler=")
            .append(h)
            .append(", sa_mask=")
            .append(Signals.formatSet(a.mask()))
            .append(", sa_flags=")
            .append(Signals.formatSaFlags(a.flags()));
    if ((a.flags() & Signals.SA_RESTORER) != 0) {
      sb.append(", sa_restorer=").append(Strace.addr(a.restorer()));
    }
    return sb.append('}').toString();
  }

  @Source(file = "kernel/signal.c", function = "sys_rt_sigaction", version = "Linux 6.2")
  static long rtSigaction(TaskContext ctx, int sig, long act, long oldact, long sigsetsize) {
    ctx.enter();
    long r = 0;
    io.github.clonepath.kernel.task.KSigaction newAct = null;
    io.github.clonepath.kernel.task.KSigaction old = null;
    if (sigsetsize != 8) {
      r = Errno.EINVAL.result();
    } else {
      if (act != 0) {
        long[] w = Uaccess.copyFromUser(ctx.task.mm, act, 32);
        if (w == null) {
          r = Errno.EFAULT.result();
        } else {
          newAct = new io.github.clonepath.kernel.task.KSigaction(w[0], w[1], w[2], w[3]);
        }
      }
      if (r == 0) {
        old = ctx.s.signals().doSigaction(ctx.task, sig, newAct);
        if (old == null) {
          r = Errno.EINVAL.result();
        } else if (oldact != 0) {
          boolean ok =
              Uaccess.putUser64(ctx.task.mm, oldact, old.handler())
                  && Uaccess.putUser64(ctx.task.mm, oldact + 8, old.flags())
                  && Uaccess.putUser64(ctx.task.mm, oldact + 16, old.restorer())
                  && Uaccess.putUser64(ctx.task.mm, oldact + 24, old.mask());
          if (!ok) {
            r = Errno.EFAULT.result();
          }
        }
      }
    }
    String actText = act == 0 ? "NULL" : newAct != null ? actionText(newAct) : Strace.addr(act);
    String oldText =
        oldact == 0 ? "NULL" : r == 0 && old != null ? actionText(old) : Strace.addr(oldact);
    return ctx.ret(
        "rt_sigaction",
        "rt_sigaction("
            + Signals.name(sig)
            + ", "
            + actText
            + ", "
            + oldText
            + ", "
            + sigsetsize
            + ")",
        r);
  }

  private static String stackText(long sp, int flags, long size) {
    String fl =
        flags == Signals.SS_DISABLE
            ? "SS_DISABLE"
            : flags == Signals.SS_ONSTACK ? "SS_ONSTACK" : Integer.toString(flags);
    return "{ss_sp=" + Strace.addr(sp) + ", ss_flags=" + fl + ", ss_size=" + size + "}";
  }

  /**
   * {@code do_sigaltstack}: the new stack's mode must be 0, SS_ONSTACK or SS_DISABLE (EINVAL); a
   * stack smaller than MINSIGSTKSZ is ENOMEM; the old one is reported as SS_DISABLE when unset.
   */
  @Source(file = "kernel/signal.c", line = 4170, function = "do_sigaltstack", version = "Linux 6.2")
  static long sigaltstack(TaskContext ctx, long ss, long oldss) {
    ctx.enter();
    long oldSp = ctx.task.sasSsSp;
    long oldSize = ctx.task.sasSsSize;
    int oldFlags = oldSize == 0 ? Signals.SS_DISABLE : 0;
    long r = 0;
    String ssText = ss == 0 ? "NULL" : Strace.addr(ss);
    if (ss != 0) {
      long[] w = Uaccess.copyFromUser(ctx.task.mm, ss, 24);
      if (w == null) {
        r = Errno.EFAULT.result();
      } else {
        long sp = w[0];
        int flags = (int) w[1];
        long size = w[2];
        ssText = stackText(sp, flags, size);
        int mode = flags & ~(1 << 31);
        if (mode != Signals.SS_DISABLE && mode != Signals.SS_ONSTACK && mode != 0) {
          r = Errno.EINVAL.result();
        } else if (mode == Signals.SS_DISABLE) {
          ctx.task.sasSsSp = 0;
          ctx.task.sasSsSize = 0;
          ctx.task.sasSsFlags = Signals.SS_DISABLE;
        } else if (size < Signals.MINSIGSTKSZ) {
          r = Errno.ENOMEM.result();
        } else {
          ctx.task.sasSsSp = sp;
          ctx.task.sasSsSize = size;
          ctx.task.sasSsFlags = flags;
        }
      }
    }
    if (r == 0 && oldss != 0) {
      boolean ok =
          Uaccess.putUser64(ctx.task.mm, oldss, oldSp)
              && Uaccess.putUser32(ctx.task.mm, oldss + 8, oldFlags)
              && Uaccess.putUser64(ctx.task.mm, oldss + 16, oldSize);
      if (!ok) {
        r = Errno.EFAULT.result();
      }
    }
    String oldText =
        oldss == 0 ? "NULL" : r == 0 ? stackText(oldSp, oldFlags, oldSize) : Strace.addr(oldss);
    return ctx.ret("sigaltstack", "sigaltstack(" + ssText + ", " + oldText + ")", r);
  }

  private static boolean killPermitted(TaskContext ctx, Task target) {
    var c = ctx.task.cred;
    return c.capable(target.cred.userNs(), 5)
        || c.euid() == target.cred.uid()
        || c.euid() == target.cred.suid()
        || c.uid() == target.cred.uid()
        || c.uid() == target.cred.suid();
  }

  @Source(file = "kernel/signal.c", function = "sys_kill", version = "Linux 6.2")
  static long kill(TaskContext ctx, int pid, int sig) {
    ctx.enter();
    long r;
    if (pid <= 0) {
      r = Errno.ESRCH.result();
    } else {
      Task t = ctx.k.findTaskByPidNs(ctx.task.activePidNs(), pid);
      if (t != null && t.pid != t.tgid) {
        t = t.groupLeader;
      }
      if (t == null || t.released) {
        r = Errno.ESRCH.result();
      } else if (!Signals.valid(sig)) {
        r = Errno.EINVAL.result();
      } else if (!killPermitted(ctx, t)) {
        r = Errno.EPERM.result();
      } else {
        if (sig != 0 && t.signal.live > 0) {
          ctx.s.signals().sendSignal(t, sig, true);
        }
        r = 0;
      }
    }
    return ctx.ret("kill", "kill(" + pid + ", " + (sig == 0 ? "0" : Signals.name(sig)) + ")", r);
  }

  @Source(file = "kernel/signal.c", function = "sys_tgkill", version = "Linux 6.2")
  static long tgkill(TaskContext ctx, int tgid, int tid, int sig) {
    ctx.enter();
    long r;
    if (tgid <= 0 || tid <= 0) {
      r = Errno.EINVAL.result();
    } else {
      Task t = ctx.k.findTaskByPidNs(ctx.task.activePidNs(), tid);
      if (t == null || t.tgidIn(ctx.task.activePidNs()) != tgid || t.exiting) {
        r = Errno.ESRCH.result();
      } else if (!Signals.valid(sig)) {
        r = Errno.EINVAL.result();
      } else if (!killPermitted(ctx, t)) {
        r = Errno.EPERM.result();
      } else {
        if (sig != 0) {
          ctx.s.signals().sendSignal(t, sig, false);
        }
        r = 0;
      }
    }
    return ctx.ret(
        "tgkill",
        "tgkill(" + tgid + ", " + tid + ", " + (sig == 0 ? "0" : Signals.name(sig)) + ")",
        r);
  }
}
