package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.exit.KernelWait;
import io.github.clonepath.kernel.exit.WaitResult;
import io.github.clonepath.kernel.sched.ExitUnwind;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Wait;
import io.github.clonepath.kernel.task.ErrOr;
import io.github.clonepath.kernel.task.Resumption;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.Uaccess;
import io.github.clonepath.kernel.task.WaitReason;
import java.util.function.ToLongFunction;

/**
 * The calls of kernel/exit.c: exit and exit_group, which never return, and wait4 and waitid, which
 * check their options as the kernel does and then loop in do_wait until a child is found or the
 * wait is refused. Its methods are static and take the calling task's {@link TaskContext} first
 * (see there why).
 */
final class ExitCalls {
  private ExitCalls() {}

  @Source(file = "kernel/exit.c", function = "sys_exit", version = "Linux 6.2")
  static void exit(TaskContext ctx, int status) {
    ctx.enter();
    ctx.k.tracer.syscall("exit", new long[] {status}, 0, false, null, WaitText.EXIT);
    ctx.s.exit().doExit(ctx.task, (status & 0xff) << 8);
    throw new ExitUnwind();
  }

  @Source(file = "kernel/exit.c", function = "sys_exit_group", version = "Linux 6.2")
  static void exitGroup(TaskContext ctx, int status) {
    ctx.enter();
    ctx.k.tracer.syscall("exit_group", new long[] {status}, 0, false, null, WaitText.EXIT_GROUP);
    ctx.s.exit().doGroupExit(ctx.task, (status & 0xff) << 8);
    throw new ExitUnwind();
  }

  private static final int WAIT4_OPTIONS =
      Wait.WNOHANG
          | Wait.WUNTRACED
          | Wait.WCONTINUED
          | Wait.__WNOTHREAD
          | Wait.__WCLONE
          | Wait.__WALL;

  @Source(file = "kernel/exit.c", function = "sys_wait4", version = "Linux 6.2")
  static void wait4(
      TaskContext ctx, int pid, long wstatus, int options, long rusage, Continuation next) {
    ctx.enter();
    int[] statusOut = {-1};
    TaskContext.Pending tf =
        new TaskContext.Pending(
            "wait4",
            WaitText.WAIT4,
            r -> r > 0 && statusOut[0] >= 0 ? statusOut[0] : null,
            pid,
            wstatus,
            options,
            rusage);
    if ((options & ~WAIT4_OPTIONS) != 0) {
      ctx.immediate(tf, Errno.EINVAL.result(), next);
      return;
    }
    if (pid == Integer.MIN_VALUE || pid < -1 || pid == 0) {
      ctx.immediate(tf, Errno.ECHILD.result(), next);
      return;
    }
    waitLoop(
        ctx,
        tf,
        pid,
        options | Wait.WEXITED,
        next,
        w -> {
          statusOut[0] = w.status();
          if (wstatus != 0 && !Uaccess.putUser32(ctx.task.mm, wstatus, w.status())) {
            return Errno.EFAULT.result();
          }
          return w.pid();
        });
  }

  @Source(file = "kernel/exit.c", function = "sys_waitid", version = "Linux 6.2")
  static void waitid(
      TaskContext ctx,
      int idtype,
      int id,
      long infop,
      int options,
      long rusage,
      Continuation next) {
    ctx.enter();
    WaitResult[] got = new WaitResult[1];
    TaskContext.Pending tf =
        new TaskContext.Pending(
            "waitid",
            WaitText.WAITID,
            r -> r == 0 && got[0] != null && infop != 0 ? got[0] : null,
            idtype,
            id,
            infop,
            options,
            rusage);
    int valid =
        Wait.WNOHANG
            | Wait.WNOWAIT
            | Wait.WEXITED
            | Wait.WUNTRACED
            | Wait.WCONTINUED
            | Wait.__WNOTHREAD
            | Wait.__WCLONE
            | Wait.__WALL;
    if ((options & ~valid) != 0
        || (options & (Wait.WEXITED | Wait.WUNTRACED | Wait.WCONTINUED)) == 0) {
      ctx.immediate(tf, Errno.EINVAL.result(), next);
      return;
    }
    int pid;
    switch (idtype) {
      case Wait.P_ALL -> pid = -1;
      case Wait.P_PID -> {
        if (id <= 0) {
          ctx.immediate(tf, Errno.EINVAL.result(), next);
          return;
        }
        pid = id;
      }
      case Wait.P_PIDFD -> {
        var files = ctx.task.files;
        if (id < 0 || id >= files.maxFds || files.fd[id] == null) {
          ctx.immediate(tf, Errno.EBADF.result(), next);
          return;
        }
        var f = files.fd[id];
        if (f.pidfdTask == null) {
          ctx.immediate(tf, Errno.EBADF.result(), next);
          return;
        }
        pid = f.pidfdTask.tidIn(ctx.task.activePidNs());
      }
      default -> {
        ctx.immediate(tf, Errno.EINVAL.result(), next);
        return;
      }
    }
    waitLoop(
        ctx,
        tf,
        pid,
        options,
        next,
        w -> {
          got[0] = w;
          if (infop != 0) {
            boolean ok =
                Uaccess.putUser32(ctx.task.mm, infop, Signals.SIGCHLD)
                    && Uaccess.putUser32(ctx.task.mm, infop + 4, 0)
                    && Uaccess.putUser32(
                        ctx.task.mm,
                        infop + 8,
                        (w.status() & 0x7f) == 0 ? Wait.CLD_EXITED : Wait.CLD_KILLED)
                    && Uaccess.putUser32(ctx.task.mm, infop + 16, w.pid())
                    && Uaccess.putUser32(ctx.task.mm, infop + 20, w.uid())
                    && Uaccess.putUser32(
                        ctx.task.mm,
                        infop + 24,
                        (w.status() & 0x7f) == 0 ? (w.status() >> 8) & 0xff : w.status() & 0x7f);
            if (!ok) {
              return Errno.EFAULT.result();
            }
          }
          return 0;
        });
  }

  /** {@code do_wait}'s loop: look, and sleep until a child changes, until found or refused. */
  private static void waitLoop(
      TaskContext ctx,
      TaskContext.Pending tf,
      int pid,
      int options,
      Continuation next,
      ToLongFunction<WaitResult> report) {
    ErrOr<WaitResult> w = ctx.s.waits().doWait(ctx.task, pid, options);
    if (w.isErr() || w.get() != KernelWait.SLEEP) {
      ctx.immediate(tf, reported(w, report), next);
      return;
    }
    Resumption again =
        r -> {
          if (r < 0) {
            ctx.completion(tf, next).run(r);
            return;
          }
          ErrOr<WaitResult> w2 = ctx.s.waits().doWait(ctx.task, pid, options);
          if (!w2.isErr() && w2.get() == KernelWait.SLEEP) {
            sleepWait(ctx, ctx.task.next);
            return;
          }
          ctx.completion(tf, next).run(reported(w2, report));
        };
    sleepWait(ctx, again);
  }

  /** What the call returns for a pass that did not sleep: the errno, 0, or the report's result. */
  private static long reported(ErrOr<WaitResult> w, ToLongFunction<WaitResult> report) {
    if (w.isErr()) {
      return w.error();
    }
    return w.get() == KernelWait.NONE ? 0 : report.applyAsLong(w.get());
  }

  private static void sleepWait(TaskContext ctx, Resumption again) {
    if (again != null) {
      ctx.pendingWait = again;
    }
    Resumption r = ctx.pendingWait;
    ctx.s.sched().sleep(ctx.task, TaskState.INTERRUPTIBLE, WaitReason.WAIT, "wait", r, null);
  }
}
