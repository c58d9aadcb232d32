package io.github.clonepath.glibc.pthread;

import io.github.clonepath.kernel.syscall.UserContext;

/** What the child of {@link Libc#fork} runs: fork returned 0 in it. */
@FunctionalInterface
public interface ForkChild {
  /**
   * Runs the child process's only thread.
   *
   * @param ctx the child's context
   * @param libc the child's copy of the C library state
   * @param self the child's {@code pthread_t} (the same TCB address as the forking thread's)
   */
  void run(UserContext ctx, Libc libc, long self);
}
