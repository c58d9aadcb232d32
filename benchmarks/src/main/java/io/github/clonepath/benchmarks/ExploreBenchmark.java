package io.github.clonepath.benchmarks;

import io.github.clonepath.lab.explore.Explorer;
import io.github.clonepath.lab.scenario.Scenarios;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Schedules per second of {@code clonepath explore --strategy random}: one operation is one
 * explored schedule (a fresh machine running the scenario to its end under a random chooser, its
 * invariants checked at every pick, its outcome counted). The explorer is built once, as {@code
 * explore} builds it once per command; each operation takes the next seed.
 *
 * <p>{@link #randomSchedule} runs on one core; {@link #randomScheduleAllCores} runs one thread per
 * core, as {@code explore} spreads its runs over its workers (machines share nothing), so its score
 * is the whole machine's throughput (JMH adds the threads' scores). Each thread has its own
 * explorer and takes every n-th seed, so n threads together run seeds 1, 2, 3, ... as one command
 * would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx256m"})
public class ExploreBenchmark {
  /** The scenario explored. */
  @Param({"glibc/s1_seq", "go/a_hello"})
  public String scenario;

  private Explorer explorer;
  private long seed;
  private long stride;

  /** Loads the scenario and builds its explorer, for one thread. */
  public void load() {
    load(0, 1);
  }

  /**
   * Loads the scenario and builds this thread's explorer.
   *
   * @param params which thread this is, of how many
   */
  @Setup
  public void load(ThreadParams params) {
    load(params.getThreadIndex(), params.getThreadCount());
  }

  /**
   * Loads the scenario and builds the explorer of thread {@code index} of {@code threads}.
   *
   * @param index which thread, from 0
   * @param threads how many take seeds in turn
   */
  void load(int index, int threads) {
    explorer = new Explorer(Scenarios.load(scenario, Map.of()));
    seed = 1 + index;
    stride = threads;
  }

  /**
   * One random schedule.
   *
   * @return the run's outcome (so the run is not optimized away)
   */
  @Benchmark
  public Explorer.Outcome randomSchedule() {
    return next();
  }

  /**
   * One random schedule on each of one thread per core.
   *
   * @return the run's outcome (so the run is not optimized away)
   */
  @Benchmark
  @Threads(Threads.MAX)
  public Explorer.Outcome randomScheduleAllCores() {
    return next();
  }

  private Explorer.Outcome next() {
    Explorer.Outcome o = explorer.random(seed).outcome();
    seed += stride;
    return o;
  }
}
