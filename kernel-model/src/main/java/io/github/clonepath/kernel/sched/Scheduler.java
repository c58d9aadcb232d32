package io.github.clonepath.kernel.sched;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Budget;
import io.github.clonepath.kernel.syscall.BudgetExceeded;
import io.github.clonepath.kernel.syscall.Chooser;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.Resumption;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.WaitReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Run queue, sleeps, timers and dispatch for one machine.
 *
 * <p>Time moves only when no task is runnable: the clock jumps to the earliest timer. So the order
 * of events depends only on the inputs and the seed. DEVIATION: system calls take no virtual time;
 * only {@code compute}, sleeps and timeouts do.
 */
public final class Scheduler {
  private final Kernel kernel;
  private final ArrayDeque<Task> fifo = new ArrayDeque<>();
  private final List<Task> pool = new ArrayList<>();
  private final SplittableRandom random;
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>(Comparator.comparingLong(Timer::when).thenComparingLong(t -> t.seq));
  private final long[] cpuFree;
  private long seq;
  private Task current;
  private Chooser chooser;
  private Budget budget = Budget.DEFAULT;
  private long steps;
  private Task lastRun;

  /**
   * A scheduler.
   *
   * @param kernel the machine's kernel
   * @param cpus number of CPUs
   * @param random the dispatch order's random source, or null for FIFO
   */
  public Scheduler(Kernel kernel, int cpus, @Nullable SplittableRandom random) {
    this.kernel = kernel;
    this.cpuFree = new long[cpus];
    this.random = random;
  }

  /**
   * Lets a chooser decide every scheduling point of FIFO dispatch (see {@link Chooser}); ignored
   * with seeded-random dispatch.
   *
   * @param c the chooser, or null for the head of the queue and no preemption
   */
  public void setChooser(@Nullable Chooser c) {
    chooser = random == null ? c : null;
  }

  /**
   * A scheduling point at the entry of a system call (and at the return of a direct futex wake that
   * woke a task, {@code TaskContext}'s wake-up preemption): when the chooser says so and another
   * task is runnable, the caller goes to the back of the run queue and the others run, in this
   * task's still live Java frames, as {@link #waitInside} runs them, until it is picked again; then
   * its call goes on. When nothing else is runnable but a timer is pending, switching out means the
   * caller stalls until that timer has fired and what it woke has run. Without a chooser, with
   * nothing else to run, or inside a wait of its own, nothing happens.
   *
   * @param t the current task, at the entry of a call
   * @return whether it was switched out
   */
  @Source(file = "kernel/sched/core.c", function = "preempt_schedule_irq", version = "Linux 6.2")
  public boolean preemptPoint(Task t) {
    if (chooser == null || t.awaiting || t != current) {
      return false;
    }
    Timer first = fifo.isEmpty() ? nextTimer() : null;
    if (fifo.isEmpty() && first == null) {
      return false;
    }
    if (chooser.choose(Chooser.Point.PREEMPT, t.pid, tids()) == 0) {
      return false;
    }
    boolean[] done = new boolean[1];
    t.next = r -> done[0] = true;
    t.wakeResult = 0;
    if (first == null) {
      fifo.addLast(t);
    } else {
      // nothing else is runnable: the caller stalls until the next timer has fired, as if the
      // other CPU's task had run on meanwhile
      addTimer(first.when, () -> enqueue(t));
    }
    waitInside(t, () -> done[0]);
    return true;
  }

  private Timer nextTimer() {
    while (!timers.isEmpty() && timers.peek().cancelled) {
      timers.poll();
    }
    return timers.peek();
  }

  /**
   * A user-space race the running task's program leaves to the chooser ({@link
   * Chooser.Point#USER}); nothing is switched.
   *
   * @param t the current task
   * @return whether the chooser picked the other outcome (never without a chooser)
   */
  public boolean userPoint(Task t) {
    return chooser != null && chooser.choose(Chooser.Point.USER, t.pid, tids()) == 1;
  }

  private int[] tids() {
    int[] r = new int[fifo.size()];
    int i = 0;
    for (Task u : fifo) {
      r[i++] = u.pid;
    }
    return r;
  }

  /**
   * Sets how far the run may go (see {@link Budget}); every run has {@link Budget#DEFAULT} until
   * this is called. The steps already made count against the new budget.
   *
   * @param b the budget
   */
  public void setBudget(Budget b) {
    budget = b;
  }

  /**
   * The budget the run goes by.
   *
   * @return the budget
   */
  public Budget budget() {
    return budget;
  }

  /**
   * The task being run.
   *
   * @return the current task, or null between dispatches
   */
  public @Nullable Task current() {
    return current;
  }

  /**
   * Makes the dispatcher attribute events to a task (used while the kernel itself acts for a task
   * outside a dispatch, such as spawn).
   *
   * @param t the task
   */
  public void setCurrent(Task t) {
    current = t;
    kernel.current = t;
    kernel.tracer.setContext(t == null ? 0 : t.pid, kernel.now);
  }

  /**
   * {@code wake_up_new_task}: a new task becomes runnable for the first time.
   *
   * @param t the new task, its resumption already set
   */
  @Source(
      file = "kernel/sched/core.c",
      line = 4778,
      function = "wake_up_new_task",
      version = "Linux 6.2")
  public void wakeUpNewTask(Task t) {
    try (var f = kernel.tracer.enter()) {
      t.state = TaskState.RUNNING;
      enqueue(t);
      if (f.recording()) {
        f.note("%s[%d] runnable", t.comm, t.pid);
      }
    }
  }

  /**
   * Puts the current task to sleep; its user code must return right after.
   *
   * @param t the task
   * @param state INTERRUPTIBLE or KILLABLE
   * @param reason what it waits for
   * @param label the reason as the state view prints it
   * @param next what it does when woken (called with the wake result)
   * @param cancel what undoes the wait when something else wakes it (may be null)
   */
  public void sleep(
      Task t,
      TaskState state,
      WaitReason reason,
      String label,
      Resumption next,
      @Nullable Runnable cancel) {
    t.state = state;
    t.waitReason = reason;
    t.waitLabel = label;
    t.next = next;
    t.cancelWait = cancel;
  }

  /**
   * {@code try_to_wake_up}: a sleeping task becomes runnable with a result for its call.
   *
   * @param t the task
   * @param result what the blocked call returns
   * @return whether it was sleeping
   */
  public boolean wakeUp(Task t, long result) {
    if (t.state != TaskState.INTERRUPTIBLE && t.state != TaskState.KILLABLE) {
      return false;
    }
    Runnable cancel = t.cancelWait;
    t.cancelWait = null;
    if (cancel != null) {
      cancel.run();
    }
    t.wakeResult = result;
    t.state = TaskState.RUNNING;
    t.waitReason = WaitReason.NONE;
    t.waitLabel = "";
    enqueue(t);
    return true;
  }

  /**
   * {@code sched_yield}: the task goes to the back of the queue.
   *
   * @param t the current task
   * @param next what it does when dispatched again
   */
  public void yield(Task t, Resumption next) {
    t.next = next;
    t.wakeResult = 0;
    enqueue(t);
  }

  /**
   * Arms a timer.
   *
   * @param when absolute virtual time
   * @param fire what happens then
   * @return the timer, for cancelling
   */
  public Timer addTimer(long when, Runnable fire) {
    Timer t = new Timer(Math.max(when, kernel.now), seq++, fire);
    timers.add(t);
    return t;
  }

  /**
   * Cancels a timer that has not fired.
   *
   * @param t the timer
   */
  public void cancel(Timer t) {
    t.cancelled = true;
  }

  /**
   * Reserves CPU time: the earliest free CPU runs {@code nanos} of work from now or from when it
   * becomes free, whichever is later.
   *
   * @param nanos the work
   * @return when it completes
   */
  public long reserveCpu(long nanos) {
    int best = 0;
    for (int i = 1; i < cpuFree.length; i++) {
      if (cpuFree[i] < cpuFree[best]) {
        best = i;
      }
    }
    long start = Math.max(kernel.now, cpuFree[best]);
    cpuFree[best] = start + nanos;
    return start + nanos;
  }

  /** Dispatches until no task can run and no timer is pending. */
  public void run() {
    while (true) {
      Task t = pick();
      if (t == null) {
        if (!fireNextTimer()) {
          return;
        }
        continue;
      }
      dispatch(t);
    }
  }

  /**
   * Waits for the current task inside its own user code (see {@code UserContext.await}): the task
   * has just blocked, and other tasks are dispatched and timers fired, exactly as {@link #run()}
   * would, until the task itself is picked; then its resumption runs here, in its still-live Java
   * frames, and control returns to its code. A task that another task's group exit kills meanwhile
   * unwinds from here ({@link ExitUnwind}).
   *
   * <p>DEVIATION: another task already waiting this way, further down the Java stack, cannot be
   * resumed here; when picked it is set aside and queued again, first, once this wait ends.
   *
   * @param t the current task, blocked in a call whose continuation sets {@code done}
   * @param done whether the wait has ended
   */
  public void waitInside(Task t, BooleanSupplier done) {
    if (t != current) {
      throw new IllegalStateException(t + " can only wait inside its own code while it runs");
    }
    t.awaiting = true;
    List<Task> setAside = new ArrayList<>();
    try {
      while (!done.getAsBoolean()) {
        Task u = t.resumeNow ? t : pick();
        if (u == null) {
          if (!fireNextTimer()) {
            throw new IllegalStateException(
                t + " waits inside its code for " + t.waitLabel + " but nothing can wake it");
          }
        } else if (u == t) {
          setCurrent(t);
          runResumption(t);
        } else if (u.awaiting) {
          setAside.add(u);
        } else {
          dispatch(u);
        }
      }
    } finally {
      t.awaiting = false;
      for (int i = setAside.size() - 1; i >= 0; i--) {
        enqueueFirst(setAside.get(i));
      }
      setCurrent(t);
    }
  }

  private void runResumption(Task t) {
    if (++steps > budget.maxSteps()) {
      throw new BudgetExceeded(BudgetExceeded.Kind.STEPS, budget.maxSteps(), t.toString());
    }
    lastRun = t;
    t.resumeNow = false;
    Resumption r = t.next;
    t.next = null;
    long result = t.wakeResult;
    t.wakeResult = 0;
    r.run(result);
  }

  private void dispatch(Task t) {
    setCurrent(t);
    try {
      do {
        runResumption(t);
      } while (t.resumeNow);
    } catch (ExitUnwind e) {
      t.resumeNow = false;
    } finally {
      setCurrent(null);
    }
    if (t.state == TaskState.RUNNING && t.next == null && !t.exiting) {
      throw new IllegalStateException(
          t
              + " returned from its user code without blocking or exiting: end a task's code with"
              + " exit, exit_group or a blocking call and return right after it");
    }
  }

  private Task pick() {
    if (random == null) {
      if (chooser != null && fifo.size() > 1) {
        int i = chooser.choose(Chooser.Point.PICK, current == null ? 0 : current.pid, tids());
        if (i > 0 && i < fifo.size()) {
          var it = fifo.iterator();
          for (int k = 0; k < i; k++) {
            it.next();
          }
          Task t = it.next();
          it.remove();
          return t;
        }
      }
      return fifo.pollFirst();
    }
    if (pool.isEmpty()) {
      return null;
    }
    int i = random.nextInt(pool.size());
    Task t = pool.get(i);
    Task last = pool.remove(pool.size() - 1);
    if (i < pool.size()) {
      pool.set(i, last);
    }
    return t;
  }

  private void enqueue(Task t) {
    if (random == null) {
      fifo.addLast(t);
    } else {
      pool.add(t);
    }
  }

  private void enqueueFirst(Task t) {
    if (random == null) {
      fifo.addFirst(t);
    } else {
      pool.add(t);
    }
  }

  private boolean fireNextTimer() {
    while (!timers.isEmpty()) {
      Timer t = timers.poll();
      if (t.cancelled) {
        continue;
      }
      if (t.when > budget.maxNanos()) {
        throw new BudgetExceeded(
            BudgetExceeded.Kind.TIME,
            budget.maxNanos(),
            lastRun == null ? "nothing" : lastRun.toString());
      }
      kernel.now = Math.max(kernel.now, t.when);
      kernel.tracer.setContext(0, kernel.now);
      t.fire.run();
      return true;
    }
    return false;
  }

  /**
   * Whether any task is runnable or any timer pending.
   *
   * @return true if {@link #run()} would do something
   */
  public boolean busy() {
    return !fifo.isEmpty() || !pool.isEmpty() || timers.stream().anyMatch(x -> !x.cancelled);
  }
}
