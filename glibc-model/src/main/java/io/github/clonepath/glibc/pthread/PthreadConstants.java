package io.github.clonepath.glibc.pthread;

/** Constants of glibc's {@code <pthread.h>} and {@code <limits.h>} on x86-64 (glibc 2.36). */
public final class PthreadConstants {
  /** The smallest stack pthread_attr_setstacksize accepts: 16 KiB. */
  public static final long PTHREAD_STACK_MIN = 16384;

  /**
   * {@code offsetof(struct pthread, tid)}: where a pthread_t's kernel tid word lies, the word the
   * kernel clears at the thread's exit (CLONE_CHILD_CLEARTID); test programs spin on it to wait for
   * a thread without joining it.
   */
  public static final long PTHREAD_TID_OFFSET = 0x2d0;

  /** detachstate: the thread is joinable (the default). */
  public static final int PTHREAD_CREATE_JOINABLE = 0;

  /** detachstate: the thread releases its own resources when it exits. */
  public static final int PTHREAD_CREATE_DETACHED = 1;

  /** inheritsched: take the creator's scheduling attributes (the default). */
  public static final int PTHREAD_INHERIT_SCHED = 0;

  /** inheritsched: use the attribute's own policy and priority. */
  public static final int PTHREAD_EXPLICIT_SCHED = 1;

  private PthreadConstants() {}
}
