package io.github.clonepath.glibc.elf;

import io.github.clonepath.kernel.syscall.UserContext;

/** The loader's mallocs, as the calling thread's malloc meets them (its arena). */
@FunctionalInterface
public interface Malloc {
  /**
   * A malloc of the calling thread.
   *
   * @param ctx the calling thread
   * @param bytes the request
   */
  void malloc(UserContext ctx, long bytes);
}
