package io.github.clonepath.kernel.syscall;

import io.github.clonepath.common.EventLog;
import io.github.clonepath.common.Tracer;
import java.util.ServiceLoader;

/**
 * One simulated computer: CPUs, limits, the task table, a virtual clock and one event log.
 *
 * <p>Machines share nothing: two of them in one JVM never interact. A task runs only when the
 * machine dispatches it; which runnable task runs next is FIFO by default and seeded-random when
 * {@link MachineConfig#seed()} is set, so the same inputs and seed give the same events.
 */
public interface Machine {

  /**
   * Boots a machine.
   *
   * @param config CPUs, memory, limits, scheduling and tracing
   * @return the new machine, with no user process yet
   */
  static Machine boot(MachineConfig config) {
    return ServiceLoader.load(MachineFactory.class, Machine.class.getClassLoader())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("kernel-model is not on the class path"))
        .boot(config);
  }

  /**
   * Starts a fresh single-threaded process, as a shell's fork and execve would leave it: its own
   * address space with a main-thread stack, fd 0-2 open, default signal actions, the machine's
   * default limits. Its parent is the modeled login shell, not init.
   *
   * @param comm the process name
   * @param main its main thread's entry point
   * @return the new process's pid
   */
  int spawn(String comm, Continuation main);

  /**
   * Dispatches tasks until none can run: every task has exited, or the rest are blocked with no
   * timer that could wake them.
   */
  void run();

  /**
   * The machine's event log: every system call, and every modeled call when call tracing is on.
   *
   * @return the log
   */
  EventLog log();

  /**
   * Virtual time.
   *
   * @return nanoseconds since boot
   */
  long now();

  /**
   * How a process ended.
   *
   * @param pid a process's pid
   * @return its wait status as {@code wait4} reports it ({@code code << 8} for a normal exit), or
   *     -1 if it has not exited
   */
  int waitStatus(int pid);

  /**
   * The {@code /proc/PID/maps} text of a task's address space.
   *
   * @param pid any task of the process
   * @return one line per VMA, lowest address first
   */
  String maps(int pid);

  /**
   * The tracer the machine keeps pointed at the running task and its clock, so that user-space
   * models (glibc, the Go runtime) record their modeled calls into the same log as the system
   * calls.
   *
   * @return the machine's tracer
   * @throws IllegalStateException if this machine implementation does not expose one
   */
  default Tracer tracer() {
    throw new IllegalStateException(
        "this Machine does not expose its Tracer; implement Machine.tracer() in the kernel model");
  }
}
