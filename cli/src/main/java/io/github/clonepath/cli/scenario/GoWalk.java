package io.github.clonepath.cli.scenario;

import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.GoProgram;
import io.github.clonepath.goruntime.GoRuntime;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import java.util.List;

/**
 * The Go program behind the Go walkthroughs: main.main starts one goroutine that computes for a
 * millisecond, then computes itself. The go statement's newproc puts the goroutine on main's P and
 * wakes a spinning M for the idle second P (GOMAXPROCS=2), which has to be created: startm → newm.
 * With {@code locked}, main is locked to the main thread by an init function, so that newm hands
 * the new M to the template thread.
 */
public final class GoWalk {
  /** How long the goroutine and main compute: long enough for the new M to start, in ns. */
  private static final long COMPUTE_NANOS = 1_000_000L;

  private GoWalk() {}

  /**
   * Runs the program on a fresh machine with call tracing on.
   *
   * @param options the runtime's options (version, cgo, libc threads)
   * @param locked whether main.main runs locked to its thread
   * @return every event of the run
   */
  public static List<TraceEvent> run(GoOptions options, boolean locked) {
    Machine machine = Machine.boot(MachineConfig.DEFAULT.withTraceCalls(true));
    GoProgram main =
        GoProgram.empty()
            .go("main.worker", GoProgram.empty().compute(COMPUTE_NANOS), 1)
            .compute(COMPUTE_NANOS);
    if (locked) {
      main = main.initLockOSThread();
    }
    GoRuntime.spawn(machine, "newm", options, main);
    machine.run();
    return List.copyOf(machine.log().events());
  }
}
