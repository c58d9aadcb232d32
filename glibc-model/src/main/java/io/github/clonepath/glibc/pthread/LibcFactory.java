package io.github.clonepath.glibc.pthread;

import io.github.clonepath.kernel.syscall.UserContext;

/**
 * How {@link Libc#start} finds the NPTL model without this package depending on its internals (a
 * {@link java.util.ServiceLoader} provider declared in {@code module-info.java} and {@code
 * META-INF/services}).
 */
public interface LibcFactory {
  /**
   * Runs the C library's process start-up on the calling (main) thread.
   *
   * @param ctx the main thread's context
   * @param config version, limits and tunables
   * @return the process's C library state
   */
  Libc start(UserContext ctx, LibcConfig config);
}
