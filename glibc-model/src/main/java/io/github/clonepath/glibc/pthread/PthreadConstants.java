package io.github.clonepath.glibc.pthread;

/** Constants of glibc's {@code <pthread.h>} and {@code <limits.h>} on x86-64 (glibc 2.36). */
public final class PthreadConstants {
  /** The smallest stack pthread_attr_setstacksize accepts: 16 KiB. */
  public static final long PTHREAD_STACK_MIN = 16384;

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
