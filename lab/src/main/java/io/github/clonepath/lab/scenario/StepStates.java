package io.github.clonepath.lab.scenario;

import com.google.common.collect.ImmutableList;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.glibc.pthread.Libc;
import io.github.clonepath.glibc.pthread.StackCacheInfo;
import io.github.clonepath.goruntime.GoRuntime;
import io.github.clonepath.goruntime.GoSnapshot;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.TaskInfo;
import io.github.clonepath.kernel.syscall.VmaInfo;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The model's state after each event of a walk's run, read from the model itself (the machine's
 * task table and address spaces, glibc's stack cache, the Go scheduler) the moment the event is
 * appended, for the step-through page.
 *
 * <p>The walk scenarios build their own machine; {@link #record} runs one with a recorder active on
 * the current Java thread, and the scenarios hand the recorder their machine ({@link
 * #machineBooted}), their C library ({@link #libcStarted}) or their Go runtime ({@link
 * #goStarted}). Without an active recorder these calls do nothing, so a walk printed as text pays
 * nothing.
 */
public final class StepStates {
  private static final ThreadLocal<StepStates> ACTIVE = new ThreadLocal<>();

  /**
   * The state after one event.
   *
   * @param tasks the walked program's tasks (by the process name the scenario gave), with the five
   *     structures each points at and their counts
   * @param pid the process of the event's task, 0 for the kernel's own contexts
   * @param vmas that process's VMAs, lowest first (empty when it has no address space)
   * @param stackCache glibc's stack cache, or null when the run has no C library yet
   * @param go the Go scheduler's Ms, Ps and run queues, or null when the run is not a Go program
   */
  public record State(
      ImmutableList<TaskInfo> tasks,
      int pid,
      ImmutableList<VmaInfo> vmas,
      StackCacheInfo stackCache,
      GoSnapshot go) {}

  private final Map<TraceEvent, State> states = new IdentityHashMap<>();
  private Supplier<StackCacheInfo> libc = () -> null;
  private Supplier<GoSnapshot> go = () -> null;

  private StepStates() {}

  /**
   * Runs a walk with a recorder active.
   *
   * @param run the walk, returning its events
   * @param <T> what the walk returns
   * @return the walk's result and the state after every event its machine appended
   */
  public static <T> Recorded<T> record(Supplier<T> run) {
    StepStates s = new StepStates();
    StepStates outer = ACTIVE.get();
    ACTIVE.set(s);
    try {
      return new Recorded<>(run.get(), s.states);
    } finally {
      ACTIVE.set(outer);
    }
  }

  /**
   * A walk's result with its states.
   *
   * @param result what the walk returned
   * @param states the state after each event, by identity of the event
   * @param <T> the result's type
   */
  public record Recorded<T>(T result, Map<TraceEvent, State> states) {}

  /**
   * Called by a scenario right after it boots its machine.
   *
   * @param machine the machine
   * @param comm the walked program's process name
   */
  static void machineBooted(Machine machine, String comm) {
    StepStates s = ACTIVE.get();
    if (s != null) {
      machine.log().observe(e -> s.states.put(e, s.capture(machine, comm, e.tid())));
    }
  }

  /**
   * Called by a walk that re-makes an event (at another depth, for a window of the run): the copy
   * shows the state of the original.
   *
   * @param copy the new event
   * @param original the event the machine appended
   * @return the copy
   */
  public static TraceEvent derived(TraceEvent copy, TraceEvent original) {
    StepStates s = ACTIVE.get();
    if (s != null && s.states.containsKey(original)) {
      s.states.put(copy, s.states.get(original));
    }
    return copy;
  }

  /**
   * Called by a scenario once its process has started its C library.
   *
   * @param libc the library
   */
  static void libcStarted(Libc libc) {
    StepStates s = ACTIVE.get();
    if (s != null) {
      s.libc = libc::stackCache;
    }
  }

  /**
   * Called by a scenario once it has started its Go program.
   *
   * @param runtime the runtime
   */
  static void goStarted(GoRuntime runtime) {
    StepStates s = ACTIVE.get();
    if (s != null) {
      s.go = runtime::snapshot;
    }
  }

  private State capture(Machine machine, String comm, int tid) {
    List<TaskInfo> all = machine.inspect().tasks();
    ImmutableList<TaskInfo> tasks =
        all.stream().filter(t -> t.comm().equals(comm)).collect(ImmutableList.toImmutableList());
    int pid = 0;
    ImmutableList<VmaInfo> vmas = ImmutableList.of();
    for (TaskInfo t : all) {
      if (t.tid() == tid && t.comm().equals(comm)) {
        pid = t.tgid();
        try {
          vmas = ImmutableList.copyOf(machine.vmas(tid));
        } catch (IllegalArgumentException e) {
          // an exiting task whose mm is already gone: no address space to draw
        }
      }
    }
    return new State(tasks, pid, vmas, libc.get(), go.get());
  }
}
