package io.github.clonepath.kernel.syscall;

import io.github.clonepath.common.EventLog;

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
    return MachineFactoryHolder.factory().boot(config);
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
   * Like {@link #spawn(String, Continuation)}, for an executable whose segments execve maps before
   * the first instruction (a statically linked program's text, rodata and data+bss). The mappings
   * are made by the kernel, as {@code load_elf_binary} makes them, and appear in no trace.
   *
   * @param comm the process name
   * @param image the executable's load segments
   * @param main the main thread's code
   * @return the new process's pid
   * @throws IllegalArgumentException if a segment overlaps the main stack
   */
  int spawn(String comm, Image image, Continuation main);

  /**
   * Dispatches tasks until none can run: every task has exited, or the rest are blocked with no
   * timer that could wake them.
   */
  void run();

  /**
   * Sets how far {@link #run()} may go before it stops with a {@link BudgetExceeded}; a machine
   * starts with {@link Budget#DEFAULT}.
   *
   * @param budget the step and virtual-time budget
   */
  void setBudget(Budget budget);

  /**
   * The budget {@link #run()} goes by, for an interpreter on the machine that counts its own steps
   * against the same limit (a program of steps that never block makes no dispatches).
   *
   * @return the budget
   */
  Budget budget();

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
   * The VMAs of a live task's address space, lowest first, as values: the state {@link #maps}
   * prints.
   *
   * @param pid a live task with an address space
   * @return the VMAs
   * @throws IllegalArgumentException if there is no such task
   */
  java.util.List<VmaInfo> vmas(int pid);

  /**
   * The task table as it is now: every task with its ids, state and the identity and reference
   * counts of its five structures. Read-only records, for tests and the command line.
   *
   * @return a snapshot
   */
  Snapshot inspect();

  /**
   * Keeps one structure a task holds now in view, so its counters can still be read once every task
   * has let go of it: a report of what an exit released reads the model's own counters then,
   * instead of assuming they reached 0. The watch keeps that one structure reachable, nothing else.
   *
   * @param tid a task that holds the structure now
   * @param kind which of the task's five
   * @return the structure as it is on each call (id 0 and no counters if the task held none)
   * @throws IllegalArgumentException if no task has that id
   */
  java.util.function.Supplier<StructInfo> watch(int tid, StructInfo.Kind kind);

  /**
   * Makes the next allocation at one point fail with ENOMEM, once (failslab-like fault injection).
   *
   * @param point which allocation
   * @param skip how many allocations at that point succeed first (0: the very next one fails)
   */
  void injectFault(FailPoint point, int skip);

  /** Cancels every injected fault that has not fired yet. */
  void clearFaults();

  /**
   * Reads and sets a kernel tunable, as writing {@code /proc/sys/...} would: {@code
   * kernel.pid_max}, {@code kernel.threads-max}, {@code fs.nr_open}.
   *
   * @param name the sysctl name
   * @param value the new value, or -1 to only read
   * @return the previous value
   * @throws IllegalArgumentException for an unknown name or a value the kernel would refuse
   */
  long sysctl(String name, long value);

  /**
   * The configuration the machine booted with.
   *
   * @return the configuration
   */
  MachineConfig config();

  /**
   * The system calls of the log in strace {@code -f -o} format, one line per call: the tid
   * left-aligned in five columns, a space, the call text.
   *
   * @return the lines joined by newlines, ending with one
   */
  String strace();
}
