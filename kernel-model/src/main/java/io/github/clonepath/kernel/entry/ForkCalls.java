package io.github.clonepath.kernel.entry;

import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_VFORK;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.fork.KernelCloneArgs;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.task.ErrOr;
import io.github.clonepath.kernel.task.Resumption;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.WaitReason;

/**
 * The clone entries of kernel/fork.c: sys_clone, sys_clone3 and set_tid_address, which turn the
 * user's registers or clone_args into kernel_clone_args and hand them to kernel_clone; the child's
 * first resumption gets its own {@link TaskContext}. Its methods are static and take the calling
 * task's {@link TaskContext} first (see there why).
 */
final class ForkCalls {
  private ForkCalls() {}

  @Source(file = "kernel/fork.c", line = 2806, function = "sys_clone", version = "Linux 6.2")
  static long clone(
      TaskContext ctx,
      long flags,
      long stack,
      long parentTid,
      long childTid,
      long tls,
      Continuation child) {
    if ((flags & CLONE_VFORK) != 0) {
      throw new IllegalArgumentException(
          "CLONE_VFORK blocks the caller: use clone(..., child, next)");
    }
    ctx.enter();
    long r = cloneCommon(ctx, flags, stack, parentTid, childTid, tls, child, null);
    return ctx.record(
        "clone",
        CloneText.CLONE,
        ctx.textWanted() ? CloneText.cloneRead(ctx.task.mm, flags, parentTid) : null,
        r,
        flags,
        stack,
        parentTid,
        childTid,
        tls);
  }

  /**
   * The legacy clone entry: flags in the low 32 bits with the exit signal in CSIGNAL; the pidfd
   * pointer is the parent_tid pointer; no argument validation.
   */
  @Source(file = "kernel/fork.c", line = 2806, function = "sys_clone", version = "Linux 6.2")
  private static long cloneCommon(
      TaskContext ctx,
      long flags,
      long stack,
      long ptid,
      long ctid,
      long tls,
      Continuation child,
      Continuation next) {
    long low = flags & 0xffffffffL;
    KernelCloneArgs args =
        new KernelCloneArgs(
            low & ~io.github.clonepath.kernel.syscall.CloneFlags.CSIGNAL,
            ptid,
            ctid,
            ptid,
            (int) (low & io.github.clonepath.kernel.syscall.CloneFlags.CSIGNAL),
            stack,
            0,
            tls,
            new int[0],
            0);
    return kernelCloneFor(ctx, args, child, next);
  }

  private static long kernelCloneFor(
      TaskContext ctx, KernelCloneArgs args, Continuation child, Continuation next) {
    Resumption vforkNext = next == null ? null : r -> ctx.runUser(next, r);
    ChildEntry entry = new ChildEntry(ctx.s, child);
    long r = ctx.s.fork().kernelClone(ctx.task, args, entry, vforkNext);
    if (r >= 0) {
      entry.bind(ctx.k.findTaskByPidNs(ctx.task.activePidNs(), (int) r));
    }
    return r;
  }

  /** A child's first resumption, bound to its task after copy_process made it. */
  private static final class ChildEntry implements Resumption {
    private final Services s;
    private final Continuation child;
    private Task bound;

    ChildEntry(Services s, Continuation child) {
      this.s = s;
      this.child = child;
    }

    void bind(Task t) {
      bound = t;
    }

    @Override
    public void run(long result) {
      new TaskContext(s, bound).firstRun(child).run(result);
    }
  }

  @Source(file = "kernel/fork.c", line = 2806, function = "sys_clone", version = "Linux 6.2")
  static void clone(
      TaskContext ctx,
      long flags,
      long stack,
      long parentTid,
      long childTid,
      long tls,
      Continuation child,
      Continuation next) {
    ctx.enter();
    TaskContext.Pending text =
        new TaskContext.Pending(
            "clone",
            CloneText.CLONE,
            r -> CloneText.cloneRead(ctx.task.mm, flags, parentTid),
            flags,
            stack,
            parentTid,
            childTid,
            tls);
    if ((flags & CLONE_VFORK) == 0) {
      long r = cloneCommon(ctx, flags, stack, parentTid, childTid, tls, child, null);
      ctx.immediate(text, r, next);
      return;
    }
    long r = cloneCommon(ctx, flags, stack, parentTid, childTid, tls, child, (u, v) -> {});
    if (r < 0) {
      ctx.immediate(text, r, next);
    } else {
      ctx.task.next = ctx.completion(text, next);
    }
  }

  /** {@code sys_clone3}: copy and validate the struct, then kernel_clone. */
  @Source(file = "kernel/fork.c", line = 2964, function = "sys_clone3", version = "Linux 6.2")
  private static long doClone3(
      TaskContext ctx,
      long uargs,
      long size,
      Continuation child,
      Continuation next,
      boolean blocking) {
    ErrOr<KernelCloneArgs> copied =
        ctx.s.fork().clone3Args().copyCloneArgsFromUser(ctx.task, uargs, size);
    if (copied.isErr()) {
      return copied.error();
    }
    ErrOr<KernelCloneArgs> valid = ctx.s.fork().clone3Args().clone3ArgsValid(copied.get());
    if (valid.isErr()) {
      return valid.error();
    }
    KernelCloneArgs v = valid.get();
    if ((v.flags() & CLONE_VFORK) != 0 && !blocking) {
      throw new IllegalArgumentException(
          "the clone_args ask for CLONE_VFORK, which blocks the caller: use clone3(args, size,"
              + " child, next)");
    }
    return kernelCloneFor(ctx, v, child, (v.flags() & CLONE_VFORK) != 0 ? next : null);
  }

  @Source(file = "kernel/fork.c", line = 2964, function = "sys_clone3", version = "Linux 6.2")
  static long clone3(TaskContext ctx, long args, long size, Continuation child) {
    ctx.enter();
    long r = doClone3(ctx, args, size, child, null, false);
    return ctx.record(
        "clone3",
        CloneText.CLONE3,
        ctx.textWanted() ? CloneText.clone3Read(ctx.task.mm, args, size, r) : null,
        r,
        args,
        size);
  }

  @Source(file = "kernel/fork.c", line = 2964, function = "sys_clone3", version = "Linux 6.2")
  static void clone3(TaskContext ctx, long args, long size, Continuation child, Continuation next) {
    ctx.enter();
    TaskContext.Pending text =
        new TaskContext.Pending(
            "clone3",
            CloneText.CLONE3,
            r -> CloneText.clone3Read(ctx.task.mm, args, size, r),
            args,
            size);
    long r = doClone3(ctx, args, size, child, (u, v) -> {}, true);
    if (r >= 0 && ctx.task.state == TaskState.KILLABLE && ctx.task.waitReason == WaitReason.VFORK) {
      ctx.task.next = ctx.completion(text, next);
    } else {
      ctx.immediate(text, r, next);
    }
  }

  @Source(file = "kernel/fork.c", function = "sys_set_tid_address", version = "Linux 6.2")
  static long setTidAddress(TaskContext ctx, long tidptr) {
    ctx.enter();
    ctx.task.clearChildTid = tidptr;
    return ctx.record(
        "set_tid_address",
        CloneText.SET_TID_ADDRESS,
        null,
        ctx.task.tidIn(ctx.task.activePidNs()),
        tidptr);
  }
}
