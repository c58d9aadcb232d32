package io.github.clonepath.glibc.pthread;

import io.github.clonepath.kernel.syscall.UserContext;

/** What the caller of {@link Libc#posixSpawn} does once the child has left the vfork. */
@FunctionalInterface
public interface SpawnNext {
  /**
   * Continues after posix_spawn.
   *
   * @param ctx the caller's context
   * @param error 0 or the error posix_spawn returns
   * @param pid the child's pid when {@code error} is 0
   */
  void resume(UserContext ctx, int error, long pid);
}
