package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Abi;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.WaitReason;

/**
 * The sleeps: nanosleep of kernel/time/hrtimer.c and clock_nanosleep of kernel/time/posix-timers.c,
 * which both end in hrtimer_nanosleep. Its methods are static and take the calling task's {@link
 * TaskContext} first (see there why).
 */
final class TimeCalls {
  private TimeCalls() {}

  @Source(file = "kernel/time/hrtimer.c", function = "sys_nanosleep", version = "Linux 6.2")
  static void nanosleep(TaskContext ctx, long req, long rem, Continuation next) {
    ctx.enter();
    sleepCommon(
        ctx, "nanosleep", TimeText.NANOSLEEP, Abi.CLOCK_MONOTONIC, 0, req, rem, next, req, rem);
  }

  @Source(
      file = "kernel/time/posix-timers.c",
      function = "sys_clock_nanosleep",
      version = "Linux 6.2")
  static void clockNanosleep(
      TaskContext ctx, int clockid, int flags, long req, long rem, Continuation next) {
    ctx.enter();
    sleepCommon(
        ctx,
        "clock_nanosleep",
        TimeText.CLOCK_NANOSLEEP,
        clockid,
        flags,
        req,
        rem,
        next,
        clockid,
        flags,
        req,
        rem);
  }

  /** {@code hrtimer_nanosleep} in virtual time; an interrupted sleep returns EINTR. */
  @Source(
      file = "kernel/time/hrtimer.c",
      line = 2083,
      function = "hrtimer_nanosleep",
      version = "Linux 6.2")
  private static void sleepCommon(
      TaskContext ctx,
      String name,
      SyscallEvent.Printer printer,
      int clockid,
      int flags,
      long req,
      long rem,
      Continuation next,
      long... args) {
    Timespec ts = Timespec.read(ctx.task.mm, req);
    TaskContext.Pending tf =
        new TaskContext.Pending(name, printer, ts == null ? null : r -> ts, args);
    if (ts == null) {
      ctx.immediate(tf, Errno.EFAULT.result(), next);
      return;
    }
    if (!ts.valid()) {
      ctx.immediate(tf, Errno.EINVAL.result(), next);
      return;
    }
    if (clockid != Abi.CLOCK_REALTIME && clockid != Abi.CLOCK_MONOTONIC) {
      ctx.immediate(tf, Errno.EINVAL.result(), next);
      return;
    }
    long t = ts.nanos();
    long until = (flags & Abi.TIMER_ABSTIME) != 0 ? t : ctx.k.now + t;
    io.github.clonepath.kernel.sched.Timer timer =
        ctx.s.sched().addTimer(until, () -> ctx.s.sched().wakeUp(ctx.task, 0));
    ctx.s
        .sched()
        .sleep(
            ctx.task,
            TaskState.INTERRUPTIBLE,
            WaitReason.SLEEP,
            name,
            ctx.completion(tf, next),
            () -> ctx.s.sched().cancel(timer));
  }
}
