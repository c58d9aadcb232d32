package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.WaitReason;

/**
 * The scheduler's calls of kernel/sched/core.c: sched_yield, and the model's compute, which is no
 * system call but user code burning CPU time on the same scheduler. Its methods are static and take
 * the calling task's {@link TaskContext} first (see there why).
 */
final class SchedCalls {
  private SchedCalls() {}

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
