package io.github.clonepath.kernel.task;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code struct signal_struct}: what a thread group shares. {@code sigcnt} counts references to the
 * structure (one per task_struct not yet freed), {@code live} the threads that have not begun to
 * exit, {@code nr_threads} the threads not yet released; plus the group's shared pending signals,
 * its resource limits and the thread list.
 */
public final class SignalStruct {
  /** {@code SIGNAL_UNKILLABLE}: global init or a pid-namespace init. */
  public static final int SIGNAL_UNKILLABLE = 0x00000040;

  /** {@code SIGNAL_GROUP_EXIT}: exit_group or a fatal signal is killing the group. */
  public static final int SIGNAL_GROUP_EXIT = 0x00000004;

  public final int id;
  public int sigcnt = 1;
  public int live = 1;
  public int nrThreads = 1;
  public int flags;
  public int groupExitCode;

  /** {@code shared_pending}: process-directed signals not yet delivered. */
  public long sharedPending;

  /** Who sent each signal of {@link #sharedPending} (index: signal - 1), made at the first one. */
  public SigInfo @Nullable [] sharedPendingInfo;

  /** {@code rlim[RLIM_NLIMITS]}. */
  public final Rlimit[] rlim = new Rlimit[16];

  /** The thread list ({@code thread_head}), leader first. */
  public final List<Task> threads = new ArrayList<>();

  /** Whether the group leader's exit has been reported to its parent (delay_group_leader). */
  public boolean leaderNotified;

  /**
   * A new signal_struct with one reference, one live thread.
   *
   * @param id identity
   */
  public SignalStruct(int id) {
    this.id = id;
  }
}
