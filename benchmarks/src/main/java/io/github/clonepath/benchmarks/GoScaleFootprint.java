package io.github.clonepath.benchmarks;

import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.GoProgram;
import io.github.clonepath.goruntime.GoResult;
import io.github.clonepath.goruntime.GoRuntime;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;

/**
 * How much heap one of {@link GoScaleBenchmark}'s programs keeps live, without a profiler: it runs
 * the program once, collects garbage while the machine and the runtime (every G and M, the event
 * log) are still reachable, and prints the used heap. Run it with the heap the design allows:
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/clonepath-benchmarks.jar \
 *     io.github.clonepath.benchmarks.GoScaleFootprint park 1000000
 * </pre>
 *
 * <p>The first argument is {@code park}, {@code wake} or {@code blockers} (the benchmarks'
 * programs), the second the number of goroutines.
 */
public final class GoScaleFootprint {
  private GoScaleFootprint() {}

  /**
   * Runs one program and prints what it kept.
   *
   * @param args the program ({@code park}, {@code wake}, {@code blockers}) and its size
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: GoScaleFootprint park|wake|blockers <goroutines>");
    }
    int n = Integer.parseInt(args[1]);
    GoOptions opts = GoOptions.DEFAULT;
    GoProgram main;
    switch (args[0]) {
      case "park" -> main = GoScaleBenchmark.parkProgram(n);
      case "wake" -> main = GoScaleBenchmark.wakeRingProgram(n);
      case "blockers" -> {
        main = GoScaleBenchmark.blockersProgram(n);
        opts = GoScaleBenchmark.BLOCKERS_OPTIONS;
      }
      default -> throw new IllegalArgumentException("unknown program " + args[0]);
    }
    Machine machine = Machine.boot(MachineConfig.DEFAULT);
    GoRuntime rt = GoScaleBenchmark.run(machine, opts, main);
    Runtime jvm = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long used = jvm.totalMemory() - jvm.freeMemory();
    GoResult r = rt.result();
    System.out.printf(
        "%s %d: exit %d, %d goroutines, %d threads, %d events; heap in use after GC %d MiB"
            + " (max %d MiB)%n",
        args[0],
        n,
        r.exitStatus(),
        r.goroutines(),
        r.threads().size(),
        machine.log().events().size(),
        used >> 20,
        jvm.maxMemory() >> 20);
  }
}
