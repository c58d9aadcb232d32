package io.github.clonepath.kernel.task;

import io.github.clonepath.kernel.mm.MmStruct;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code struct task_struct}: one schedulable thread with its ids, parentage, exit signal,
 * credentials, per-task signal state, tid pointers, TLS base, robust list and rseq registration,
 * and pointers to the five shared structures.
 */
public final class Task {
  /** The global pid ({@code task->pid}). */
  public int pid;

  /** The thread-group id ({@code task->tgid}). */
  public int tgid;

  /** {@code thread_pid}: numbers in every pid namespace level. */
  public Pid threadPid;

  public Task groupLeader;
  public Task realParent;

  /** {@code children}: the tasks this one is real parent of (group leaders only). */
  public final List<Task> children = new ArrayList<>();

  /** The signal sent to the parent on exit; -1 for threads. */
  public int exitSignal;

  public int exitCode;
  public TaskState state = TaskState.RUNNING;

  /** Why the task sleeps (futex, wait4, vfork, nanosleep, compute, ...), for inspection. */
  public WaitReason waitReason = WaitReason.NONE;

  /** The text of {@link #waitReason} as the state view prints it ({@code futex 0x...}). */
  public String waitLabel = "";

  /** {@code PF_EXITING}: do_exit has begun. */
  public boolean exiting;

  public String comm;
  public Cred cred;

  /** Per-task blocked mask. */
  public long blocked;

  /** Per-task pending queue ({@code task->pending}). */
  public long pending;

  /**
   * Who sent each signal of {@link #pending} (index: signal - 1), made at the first one queued: a
   * task that is never sent a signal carries no array.
   */
  public SigInfo @Nullable [] pendingInfo;

  /** {@code sas_ss_sp}, {@code sas_ss_size}, {@code sas_ss_flags}. */
  public long sasSsSp;

  public long sasSsSize;
  public int sasSsFlags = 2;

  /** CHILD_SETTID pointer, consumed on the first run. */
  public long setChildTid;

  /** CHILD_CLEARTID pointer (set_tid_address changes it). */
  public long clearChildTid;

  /** The user stack pointer the task starts with (0: the creator's, for legacy clone). */
  public long sp;

  /** x86-64 FS base. */
  public long fsBase;

  public long robustList;
  public long robustListLen;
  public long rseq;
  public int rseqLen;
  public int rseqSig;

  /**
   * {@code policy}: the scheduling class the task asked for (SCHED_NORMAL 0, FIFO 1, RR 2, BATCH 3,
   * IDLE 5), set by sched_setscheduler and inherited by clone. DEVIATION: the model's run queue
   * dispatches every policy alike (FIFO by default); the value is recorded and checked, not obeyed.
   */
  public int policy;

  /** {@code rt_priority}: 1..99 for SCHED_FIFO and SCHED_RR, 0 for the others. */
  public int rtPriority;

  /**
   * {@code sched_reset_on_fork}: a child of this real-time task starts as SCHED_NORMAL, with the
   * flag clear.
   */
  public boolean schedResetOnFork;

  public MmStruct mm;

  /** The mm held for lazy TLB after exit_mm until the final switch away. */
  public MmStruct activeMm;

  public FsStruct fs;
  public FilesStruct files;
  public SighandStruct sighand;
  public SignalStruct signal;
  public Nsproxy nsproxy;

  /** The cgroup directory the task is in. */
  public Dentry cgroup;

  /** {@code vfork_done}: the parent waiting for this child to release its mm, or null. */
  public @Nullable Task vforkWaiter;

  /** Whether the task has never run (schedule_tail still to do). */
  public boolean firstRun = true;

  /** What to run when dispatched. */
  public Resumption next;

  /**
   * Set when a blocking-style call completed at once: the dispatcher runs {@link #next} again
   * immediately (a trampoline, so user code loops do not nest Java frames).
   */
  public boolean resumeNow;

  /**
   * Set while the task waits inside {@link io.github.clonepath.kernel.syscall.UserContext#await}:
   * its Java frames are live below the dispatcher, so only the loop that waits for it may resume
   * it.
   */
  public boolean awaiting;

  /** The System V semaphore undo list (shared with CLONE_SYSVSEM), or null. */
  public @Nullable SemUndoList semUndo;

  /** The value the blocked call returns when the task resumes. */
  public long wakeResult;

  /** A sleeping wait's cancellation (futex queue removal, timer cancel); null when none. */
  public @Nullable Runnable cancelWait;

  /** Whether the task struct has been released (release_task). */
  public boolean released;

  /**
   * A task with no structures yet (dup_task_struct fills them from the parent).
   *
   * @param comm the name
   */
  public Task(String comm) {
    this.comm = comm;
  }

  /**
   * Whether this task leads its group.
   *
   * @return {@code group_leader == this}
   */
  public boolean isLeader() {
    return groupLeader == this;
  }

  /**
   * {@code task_pid_vnr}-style view of this task's tid from another namespace.
   *
   * @param ns the observer's pid namespace
   * @return the number, 0 if not visible
   */
  public int tidIn(PidNamespace ns) {
    return threadPid.nrIn(ns);
  }

  /**
   * The tgid as seen from a namespace.
   *
   * @param ns the observer's pid namespace
   * @return the number, 0 if not visible
   */
  public int tgidIn(PidNamespace ns) {
    return groupLeader.threadPid.nrIn(ns);
  }

  /**
   * {@code task_active_pid_ns}: the namespace the task's pid was allocated in.
   *
   * @return the namespace
   */
  public PidNamespace activePidNs() {
    return threadPid.ns();
  }

  @Override
  public String toString() {
    return comm + "[" + pid + "]";
  }
}
