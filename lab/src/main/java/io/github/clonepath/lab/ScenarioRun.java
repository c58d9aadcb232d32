package io.github.clonepath.lab;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.goruntime.GoResult;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.lab.scenario.Deadlock;
import io.github.clonepath.lab.scenario.GoCensus;
import io.github.clonepath.lab.scenario.Scenario;
import io.github.clonepath.lab.walk.PerfettoTrace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One finished run of a scenario: the machine it ran on with its event log, and for a Go scenario
 * the program's end. Each view prints what the matching {@code clonepath run --format} prints, so a
 * test's expectation can be checked by hand on the command line.
 */
public final class ScenarioRun {
  private final Scenario scenario;
  private final Machine machine;
  private final Optional<GoResult> go;

  ScenarioRun(Scenario scenario, Machine machine, Optional<GoResult> go) {
    this.scenario = scenario;
    this.machine = machine;
    this.go = go;
  }

  /**
   * The scenario as it ran, the options' settings applied.
   *
   * @return the scenario
   */
  public Scenario scenario() {
    return scenario;
  }

  /**
   * The machine after the run, for questions the views below do not answer (its state, wait
   * statuses).
   *
   * @return the machine
   */
  public Machine machine() {
    return machine;
  }

  /**
   * Whether the scenario ran on the Go runtime model rather than on glibc's.
   *
   * @return true for {@code runtime go}
   */
  public boolean isGo() {
    return go.isPresent();
  }

  /**
   * The Go program's end: exit status, output, and each thread with the path that created it.
   *
   * @return the result, empty for a glibc scenario
   */
  public Optional<GoResult> go() {
    return go;
  }

  /**
   * Every event kept: system calls, and with {@link RunOptions#withTraceCalls} the modeled calls
   * and notes.
   *
   * @return the events in order; empty when the run streamed them to a sink
   */
  public List<TraceEvent> events() {
    return machine.log().events();
  }

  /**
   * The system calls kept, the events a real trace can be compared with.
   *
   * @return the calls in order; empty when the run streamed them to a sink
   */
  public List<SyscallEvent> syscalls() {
    return machine.log().syscalls();
  }

  /**
   * The trace as {@code strace -f} prints it, one {@code PID CALL = RESULT} line per call.
   *
   * @return the lines, each ending with a newline
   */
  public String strace() {
    return Strace.lines(syscalls());
  }

  /**
   * Every event on its own line, indented by call depth, threads interleaved as they ran ({@code
   * run --format calls}); only as rich as the options' {@link RunOptions#traceCalls()}.
   *
   * @return the lines, each ending with a newline
   */
  public String calls() {
    return CallLines.render(events());
  }

  /**
   * The run as Chrome trace-event JSON for ui.perfetto.dev ({@code run --format perfetto}): one
   * track per thread, a Go thread named by its M and the path that created it.
   *
   * @return the JSON text
   */
  public String perfetto() {
    PerfettoTrace.Names names;
    if (go.isPresent()) {
      Map<Integer, String> byTid = new HashMap<>();
      for (GoResult.Thread t : go.get().threads()) {
        if (t.tid() != 0) {
          byTid.put((int) t.tid(), "m" + t.mId() + " (" + GoCensus.label(t.creator()) + ")");
        }
      }
      names = new PerfettoTrace.Names(byTid::get, pid -> scenario.name());
    } else {
      names = new PerfettoTrace.Names(tid -> null, pid -> scenario.name());
    }
    return PerfettoTrace.format(events(), names);
  }

  /**
   * Which path created each Go thread ({@code run --format census}): the count varies between real
   * runs, the paths do not.
   *
   * @return the census text
   * @throws IllegalStateException for a glibc scenario, which has no Ms
   */
  public String census() {
    return GoCensus.render(
        go.orElseThrow(
            () -> new IllegalStateException(scenario.name() + " is not a Go scenario: no census")));
  }

  /**
   * The program's exit status, what {@code clonepath run} exits with.
   *
   * @return a Go program's own status (negative when every thread is blocked and it never exited);
   *     0 for a glibc scenario
   */
  public int exitStatus() {
    return go.map(GoResult::exitStatus).orElse(0);
  }

  /**
   * Why a glibc scenario's threads are stuck, when they are: a join that no exit will wake, a lock
   * held by a thread that is gone.
   *
   * @return the diagnosis, empty when no thread is stuck or for a Go scenario
   */
  public Optional<String> deadlock() {
    if (go.isPresent()) {
      return Optional.empty();
    }
    return Optional.ofNullable(Deadlock.diagnose(machine.inspect()));
  }
}
