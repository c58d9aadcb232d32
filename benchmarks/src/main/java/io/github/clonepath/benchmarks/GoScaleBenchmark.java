package io.github.clonepath.benchmarks;

import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.GoProgram;
import io.github.clonepath.goruntime.GoResult;
import io.github.clonepath.goruntime.GoRuntime;
import io.github.clonepath.goruntime.GoSnapshot;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
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
 * The Go runtime model at the design's target sizes: a million live goroutines and ten thousand Ms
 * in one JVM with a 1 GiB heap. Each invocation runs one whole Go program, from execve to
 * exit_group, on a freshly booted machine (booting is not measured), through the public doors only
 * ({@link GoRuntime#spawn}, {@link Machine#boot}).
 *
 * <p>Every fork runs with {@code -Xmx1g}: a benchmark that completes shows that size fits.
 *
 * <ul>
 *   <li>{@link #parkGoroutines}: main starts {@code goroutines} goroutines that each block in a
 *       channel receive, sleeps 1 ms (virtual time) while the scheduler runs them all into the
 *       channel's wait queue, then returns, which exits the process with all of them parked.
 *   <li>{@link #parkAndWakeGoroutines}: the same goroutines, then main sends one value and waits
 *       for it to come back: each goroutine receives it, sends it on and exits, so every one of
 *       them is woken (ready), run and freed (goexit0, gfput) in turn before main's own receive
 *       returns.
 *   <li>{@link #blockThreadsInSyscalls}: GOMAXPROCS=4 and {@code blockers} goroutines that each
 *       block in a one-second system call, while main sleeps for half a second: sysmon retakes the
 *       P of every M stuck in a call and starts a new M for it, so every blocked goroutine ends up
 *       holding a thread of its own (N+3 threads in the reference runs, findings §3).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
public class GoScaleBenchmark {
  /** How long main sleeps so that every goroutine it started runs until it parks. */
  static final long PARK_WAIT_NS = 1_000_000L;

  /** How long each blocker's system call takes. */
  static final long SYSCALL_NS = 1_000_000_000L;

  /** How long main sleeps while the blockers are in their calls. */
  static final long BLOCKED_WAIT_NS = 500_000_000L;

  /**
   * {@code debug.SetMaxThreads} for the blockers: above the default 10,000, because 9,997 blockers
   * make 10,001 threads, not N+3 (sysmon's last round of retakes starts four Ms at once). At the
   * default limit that program dies of {@code thread exhaustion} reserving the 10,001st M id, as
   * the reference findings (§6) show at a limit of 20.
   */
  static final int BLOCKERS_MAX_THREADS = 10_100;

  /** A machine per invocation and the number of goroutines to park. */
  @State(Scope.Thread)
  public static class Goroutines {
    /** Goroutines main starts. */
    @Param({"1000", "100000", "1000000"})
    public int goroutines;

    Machine machine;

    /** Boots a fresh machine, so each invocation starts from the same state. */
    @Setup(Level.Invocation)
    public void boot() {
      machine = Machine.boot(MachineConfig.DEFAULT);
    }
  }

  /** A machine per invocation and the number of goroutines to block in system calls. */
  @State(Scope.Thread)
  public static class Threads {
    /** Goroutines in blocking system calls, one M each. */
    @Param({"1000", "9997"})
    public int blockers;

    Machine machine;

    /** Boots a fresh machine, so each invocation starts from the same state. */
    @Setup(Level.Invocation)
    public void boot() {
      machine = Machine.boot(MachineConfig.DEFAULT);
    }
  }

  /**
   * main: {@code go waiter()} n times, each waiter receiving from channel 0; sleep; return.
   *
   * @param n goroutines
   * @return main.main's body
   */
  static GoProgram parkProgram(int n) {
    return GoProgram.empty()
        .go("main.waiter", GoProgram.empty().recv(0), n)
        .sleep(PARK_WAIT_NS)
        .print("parked\n");
  }

  /**
   * main: {@code go waiter()} n times, each waiter receiving from channel 0 then sending on it;
   * sleep; send; receive. Receivers wait in FIFO order, so main's receive, queued behind all of
   * them, returns only after the value went through every waiter.
   *
   * @param n goroutines
   * @return main.main's body
   */
  static GoProgram wakeRingProgram(int n) {
    return GoProgram.empty()
        .go("main.waiter", GoProgram.empty().recv(0).send(0), n)
        .sleep(PARK_WAIT_NS)
        .send(0)
        .recv(0)
        .print("woken\n");
  }

  /**
   * main: {@code go blocker()} n times, each blocking in a system call; sleep; print the threads.
   *
   * @param n goroutines
   * @return main.main's body
   */
  static GoProgram blockersProgram(int n) {
    return GoProgram.empty()
        .go("main.blocker", GoProgram.empty().syscall(SYSCALL_NS), n)
        .sleep(BLOCKED_WAIT_NS)
        .print("threads %threads\n");
  }

  /** GOMAXPROCS=4, as in findings §3, with room above 10,000 threads. */
  static final GoOptions BLOCKERS_OPTIONS =
      GoOptions.DEFAULT.withGomaxprocs(4).withMaxThreads(BLOCKERS_MAX_THREADS);

  /**
   * Starts {@code goroutines} goroutines that park on a channel, and exits.
   *
   * @param s the machine and size
   * @return goroutines the runtime ever created
   */
  @Benchmark
  public int parkGoroutines(Goroutines s) {
    GoRuntime rt = run(s.machine, GoOptions.DEFAULT, parkProgram(s.goroutines));
    return parkedOrThrow(rt, s.goroutines, "parked\n");
  }

  /**
   * Starts {@code goroutines} goroutines that park on a channel, wakes each in turn, and exits.
   *
   * @param s the machine and size
   * @return goroutines the runtime ever created
   */
  @Benchmark
  public int parkAndWakeGoroutines(Goroutines s) {
    GoRuntime rt = run(s.machine, GoOptions.DEFAULT, wakeRingProgram(s.goroutines));
    return parkedOrThrow(rt, s.goroutines, "woken\n");
  }

  /**
   * Blocks {@code blockers} goroutines in system calls, one M each, and exits.
   *
   * @param s the machine and size
   * @return the process's threads, m0 included
   */
  @Benchmark
  public int blockThreadsInSyscalls(Threads s) {
    GoRuntime rt = run(s.machine, BLOCKERS_OPTIONS, blockersProgram(s.blockers));
    GoResult r = rt.result();
    // every blocked goroutine holds an M, plus m0 and sysmon
    if (r.exitStatus() != 0 || r.threads().size() < s.blockers + 2) {
      throw new IllegalStateException(
          "exit "
              + r.exitStatus()
              + " ("
              + r.fatal()
              + ") with "
              + r.threads().size()
              + " threads");
    }
    return r.threads().size();
  }

  static GoRuntime run(Machine machine, GoOptions opts, GoProgram main) {
    GoRuntime rt = GoRuntime.spawn(machine, "goscale", opts, main);
    machine.run();
    return rt;
  }

  /** Checks the program exited normally with nothing left runnable. */
  private static int parkedOrThrow(GoRuntime rt, int n, String stdout) {
    GoResult r = rt.result();
    int runnable = runnable(rt.snapshot());
    if (r.exitStatus() != 0 || !r.stdout().equals(stdout) || r.goroutines() < n || runnable != 0) {
      throw new IllegalStateException(
          "exit "
              + r.exitStatus()
              + " ("
              + r.fatal()
              + "), stdout "
              + r.stdout()
              + ", "
              + r.goroutines()
              + " goroutines, "
              + runnable
              + " still runnable");
    }
    return r.goroutines();
  }

  /**
   * Goroutines on a run queue: the global one, each P's ring and runnext.
   *
   * @param s the scheduler's state
   * @return how many
   */
  static int runnable(GoSnapshot s) {
    int n = s.globalRunq().size();
    for (GoSnapshot.P p : s.ps()) {
      n += p.runq().size() + (p.runnext() >= 0 ? 1 : 0);
    }
    return n;
  }
}
