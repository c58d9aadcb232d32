package io.github.clonepath.kernel.fork;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Abi;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.task.ErrOr;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.PidNamespace;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.Uaccess;

/**
 * clone3's argument handling in {@code kernel/fork.c}: {@code copy_clone_args_from_user} (the
 * struct's copy and its size, set_tid, exit_signal and cgroup rules) and {@code clone3_args_valid}.
 */
public final class Clone3Args {
  private final Kernel kernel;

  Clone3Args(Kernel kernel) {
    this.kernel = kernel;
  }

  /**
   * {@code copy_clone_args_from_user}: size limits, the zero-tail rule of {@code
   * copy_struct_from_user}, the copy itself, then the set_tid, exit_signal and cgroup rules and the
   * set_tid array copy, in this order.
   *
   * @param current the caller
   * @param uargs the struct's address
   * @param usize the size user space states
   * @return the kernel's arguments, or the errno that refused them
   */
  @Source(
      file = "kernel/fork.c",
      line = 2828,
      function = "copy_clone_args_from_user",
      version = "Linux 6.2")
  public ErrOr<KernelCloneArgs> copyCloneArgsFromUser(Task current, long uargs, long usize) {
    try (var f = kernel.tracer.enter()) {
      if (Long.compareUnsigned(usize, Abi.PAGE_SIZE) > 0) {
        return ErrOr.err(Errno.E2BIG);
      }
      if (usize < Abi.CLONE_ARGS_SIZE_VER0) {
        return ErrOr.err(Errno.EINVAL);
      }
      if (usize > KernelFork.CLONE_ARGS_SIZE) {
        int z =
            Uaccess.checkZeroedUser(
                current.mm, uargs + KernelFork.CLONE_ARGS_SIZE, usize - KernelFork.CLONE_ARGS_SIZE);
        if (z < 0) {
          return ErrOr.err(Errno.EFAULT);
        }
        if (z == 0) {
          return ErrOr.err(Errno.E2BIG);
        }
      }
      int size = (int) Math.min(usize, KernelFork.CLONE_ARGS_SIZE);
      long[] w = Uaccess.copyFromUser(current.mm, uargs, size);
      if (w == null) {
        return ErrOr.err(Errno.EFAULT);
      }
      long[] a = new long[11];
      System.arraycopy(w, 0, a, 0, w.length);
      long flags = a[0];
      long setTid = a[8];
      long setTidSize = a[9];
      long exitSignal = a[4];
      long cgroup = a[10];
      if (Long.compareUnsigned(setTidSize, PidNamespace.MAX_PID_NS_LEVEL) > 0
          || (setTid == 0 && setTidSize > 0)
          || (setTid != 0 && setTidSize == 0)) {
        return ErrOr.err(Errno.EINVAL);
      }
      if ((exitSignal & ~CSIGNAL) != 0 || !Signals.valid(exitSignal)) {
        return ErrOr.err(Errno.EINVAL);
      }
      if ((flags & CLONE_INTO_CGROUP) != 0
          && (Long.compareUnsigned(cgroup, Integer.MAX_VALUE) > 0
              || usize < Abi.CLONE_ARGS_SIZE_VER2)) {
        return ErrOr.err(Errno.EINVAL);
      }
      int[] tids = new int[(int) setTidSize];
      if (setTidSize > 0) {
        long[] t = Uaccess.copyFromUser(current.mm, setTid, (int) setTidSize * 4);
        if (t == null) {
          return ErrOr.err(Errno.EFAULT);
        }
        for (int i = 0; i < tids.length; i++) {
          tids[i] = (int) (t[i / 2] >>> ((i % 2) * 32));
        }
      }
      if (f.recording()) {
        f.note("clone_args of %d bytes copied", usize);
      }
      return ErrOr.of(
          new KernelCloneArgs(
              flags, a[1], a[2], a[3], (int) exitSignal, a[5], a[6], a[7], tids, (int) cgroup));
    }
  }

  /**
   * {@code clone3_args_valid} with {@code clone3_stack_valid}: flags beyond the known set,
   * CLONE_DETACHED and CSIGNAL bits (NEWTIME exempt, as since 6.3), SIGHAND with CLEAR_SIGHAND,
   * THREAD or PARENT with an exit signal, and the stack pair; the stack becomes stack + size.
   *
   * @param k the copied arguments
   * @return the arguments with the stack moved to its top, or EINVAL
   */
  @Source(
      file = "kernel/fork.c",
      line = 2925,
      function = "clone3_args_valid",
      version = "Linux 6.2")
  public ErrOr<KernelCloneArgs> clone3ArgsValid(KernelCloneArgs k) {
    try (var f = kernel.tracer.enter()) {
      long flags = k.flags();
      if ((flags & ~(KernelFork.CLONE_LEGACY_FLAGS | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
          != 0) {
        return ErrOr.err(Errno.EINVAL);
      }
      if ((flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME))) != 0) {
        return ErrOr.err(Errno.EINVAL);
      }
      if ((flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
          == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) {
        return ErrOr.err(Errno.EINVAL);
      }
      if ((flags & (CLONE_THREAD | CLONE_PARENT)) != 0 && k.exitSignal() != 0) {
        return ErrOr.err(Errno.EINVAL);
      }
      long stack = k.stack();
      if (stack == 0) {
        if (k.stackSize() != 0) {
          return ErrOr.err(Errno.EINVAL);
        }
      } else {
        if (k.stackSize() == 0 || !Uaccess.accessOk(stack, k.stackSize())) {
          return ErrOr.err(Errno.EINVAL);
        }
        stack += k.stackSize();
      }
      if (f.recording()) {
        f.note("valid; stack top 0x%x", stack);
      }
      return ErrOr.of(
          new KernelCloneArgs(
              flags,
              k.pidfd(),
              k.childTid(),
              k.parentTid(),
              k.exitSignal(),
              stack,
              k.stackSize(),
              k.tls(),
              k.setTid(),
              k.cgroup()));
    }
  }
}
