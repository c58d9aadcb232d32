package io.github.clonepath.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs every Go scale benchmark body once at a small size, so a broken benchmark fails the build.
 */
class GoScaleBenchmarkSmokeTest {

  private static GoScaleBenchmark.Goroutines goroutines(int n) {
    GoScaleBenchmark.Goroutines s = new GoScaleBenchmark.Goroutines();
    s.goroutines = n;
    s.boot();
    return s;
  }

  @Test
  @DisplayName("parking: each go statement adds one goroutine, and none is left runnable at exit")
  void parkGoroutinesCreatesOneGoroutinePerGoStatement() {
    GoScaleBenchmark b = new GoScaleBenchmark();
    int one = b.parkGoroutines(goroutines(1));
    int hundred = b.parkGoroutines(goroutines(100));
    // no goroutine exits before main returns, so none is reused from the free lists
    assertEquals(99, hundred - one);
  }

  @Test
  @DisplayName(
      "waking: the value goes through every parked goroutine before main's receive returns")
  void parkAndWakeGoroutinesRunsToTheEnd() {
    GoScaleBenchmark b = new GoScaleBenchmark();
    int one = b.parkAndWakeGoroutines(goroutines(1));
    assertEquals(99, b.parkAndWakeGoroutines(goroutines(100)) - one);
  }

  @Test
  @DisplayName(
      "blocking 16 goroutines in system calls at GOMAXPROCS=4 makes 19 threads, as measured")
  void blockThreadsInSyscallsMakesNPlusThreeThreads() {
    GoScaleBenchmark.Threads s = new GoScaleBenchmark.Threads();
    s.blockers = 16;
    s.boot();
    // the reference runs (findings §3): N=16 blocked in read(2) → 19 threads, always N+3
    assertEquals(19, new GoScaleBenchmark().blockThreadsInSyscalls(s));
  }
}
