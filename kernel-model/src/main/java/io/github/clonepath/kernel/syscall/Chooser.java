package io.github.clonepath.kernel.syscall;

/**
 * Who runs next, decided outside the machine: the hook a schedule explorer drives.
 *
 * <p>The machine asks only where a real kernel could have switched and something else is runnable:
 * when the running task blocks or exits and more than one task waits to run ({@link Point#PICK}),
 * at the entry of every system call the running task makes ({@link Point#PREEMPT}), which covers
 * {@code compute} and a spin on a flag too, since both go through a call, and at the return of a
 * direct futex wake that woke a task (also {@link Point#PREEMPT}: wake-up preemption, so the woken
 * task can run before the waker's next user-space step). Answer 0 is always what the machine does
 * without a chooser (the head of the FIFO run queue; no preemption), so a chooser that always
 * answers 0 gives today's bytes, and a schedule is the list of answers.
 */
public interface Chooser {
  /** Where the machine asks. */
  enum Point {
    /** Choose which runnable task is dispatched: 0 is the head of the run queue. */
    PICK,
    /**
     * At the entry of a system call, or at the return of a futex wake that woke a task: 0 runs on,
     * 1 puts the caller at the back of the queue.
     */
    PREEMPT,
    /**
     * A race the program's own user-space model leaves open, asked through {@link
     * UserContext#racePoint()}: 0 is its modeled default, 1 the other outcome (Go's sysmon finding
     * that a goroutine has run for 10 ms). Nothing is switched.
     */
    USER
  }

  /**
   * One decision.
   *
   * @param point where the machine asks
   * @param current the running task's tid, or 0 when none runs (a PICK after a task blocked)
   * @param runnable the tids waiting to run, the run queue's head first
   * @return for PICK an index into {@code runnable}; for PREEMPT and USER 0 or 1
   */
  int choose(Point point, int current, int[] runnable);

  /**
   * Called once the machine has booted, before any decision, so a chooser can note what the machine
   * has recorded at each point (the explorer's explanations count system calls).
   *
   * @param machine the machine that will ask
   */
  default void booted(Machine machine) {}
}
