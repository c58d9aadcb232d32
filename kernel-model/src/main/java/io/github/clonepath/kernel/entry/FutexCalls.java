package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.futex.FutexTable;
import io.github.clonepath.kernel.syscall.Abi;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Futex;

/**
 * The calls of kernel/futex/syscalls.c: futex, which reads and checks the timeout before it
 * dispatches the command to {@link io.github.clonepath.kernel.futex.FutexTable}, and
 * set_robust_list. Its methods are static and take the calling task's {@link TaskContext} first
 * (see there why).
 */
final class FutexCalls {
  private FutexCalls() {}

  @Source(file = "kernel/futex/syscalls.c", function = "sys_set_robust_list", version = "Linux 6.2")
  static long setRobustList(TaskContext ctx, long head, long len) {
    ctx.enter();
    long r;
    if (len != Abi.ROBUST_LIST_HEAD_LEN) {
      r = Errno.EINVAL.result();
    } else {
      ctx.task.robustList = head;
      ctx.task.robustListLen = len;
      r = 0;
    }
    return ctx.record("set_robust_list", FutexText.SET_ROBUST_LIST, null, r, head, len);
  }

  /**
   * {@code sys_futex}: the timeout is read and checked first for the commands that take one
   * (relative for FUTEX_WAIT, absolute for FUTEX_WAIT_BITSET), then CLOCK_REALTIME is refused for
   * anything but WAIT_BITSET (ENOSYS), then the command runs. DEVIATION: CLOCK_REALTIME and
   * CLOCK_MONOTONIC both read the machine's virtual time.
   */
  @Source(
      file = "kernel/futex/syscalls.c",
      line = 164,
      function = "sys_futex",
      version = "Linux 6.2")
  static void futex(
      TaskContext ctx,
      long uaddr,
      int op,
      int val,
      long timeout,
      long uaddr2,
      int val3,
      Continuation next) {
    ctx.enter();
    int cmd = op & Futex.FUTEX_CMD_MASK;
    boolean hasTimeout = cmd == Futex.FUTEX_WAIT || cmd == Futex.FUTEX_WAIT_BITSET;
    Timespec ts = timeout != 0 && hasTimeout ? Timespec.read(ctx.task.mm, timeout) : null;
    TaskContext.Pending tf =
        new TaskContext.Pending(
            "futex",
            FutexText.FUTEX,
            ts == null ? null : r -> ts,
            uaddr,
            op,
            val,
            timeout,
            uaddr2,
            val3);
    long deadline = -1;
    if (timeout != 0 && hasTimeout) {
      if (ts == null) {
        ctx.immediate(tf, Errno.EFAULT.result(), next);
        return;
      }
      if (!ts.valid()) {
        ctx.immediate(tf, Errno.EINVAL.result(), next);
        return;
      }
      long t = ts.nanos();
      deadline = cmd == Futex.FUTEX_WAIT ? ctx.k.now + t : t;
    }
    boolean shared = (op & Futex.FUTEX_PRIVATE_FLAG) == 0;
    if ((op & Futex.FUTEX_CLOCK_REALTIME) != 0 && cmd != Futex.FUTEX_WAIT_BITSET) {
      ctx.immediate(tf, Errno.ENOSYS.result(), next);
      return;
    }
    long r;
    switch (cmd) {
      case Futex.FUTEX_WAIT, Futex.FUTEX_WAIT_BITSET -> {
        int bitset = cmd == Futex.FUTEX_WAIT ? Futex.FUTEX_BITSET_MATCH_ANY : val3;
        r =
            ctx.s
                .futex()
                .futexWait(
                    ctx.task, uaddr, shared, val, deadline, bitset, ctx.completion(tf, next));
        if (r == FutexTable.BLOCKED) {
          return;
        }
      }
      case Futex.FUTEX_WAKE, Futex.FUTEX_WAKE_BITSET ->
          r = wake(ctx, cmd, uaddr, shared, val, val3);
      default -> r = Errno.ENOSYS.result();
    }
    ctx.immediate(tf, r, next);
  }

  /**
   * {@code sys_futex} for the wake commands, which never block: the same checks in the same order
   * as {@link #futex} and the same trace line, with the result returned at once.
   */
  @Source(file = "kernel/futex/syscalls.c", function = "sys_futex", version = "Linux 6.2")
  static long futexWake(TaskContext ctx, long uaddr, int op, int val, long uaddr2, int val3) {
    ctx.enter();
    int cmd = op & Futex.FUTEX_CMD_MASK;
    if (cmd != Futex.FUTEX_WAKE && cmd != Futex.FUTEX_WAKE_BITSET) {
      throw new IllegalArgumentException(
          "futexWake takes FUTEX_WAKE or FUTEX_WAKE_BITSET, not "
              + Futex.formatOp(op)
              + "; use futex() for the commands that block");
    }
    long r =
        (op & Futex.FUTEX_CLOCK_REALTIME) != 0
            ? Errno.ENOSYS.result()
            : wake(ctx, cmd, uaddr, (op & Futex.FUTEX_PRIVATE_FLAG) == 0, val, val3);
    return ctx.record("futex", FutexText.FUTEX, null, r, uaddr, op, val, 0, uaddr2, val3);
  }

  /** {@code futex_wake} with the bitset the command implies. */
  private static long wake(
      TaskContext ctx, int cmd, long uaddr, boolean shared, int val, int val3) {
    int bitset = cmd == Futex.FUTEX_WAKE ? Futex.FUTEX_BITSET_MATCH_ANY : val3;
    return ctx.s.futex().futexWake(ctx.task.mm, uaddr, shared, val, bitset);
  }
}
