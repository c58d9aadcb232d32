package io.github.clonepath.kernel.syscall;

/**
 * User code at a handler address: what runs when the kernel delivers a signal whose action is that
 * address. User space places it with {@link UserContext#defineHandler(long, SignalHandler)}, the
 * model's equivalent of the handler's machine code being in the program text.
 *
 * <p>A handler runs to completion without blocking (it may make non-blocking system calls), then
 * the interrupted code continues, as after {@code rt_sigreturn}.
 */
@FunctionalInterface
public interface SignalHandler {
  /**
   * Handles one signal.
   *
   * @param ctx the task the signal was delivered to
   * @param sig the signal number
   */
  void handle(UserContext ctx, int sig);
}
