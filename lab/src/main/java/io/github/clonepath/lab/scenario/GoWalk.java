package io.github.clonepath.lab.scenario;

import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.GoProgram;
import io.github.clonepath.goruntime.GoRuntime;
import io.github.clonepath.goruntime.GoSnapshot;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import java.util.List;
import java.util.function.Predicate;

/**
 * The Go program behind the Go walkthroughs: main.main starts one goroutine that computes for a
 * millisecond, then computes itself. The go statement's newproc puts the goroutine on main's P and
 * wakes a spinning M for the idle second P (GOMAXPROCS=2), which has to be created: startm → newm.
 * {@link #runLocked} is the template thread's variant.
 */
public final class GoWalk {
  /** How long the goroutine and main compute: long enough for the new M to start, in ns. */
  private static final long COMPUTE_NANOS = 1_000_000L;

  private GoWalk() {}

  /**
   * Runs the program on a fresh machine with call tracing on.
   *
   * @param options the runtime's options (version, cgo, libc threads)
   * @return every event of the run
   */
  public static List<TraceEvent> run(GoOptions options) {
    Machine machine = Machine.boot(MachineConfig.DEFAULT.withTraceCalls(true));
    GoProgram main =
        GoProgram.empty()
            .go("main.worker", GoProgram.empty().compute(COMPUTE_NANOS), 1)
            .compute(COMPUTE_NANOS);
    StepStates.machineBooted(machine, "newm");
    StepStates.goStarted(GoRuntime.spawn(machine, "newm", options, main));
    machine.run();
    return List.copyOf(machine.log().events());
  }

  /**
   * Runs the template thread's program with call tracing on: main.main, locked to the main thread
   * by an init function, starts a goroutine that blocks in a system call (its M goes with it), then
   * computes long enough for sysmon to retake that P, starts a second goroutine and sleeps. The
   * sleep parks main, so its locked M hands its P off and, with no idle M left, has to make one
   * through the template thread.
   *
   * @param options the runtime's options
   * @return every event of the run
   */
  public static List<TraceEvent> runLocked(GoOptions options) {
    Machine machine = Machine.boot(MachineConfig.DEFAULT.withTraceCalls(true));
    GoProgram main =
        GoProgram.empty()
            .initLockOSThread()
            .go("main.blocker", GoProgram.empty().syscall(100 * COMPUTE_NANOS), 1)
            .compute(30 * COMPUTE_NANOS)
            .go("main.worker", GoProgram.empty().compute(COMPUTE_NANOS), 1)
            .sleep(COMPUTE_NANOS);
    StepStates.machineBooted(machine, "newm");
    StepStates.goStarted(GoRuntime.spawn(machine, "newm", options, main));
    machine.run();
    return List.copyOf(machine.log().events());
  }

  /**
   * Runs a Go program on a fresh machine and keeps the runtime's state at the first moment (between
   * two steps of the process) it satisfies a condition.
   *
   * @param options the runtime's options
   * @param main main.main's body
   * @param when the condition
   * @return the first snapshot that satisfied it
   * @throws IllegalStateException if the state never satisfied it (a defect of the caller)
   */
  public static GoSnapshot firstSnapshot(
      GoOptions options, GoProgram main, Predicate<GoSnapshot> when) {
    Machine machine = Machine.boot(MachineConfig.DEFAULT);
    GoRuntime go = GoRuntime.spawn(machine, "snapshot", options, main);
    GoSnapshot[] seen = new GoSnapshot[1];
    go.afterEveryStep(
        () -> {
          if (seen[0] == null) {
            GoSnapshot now = go.snapshot();
            if (when.test(now)) {
              seen[0] = now;
            }
          }
        });
    machine.run();
    if (seen[0] == null) {
      throw new IllegalStateException("the runtime never reached the state to draw");
    }
    return seen[0];
  }
}
