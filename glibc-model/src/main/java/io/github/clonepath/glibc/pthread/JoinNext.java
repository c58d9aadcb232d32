package io.github.clonepath.glibc.pthread;

import io.github.clonepath.kernel.syscall.UserContext;

/** What the joining thread does once pthread_join returns. */
@FunctionalInterface
public interface JoinNext {
  /**
   * Continues after the join.
   *
   * @param ctx the joining thread's context
   * @param error 0, or the error pthread_join returns (EINVAL, EDEADLK, ESRCH)
   * @param retval the joined thread's result when {@code error} is 0
   */
  void resume(UserContext ctx, int error, long retval);
}
