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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Schedules per second of {@code clonepath explore --strategy random}: one operation is one
 * explored schedule (a fresh machine running the scenario to its end under a random chooser, its
 * invariants checked at every pick, its outcome counted), on one core. The explorer is built once,
 * as {@code explore} builds it once per command; each operation takes the next seed.
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

  /** Loads the scenario and builds its explorer. */
  @Setup
  public void load() {
    explorer = new Explorer(Scenarios.load(scenario, Map.of()));
    seed = 1;
  }

  /**
   * One random schedule.
   *
   * @return the run's outcome (so the run is not optimized away)
   */
  @Benchmark
  public Explorer.Outcome randomSchedule() {
    return explorer.random(seed++).outcome();
  }
}
