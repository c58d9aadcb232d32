package io.github.clonepath.goruntime.runtime;

import java.util.List;

/**
 * What a Go process did.
 *
 * @param exitStatus the exit code, or -1 if it has not exited
 * @param fatal the throw's message, or null
 * @param stdout fd 1 output
 * @param stderr fd 2 output
 * @param threads every M in creation order
 * @param mcount mnext - nmfreed at the end
 * @param goroutines goroutines ever created
 */
public record ProcessState(
    int exitStatus,
    String fatal,
    String stdout,
    String stderr,
    List<Thread> threads,
    long mcount,
    int goroutines) {

  /**
   * One M and how it was born.
   *
   * @param mId the M's id
   * @param tid its thread id
   * @param creator the call chain that asked for it (M.Creator's name)
   * @param createdByTid the thread that issued the clone
   * @param viaTemplateThread whether the template thread issued it
   * @param childStack clone's child_stack (g0.stack.hi), 0 for m0
   * @param tls clone's tls argument
   * @param exited whether its thread has exited
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
