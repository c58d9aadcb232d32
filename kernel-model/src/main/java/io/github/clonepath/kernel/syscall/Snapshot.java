package io.github.clonepath.kernel.syscall;

import com.google.common.collect.ImmutableList;

/**
 * A machine's task table at one moment, read-only.
 *
 * @param now virtual time in nanoseconds
 * @param tasks every task not yet released, by tid
 * @param nrThreads the global {@code nr_threads}
 * @param maxThreads {@code kernel.threads-max}
 * @param lastPid the last pid the root namespace handed out
 * @param pidsInUse how many numbers the root namespace's allocator holds
 * @param totalForks {@code total_forks}
 */
public record Snapshot(
    long now,
    ImmutableList<TaskInfo> tasks,
    int nrThreads,
    int maxThreads,
    int lastPid,
    int pidsInUse,
    long totalForks) {

  /**
   * One task by tid.
   *
   * @param tid the global pid
   * @return the task
   * @throws IllegalArgumentException if there is none
   */
  public TaskInfo task(int tid) {
    for (TaskInfo t : tasks) {
      if (t.tid() == tid) {
        return t;
      }
    }
    throw new IllegalArgumentException("no task " + tid);
  }
}
