package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Rlimits;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.kernel.task.Cred;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.Uaccess;
import io.github.clonepath.kernel.task.WaitReason;

/**
 * The scheduler's calls of kernel/sched/core.c: sched_yield, sched_setscheduler, and the model's
 * compute, which is no system call but user code burning CPU time on the same scheduler. Its
 * methods are static and take the calling task's {@link TaskContext} first (see there why).
 */
final class SchedCalls {
  private SchedCalls() {}

  static final int SCHED_NORMAL = 0;
  static final int SCHED_FIFO = 1;
  static final int SCHED_RR = 2;
  static final int SCHED_BATCH = 3;
  static final int SCHED_IDLE = 5;
  static final int SCHED_DEADLINE = 6;

  /** {@code SCHED_RESET_ON_FORK}, or-ed into sched_setscheduler's policy. */
  static final int SCHED_RESET_ON_FORK = 0x40000000;

  /** {@code MAX_RT_PRIO}: real-time priorities are 1..MAX_RT_PRIO-1. */
  static final int MAX_RT_PRIO = 100;

  @Source(file = "kernel/sched/core.c", function = "sys_sched_yield", version = "Linux 6.2")
  static void schedYield(TaskContext ctx, Continuation next) {
    ctx.enter();
    ctx.k.tracer.syscall("sched_yield", "sched_yield() = 0", 0);
    ctx.s
        .sched()
        .yield(
            ctx.task,
            r -> {
              ctx.exitToUserMode();
              ctx.runUser(next, 0);
            });
  }

  /**
   * {@code sys_sched_setscheduler} and {@code do_sched_setscheduler}: a negative policy, a null
   * parameter or a negative pid is EINVAL before anything is read; the {@code struct sched_param}
   * (one int, {@code sched_priority}) is copied in (EFAULT); pid 0 is the caller, another is looked
   * up in the caller's pid namespace (ESRCH); then {@link #schedSetschedulerChecked} with the
   * permission checks a user call gets.
   */
  @Source(file = "kernel/sched/core.c", function = "do_sched_setscheduler", version = "Linux 6.2")
  static long schedSetscheduler(TaskContext ctx, int pid, int policy, long param) {
    ctx.enter();
    long[] lparam = param == 0 ? null : Uaccess.copyFromUser(ctx.task.mm, param, 4);
    long r;
    if (policy < 0 || param == 0 || pid < 0) {
      r = Errno.EINVAL.result();
    } else if (lparam == null) {
      r = Errno.EFAULT.result();
    } else {
      Task p = pid == 0 ? ctx.task : ctx.k.findTaskByPidNs(ctx.task.activePidNs(), pid);
      r =
          p == null
              ? Errno.ESRCH.result()
              : schedSetschedulerChecked(ctx, p, policy, (int) lparam[0]);
    }
    if (!ctx.textWanted()) {
      return ctx.recorded("sched_setscheduler", "", r);
    }
    String paramText =
        param == 0 ? "NULL" : lparam == null ? Strace.addr(param) : "[" + (int) lparam[0] + "]";
    return ctx.ret(
        "sched_setscheduler",
        "sched_setscheduler(" + pid + ", " + policyName(policy) + ", " + paramText + ")",
        r);
  }

  /**
   * {@code _sched_setscheduler} and {@code __sched_setscheduler} for a user's call, in their order:
   * SCHED_RESET_ON_FORK is split off the policy; the policy must be one of NORMAL, FIFO, RR, BATCH,
   * IDLE, DEADLINE (EINVAL); the priority (unsigned) must be below MAX_RT_PRIO, non-zero exactly
   * for FIFO and RR, and DEADLINE's parameters (runtime, deadline, period) are all zero through
   * this call, so DEADLINE is always EINVAL. Without CAP_SYS_NICE: entering a real-time policy
   * needs a non-zero RLIMIT_RTPRIO and raising the priority needs it at least that high; leaving
   * IDLE needs RLIMIT_NICE to allow nice 0; the caller's euid must be the target's uid or euid; a
   * set reset-on-fork flag cannot be dropped (all EPERM). The same policy with the same priority
   * changes nothing but the reset-on-fork flag.
   *
   * <p>DEVIATION: the model has no nice values (every task is at nice 0, which sched_setscheduler
   * keeps), so the fair policies' nice check never fires; no LSM hook, no RT group bandwidth
   * (CONFIG_RT_GROUP_SCHED, off on the reference kernel), no priority inheritance; the new policy
   * is recorded in the task, and the model's run queue does not act on it.
   */
  @Source(file = "kernel/sched/core.c", function = "__sched_setscheduler", version = "Linux 6.2")
  private static long schedSetschedulerChecked(TaskContext ctx, Task p, int policy, int priority) {
    boolean resetOnFork = (policy & SCHED_RESET_ON_FORK) != 0;
    policy &= ~SCHED_RESET_ON_FORK;
    if (policy != SCHED_NORMAL
        && policy != SCHED_FIFO
        && policy != SCHED_RR
        && policy != SCHED_BATCH
        && policy != SCHED_IDLE
        && policy != SCHED_DEADLINE) {
      return Errno.EINVAL.result();
    }
    boolean rt = policy == SCHED_FIFO || policy == SCHED_RR;
    if (Integer.compareUnsigned(priority, MAX_RT_PRIO - 1) > 0
        || policy == SCHED_DEADLINE
        || rt != (priority != 0)) {
      return Errno.EINVAL.result();
    }
    Cred cred = ctx.task.cred;
    if (!cred.capable(ctx.k.initUserNs, Cred.CAP_SYS_NICE)) {
      if (rt) {
        long rlimRtprio = p.signal.rlim[Rlimits.RLIMIT_RTPRIO].cur();
        if (policy != p.policy && rlimRtprio == 0) {
          return Errno.EPERM.result();
        }
        if (priority > p.rtPriority && Long.compareUnsigned(priority, rlimRtprio) > 0) {
          return Errno.EPERM.result();
        }
      }
      // can_nice(p, 0): nice 0 is rlimit value 20
      if (p.policy == SCHED_IDLE
          && policy != SCHED_IDLE
          && Long.compareUnsigned(20, p.signal.rlim[Rlimits.RLIMIT_NICE].cur()) > 0) {
        return Errno.EPERM.result();
      }
      if (cred.euid() != p.cred.euid() && cred.euid() != p.cred.uid()) {
        return Errno.EPERM.result();
      }
      if (p.schedResetOnFork && !resetOnFork) {
        return Errno.EPERM.result();
      }
    }
    if (policy != p.policy || (rt && priority != p.rtPriority)) {
      // __setscheduler_params
      p.policy = policy;
      p.rtPriority = priority;
    }
    p.schedResetOnFork = resetOnFork;
    return 0;
  }

  /**
   * strace's policy: its name (strace 6.1's xlat/schedulers.in, which still names 4 SCHED_ISO), or
   * the number in hex with {@code SCHED_???}.
   */
  static String policyName(int policy) {
    return switch (policy) {
      case 0 -> "SCHED_OTHER";
      case 1 -> "SCHED_FIFO";
      case 2 -> "SCHED_RR";
      case 3 -> "SCHED_BATCH";
      case 4 -> "SCHED_ISO";
      case 5 -> "SCHED_IDLE";
      case 6 -> "SCHED_DEADLINE";
      default -> "0x" + Integer.toHexString(policy) + " /* SCHED_??? */";
    };
  }

  static void compute(TaskContext ctx, long nanos, Continuation next) {
    ctx.enter();
    long until = ctx.s.sched().reserveCpu(nanos);
    ctx.s.sched().addTimer(until, () -> ctx.s.sched().wakeUp(ctx.task, 0));
    ctx.s
        .sched()
        .sleep(
            ctx.task,
            TaskState.KILLABLE,
            WaitReason.COMPUTE,
            "compute",
            r -> {
              // a fatal signal (another thread's exit_group) stops user code at its next return
              // to user mode, before it runs on
              ctx.exitToUserMode();
              ctx.runUser(next, 0);
            },
            null);
  }
}
