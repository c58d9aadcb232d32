package io.github.clonepath.lab.scenario;

import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.glibc.pthread.Libc;
import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadCreateResult;
import io.github.clonepath.kernel.syscall.FailPoint;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.List;

/**
 * A C program that makes threads with default attributes, one after another: each {@code
 * pthread_create}s a thread whose routine returns at once, then {@code pthread_join}s it, which
 * puts its stack into glibc's cache. The second round therefore reuses the first thread's stack.
 */
public final class PthreadCreate {
  private PthreadCreate() {}

  /**
   * Runs the program on a fresh machine with call tracing on.
   *
   * @param version the glibc to follow
   * @param rounds how many threads to make, one after another (2 for a cache hit)
   * @param failLast make the last round's clone fail in dup_task_struct (ENOMEM)
   * @return every event of the run
   */
  public static List<TraceEvent> run(GlibcVersion version, int rounds, boolean failLast) {
    Machine machine = Machine.boot(MachineConfig.DEFAULT.withTraceCalls(true));
    StepStates.machineBooted(machine, "pthread_create");
    machine.spawn(
        "pthread_create",
        (ctx, ignored) -> {
          Libc libc = Libc.start(ctx, LibcConfig.DEFAULT.withVersion(version));
          StepStates.libcStarted(libc);
          round(ctx, machine, libc, 1, rounds, failLast);
        });
    machine.run();
    return List.copyOf(machine.log().events());
  }

  private static void round(
      UserContext ctx, Machine machine, Libc libc, int n, int rounds, boolean failLast) {
    if (n > rounds) {
      libc.exit(ctx, 0);
      return;
    }
    if (failLast && n == rounds) {
      machine.injectFault(FailPoint.TASK, 0);
    }
    long self = libc.mainThread();
    PthreadCreateResult created =
        libc.pthreadCreate(ctx, self, null, (c, me, arg, done) -> done.ret(c, 0), 0);
    int rc = created.error();
    if (rc != 0) {
      libc.exit(ctx, 1);
      return;
    }
    libc.pthreadJoin(
        ctx,
        self,
        created.thread(),
        (c, error, value) -> round(c, machine, libc, n + 1, rounds, failLast));
  }
}
