package io.github.clonepath.glibc.pthread;

import io.github.clonepath.kernel.syscall.UserContext;

/**
 * A thread's start routine, in continuation-passing style: it runs until it blocks (handing a
 * continuation to a blocking call) or finishes, and finishes by calling {@code done.ret(ctx,
 * value)} (returning from the routine) or {@link Libc#pthreadExit}.
 */
@FunctionalInterface
public interface StartRoutine {
  /**
   * Runs the routine on the new thread.
   *
   * @param ctx the new thread's view of the kernel
   * @param self the new thread's {@code pthread_t}
   * @param arg the argument given to pthread_create
   * @param done where the routine returns to (start_thread's exit path)
   */
  void run(UserContext ctx, long self, long arg, ThreadReturn done);

  /** The return of a start routine: start_thread continues with its exit path. */
  @FunctionalInterface
  interface ThreadReturn {
    /**
     * Returns from the start routine.
     *
     * @param ctx the thread's context
     * @param value the routine's result, what pthread_join hands back
     */
    void ret(UserContext ctx, long value);
  }
}
