package io.github.clonepath.benchmarks;

import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Creating and reaping threads: a process clones {@link #threads} tasks with the flags glibc's
 * pthread_create passes (without the TLS and tid words, which need memory this measurement leaves
 * out), each exits at once, and the machine dispatches them all until the process is reaped. One
 * invocation is one such process; 10,000 threads is the design's target number of Ms.
 *
 * <p>All threads exist at once: the main thread clones them all before any is dispatched (FIFO),
 * then exits, leaving a zombie leader until the last thread's exit lets the shell reap the group.
 * The stack argument is 0 (the child keeps the caller's stack pointer), so no mmap is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class ThreadCreateBenchmark {
  /** The flags of a thread, as glibc's create_thread passes them minus SETTLS and the tid words. */
  static final long THREAD_FLAGS =
      CloneFlags.CLONE_VM
          | CloneFlags.CLONE_FS
          | CloneFlags.CLONE_FILES
          | CloneFlags.CLONE_SIGHAND
          | CloneFlags.CLONE_THREAD
          | CloneFlags.CLONE_SYSVSEM;

  /** Threads created and reaped per invocation. */
  @Param({"1000", "10000"})
  public int threads;

  private Machine machine;
  private int created;

  /**
   * A fresh machine per invocation: the event log keeps two lines per thread, so a machine reused
   * across invocations would grow without bound. Booting is not measured.
   */
  @Setup(Level.Invocation)
  public void boot() {
    machine = Machine.boot(MachineConfig.DEFAULT);
    created = 0;
  }

  /**
   * Spawns the process, runs the machine until it is reaped.
   *
   * @return the process's wait status (0)
   */
  @Benchmark
  public int cloneThreadsAndReap() {
    int pid = machine.spawn("threads", (ctx, r) -> cloneAll(ctx));
    machine.run();
    int status = machine.waitStatus(pid);
    if (created != threads || status != 0) {
      throw new IllegalStateException(
          "created " + created + " of " + threads + " threads, wait status " + status);
    }
    return status;
  }

  private void cloneAll(UserContext ctx) {
    for (int i = 0; i < threads; i++) {
      ParkedProcess.check("clone", ctx.clone(THREAD_FLAGS, 0, 0, 0, 0, (c, r) -> c.exit(0)));
      created++;
    }
    ctx.exit(0);
  }

  /**
   * The machine of the current invocation, for the smoke test's checks.
   *
   * @return the machine
   */
  Machine machine() {
    return machine;
  }
}
