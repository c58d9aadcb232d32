package io.github.clonepath.goruntime;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a Go program ended.
 *
 * @param exitStatus the exit code (2 after a fatal error), -1 if it has not exited
 * @param fatal the throw's message (for example {@code thread exhaustion}), or null
 * @param stdout what it printed on fd 1
 * @param stderr what the runtime printed on fd 2
 * @param threads every M in creation order, m0 first
 * @param mcount mnext - nmfreed at the end
 * @param goroutines goroutines ever created, runtime ones included
 */
public record GoResult(
    int exitStatus,
    @Nullable String fatal,
    String stdout,
    String stderr,
    List<Thread> threads,
    long mcount,
    int goroutines) {

  /**
   * One OS thread of the program and the path that created it.
   *
   * @param mId the M's id
   * @param tid its thread id
   * @param creator SYSMON, WAKEP_NEWPROC, HANDOFFP_LOCKED_M, HANDOFFP_PREEMPTED, RETAKE,
   *     RESETSPINNING, TEMPLATE_THREAD, OTHER, or M0 for the main thread
   * @param createdByTid the thread that issued the clone
   * @param viaTemplateThread whether the template thread issued it for a locked M
   * @param childStack clone's child_stack (g0.stack.hi)
   * @param tls clone's tls argument ({@code &m.tls[0] + 8})
   * @param exited whether the thread has exited
   */
  public record Thread(
      long mId,
      long tid,
      String creator,
      long createdByTid,
      boolean viaTemplateThread,
      long childStack,
      long tls,
      boolean exited) {}
}
