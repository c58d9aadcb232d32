package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/** stdlib/exit.c: how a process ends when its last thread is done or a program calls exit. */
final class Exit {
  private Exit() {}

  /**
   * {@code exit}: the process ends with {@code exit_group}. DEVIATION: atexit handlers and stdio
   * flushing are not modeled (the model's programs have none).
   *
   * @param ctx the calling thread
   * @param status the exit status
   */
  @Source(file = "stdlib/exit.c", line = 141, function = "exit", version = "glibc 2.36")
  static void exit(UserContext ctx, int status) {
    try (Frame f = ctx.tracer().enter()) {
      if (f.recording()) {
        f.note("exit(%d)", status);
      }
    }
    ctx.exitGroup(status);
  }
}
