package io.github.clonepath.benchmarks;

import io.github.clonepath.glibc.pthread.Libc;
import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadCreateResult;
import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.GoProgram;
import io.github.clonepath.goruntime.GoResult;
import io.github.clonepath.goruntime.GoRuntime;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The model as an engine: the cost of one thread's life, the same work the real loops of {@code
 * vs-real.sh} time, with modeled-call recording off and the event log counting only (nothing is
 * formatted for output or kept). One invocation runs a fresh machine through {@link #OPS} lives;
 * JMH divides by it, so a score is the time of one create+join, one clone+exit+reap, one go+exit.
 * Booting the machine is not measured; starting the process (execve, libc or runtime start-up) is,
 * spread over the {@link #OPS} operations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx256m"})
public class EngineBenchmark {
  /** Operations per invocation. */
  static final int OPS = 10_000;

  /** {@code CLONE_VM | SIGCHLD}: a child sharing memory that its parent reaps with wait4. */
  static final long VM_CHILD_FLAGS = 0x100L | 17;

  private Machine machine;
  private int done;

  /** A fresh machine per invocation, counting its events only. */
  @Setup(Level.Invocation)
  public void boot() {
    machine = Machine.boot(MachineConfig.DEFAULT);
    machine.log().countOnly();
    done = 0;
  }

  /**
   * {@code pthread_create} then {@code pthread_join} of a thread that returns at once, {@link #OPS}
   * times in a row with default attributes: every create after the first takes its stack from the
   * cache.
   *
   * @return the joined threads
   */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public int glibcCreateJoin() {
    done = createJoinLoop(machine, OPS, ctx -> {});
    return checked(OPS);
  }

  /**
   * Spawns a process whose main thread creates and joins {@code n} threads one after another, and
   * runs the machine until it has exited.
   *
   * @param machine a booted machine
   * @param n rounds
   * @param beforeExit runs in the main thread after the last join, before {@code exit(0)}
   * @return the threads joined
   */
  static int createJoinLoop(Machine machine, int n, Consumer<UserContext> beforeExit) {
    int[] joined = new int[1];
    machine.spawn(
        "createjoin",
        (ctx, r) -> {
          Libc libc = Libc.start(ctx, LibcConfig.DEFAULT);
          createJoin(ctx, libc, libc.mainThread(), 0, n, joined, beforeExit);
        });
    machine.run();
    return joined[0];
  }

  private static void createJoin(
      UserContext ctx,
      Libc libc,
      long self,
      int i,
      int n,
      int[] joined,
      Consumer<UserContext> beforeExit) {
    // Each join's continuation starts the next round, as the loop's next iteration would.
    if (i == n) {
      beforeExit.accept(ctx);
      libc.exit(ctx, 0);
      return;
    }
    PthreadCreateResult created =
        libc.pthreadCreate(ctx, self, null, (c, s, a, ret) -> ret.ret(c, 0), 0);
    int rc = created.error();
    if (rc != 0) {
      throw new IllegalStateException("pthread_create returned " + rc);
    }
    libc.pthreadJoin(
        ctx,
        self,
        created.thread(),
        (c, err, rv) -> {
          joined[0]++;
          createJoin(c, libc, self, i + 1, n, joined, beforeExit);
        });
  }

  /**
   * {@code clone(CLONE_VM|SIGCHLD)} of a child that calls {@code exit(0)}, then the parent's {@code
   * wait4} for it, {@link #OPS} times.
   *
   * @return the reaped children
   */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public int kernelCloneExitReap() {
    machine.spawn("clonereap", (ctx, r) -> cloneReap(ctx, 0));
    machine.run();
    return checked(OPS);
  }

  private void cloneReap(UserContext ctx, int i) {
    if (i == OPS) {
      ctx.exitGroup(0);
      return;
    }
    ParkedProcess.check("clone", ctx.clone(VM_CHILD_FLAGS, 0, 0, 0, 0, (c, r) -> c.exit(0)));
    ctx.wait4(
        -1,
        0,
        0,
        0,
        (c, pid) -> {
          ParkedProcess.check("wait4", pid);
          done++;
          cloneReap(c, i + 1);
        });
  }

  /**
   * A Go main that starts {@link #OPS} goroutines with empty bodies (each runs and exits: goexit0
   * puts its G on the free list, the next newproc takes it back) and sleeps 1 ms (virtual) while
   * they finish, GOMAXPROCS=2.
   *
   * @return the goroutines made
   */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public int goSpawnExit() {
    GoRuntime rt =
        GoRuntime.spawn(
            machine, "spawnexit", GoOptions.DEFAULT.withGomaxprocs(2), spawnExitProgram(OPS));
    machine.run();
    GoResult r = rt.result();
    if (r.exitStatus() != 0 || r.goroutines() < OPS) {
      throw new IllegalStateException(
          "exit " + r.exitStatus() + " (" + r.fatal() + "), " + r.goroutines() + " goroutines");
    }
    return r.goroutines();
  }

  static GoProgram spawnExitProgram(int n) {
    return GoProgram.empty().go("main.f", GoProgram.empty(), n).sleep(1_000_000L);
  }

  private int checked(int expected) {
    if (done != expected) {
      throw new IllegalStateException("finished " + done + " of " + expected);
    }
    return done;
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
