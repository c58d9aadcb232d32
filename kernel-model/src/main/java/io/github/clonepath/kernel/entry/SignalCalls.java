package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.task.SigInfo;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.Uaccess;

/**
 * The calls of kernel/signal.c: the mask (rt_sigprocmask), the actions (rt_sigaction), the
 * alternate stack (sigaltstack) and sending (kill, tgkill), each recorded with what {@link
 * SignalText} needs to print it. Its methods are static and take the calling task's {@link
 * TaskContext} first (see there why).
 */
final class SignalCalls {
  private SignalCalls() {}

  @Source(file = "kernel/signal.c", function = "sys_rt_sigprocmask", version = "Linux 6.2")
  static long rtSigprocmask(TaskContext ctx, int how, long set, long oldset, long sigsetsize) {
    ctx.enter();
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
    return ctx.record(
        "rt_sigprocmask",
        SignalText.RT_SIGPROCMASK,
        ctx.textWanted() ? new SignalText.Masks(newSet, old) : null,
        r,
        how,
        set,
        oldset,
        sigsetsize);
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
    return ctx.record(
        "rt_sigaction",
        SignalText.RT_SIGACTION,
        ctx.textWanted() ? new SignalText.Actions(newAct, old) : null,
        r,
        sig,
        act,
        oldact,
        sigsetsize);
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
    SignalText.StackT newStack = null;
    if (ss != 0) {
      long[] w = Uaccess.copyFromUser(ctx.task.mm, ss, 24);
      if (w == null) {
        r = Errno.EFAULT.result();
      } else {
        long sp = w[0];
        int flags = (int) w[1];
        long size = w[2];
        newStack = new SignalText.StackT(sp, flags, size);
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
    return ctx.record(
        "sigaltstack",
        SignalText.SIGALTSTACK,
        ctx.textWanted()
            ? new SignalText.AltStacks(newStack, new SignalText.StackT(oldSp, oldFlags, oldSize))
            : null,
        r,
        ss,
        oldss);
  }

  private static boolean killPermitted(TaskContext ctx, Task target) {
    var c = ctx.task.cred;
    return c.capable(target.cred.userNs(), 5)
        || c.euid() == target.cred.uid()
        || c.euid() == target.cred.suid()
        || c.uid() == target.cred.uid()
        || c.uid() == target.cred.suid();
  }

  /**
   * The siginfo kill and tgkill fill in ({@code prepare_kill_siginfo}): the code, the caller's tgid
   * as the target's namespace sees it, and the caller's real uid.
   */
  static SigInfo senderInfo(TaskContext ctx, Task target, int sig, int code) {
    return new SigInfo(sig, code, ctx.task.tgidIn(target.activePidNs()), ctx.task.cred.uid(), 0);
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
          ctx.s.signals().sendSignal(t, sig, true, senderInfo(ctx, t, sig, SigInfo.SI_USER));
        }
        r = 0;
      }
    }
    return ctx.record("kill", SignalText.KILL, null, r, pid, sig);
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
          ctx.s.signals().sendSignal(t, sig, false, senderInfo(ctx, t, sig, SigInfo.SI_TKILL));
        }
        r = 0;
      }
    }
    return ctx.record("tgkill", SignalText.TGKILL, null, r, tgid, tid, sig);
  }
}
