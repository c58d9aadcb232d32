package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.glibc.pthread.SpawnNext;
import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * sysdeps/unix/sysv/linux/spawni.c: posix_spawn's vfork-like child on a small stack of its own,
 * which shares the caller's memory until it execs.
 */
final class Spawni {
  private final Nptl n;

  Spawni(Nptl n) {
    this.n = n;
  }

  /**
   * {@code __spawnix}: a 36 KiB read-write stack with no guard, all signals blocked, {@code
   * clone3(CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD)} (the caller sleeps until the child execs),
   * the stack unmapped and the mask restored. The child, in {@code __spawni_child}, reads its mask,
   * sets the caller's back and execs. 2.41 adds {@code CLONE_CLEAR_SIGHAND} to the clone3 flags
   * (sysdeps/unix/sysv/linux/spawni.c:403-421 at glibc-2.41), so the kernel resets the child's
   * handlers to SIG_DFL; the legacy-clone fallback without it is not modeled.
   *
   * <p>DEVIATION: the syscall door has no execve; the child's program image is not modeled, and the
   * child ends with {@code exit_group(exitStatus)} where the real one would exec.
   */
  @Source(
      file = "sysdeps/unix/sysv/linux/spawni.c",
      line = 312,
      function = "__spawnix",
      version = "glibc 2.36")
  void spawnix(UserContext ctx, Tcb self, int exitStatus, SpawnNext next) {
    long stack;
    long original;
    try (Frame f = ctx.tracer().enter()) {
      stack =
          ctx.mmap(
              0,
              Layout.SPAWN_STACK,
              Layout.PROT_READ | Layout.PROT_WRITE,
              Layout.MAP_PRIVATE | Layout.MAP_ANONYMOUS | Layout.MAP_STACK,
              -1,
              0);
      if (Errno.isError(stack)) {
        next.resume(ctx, (int) -stack, 0);
        return;
      }
      original = InternalSignals.internalSignalBlockAll(ctx, self);
      long args = self.scratch + 0x100;
      long[] fields = {
        CloneFlags.CLONE_VM
            | CloneFlags.CLONE_VFORK
            | (n.config.version().isAtLeast(GlibcVersion.GLIBC_2_41)
                ? CloneFlags.CLONE_CLEAR_SIGHAND
                : 0),
        0,
        0,
        0,
        Layout.SIGCHLD,
        stack,
        Layout.SPAWN_STACK,
        0,
        0,
        0,
        0
      };
      for (int i = 0; i < fields.length; i++) {
        ctx.store64(args + 8L * i, fields[i]);
      }
      long childScratch = stack + Layout.SPAWN_STACK - Layout.SCRATCH_BELOW_SP;
      if (f.recording()) {
        f.note("posix_spawn: 36 KiB stack at 0x%x", stack);
      }
      ctx.clone3(
          args,
          Layout.CLONE_ARGS_SIZE,
          (c, r) -> spawniChild(c, childScratch, original, exitStatus),
          (c, pid) -> spawnixReturn(c, self, stack, original, pid, next));
    }
  }

  private static void spawnixReturn(
      UserContext ctx, Tcb self, long stack, long original, long pid, SpawnNext next) {
    ctx.munmap(stack, Layout.SPAWN_STACK);
    InternalSignals.internalSignalRestoreSet(ctx, self, original);
    if (Errno.isError(pid)) {
      next.resume(ctx, (int) -pid, 0);
    } else {
      next.resume(ctx, 0, pid);
    }
  }

  /**
   * {@code __spawni_child}: the child reads the (all-blocked) mask, restores the caller's, and
   * would exec.
   */
  @Source(
      file = "sysdeps/unix/sysv/linux/spawni.c",
      line = 101,
      function = "__spawni_child",
      version = "glibc 2.36")
  private static void spawniChild(UserContext ctx, long scratch, long original, int exitStatus) {
    try (Frame f = ctx.tracer().enter()) {
      ctx.rtSigprocmask(Layout.SIG_BLOCK, 0, scratch, 8);
      ctx.store64(scratch + 8, original);
      ctx.rtSigprocmask(Layout.SIG_SETMASK, scratch + 8, 0, 8);
      if (f.recording()) {
        f.note("spawn child: exec is not modeled, exit_group(%d)", exitStatus);
      }
    }
    ctx.exitGroup(exitStatus);
  }
}
