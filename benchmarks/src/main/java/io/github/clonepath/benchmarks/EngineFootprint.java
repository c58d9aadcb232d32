package io.github.clonepath.benchmarks;

import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Snapshot;

/**
 * What a process keeps after many sequential {@code pthread_create}+{@code pthread_join}: run with
 * a small heap ({@code -Xmx256m}) and a count N, it creates and joins N threads with the event log
 * counting only, and just before the process exits prints what is still there:
 *
 * <pre>tasks T pids P vmas V heap-mib H</pre>
 *
 * <p>T and P are the machine's live tasks and pid entries, V the process's mappings (the one cached
 * thread stack among them, as glibc keeps it), H the Java heap in use after a collection. A joined
 * thread's task, pid entry and TCB bookkeeping are released as the real system releases them, so
 * none of these grows with N.
 */
public final class EngineFootprint {
  private EngineFootprint() {}

  /**
   * Runs the loop and prints the line.
   *
   * @param args the number of threads, default 100000
   */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Machine machine = Machine.boot(MachineConfig.DEFAULT);
    machine.log().countOnly();
    String[] line = new String[1];
    int joined =
        EngineBenchmark.createJoinLoop(
            machine,
            n,
            ctx -> {
              Snapshot s = machine.inspect();
              int vmas = (int) machine.maps((int) ctx.getpid()).lines().count();
              Runtime jvm = Runtime.getRuntime();
              System.gc();
              long used = jvm.totalMemory() - jvm.freeMemory();
              line[0] =
                  "tasks "
                      + s.tasks().size()
                      + " pids "
                      + s.pidsInUse()
                      + " vmas "
                      + vmas
                      + " heap-mib "
                      + (used >> 20);
            });
    if (joined != n) {
      throw new IllegalStateException("joined " + joined + " of " + n);
    }
    System.out.println(line[0]);
  }
}
