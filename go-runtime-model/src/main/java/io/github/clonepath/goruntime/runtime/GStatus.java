package io.github.clonepath.goruntime.runtime;

import com.google.common.collect.ImmutableList;

/**
 * The goroutine states of {@code runtime/runtime2.go} with their real values (go1.19). {@code
 * _Gpreempted} (9) exists from go1.14 on; go1.13 stops at {@code _Gcopystack} (8).
 */
public final class GStatus {
  /** Just allocated, not yet initialized. */
  public static final int GIDLE = 0;

  /** On a run queue, not running. */
  public static final int GRUNNABLE = 1;

  /** Running user code on an M with a P. */
  public static final int GRUNNING = 2;

  /** In a system call, on an M, without executing user code. */
  public static final int GSYSCALL = 3;

  /** Blocked in the runtime (channel, sleep, park). */
  public static final int GWAITING = 4;

  /** Unused since go1.? but kept as a value. */
  public static final int GMORIBUND_UNUSED = 5;

  /** Unused, on a free list or just exited. */
  public static final int GDEAD = 6;

  /** Unused value. */
  public static final int GENQUEUE_UNUSED = 7;

  /** Its stack is being moved. */
  public static final int GCOPYSTACK = 8;

  /** Stopped by an asynchronous preemption request (go1.14+). */
  public static final int GPREEMPTED = 9;

  /** The GC scan bit OR-ed into the states above. */
  public static final int GSCAN = 0x1000;

  private static final ImmutableList<String> NAMES =
      ImmutableList.of(
          "_Gidle",
          "_Grunnable",
          "_Grunning",
          "_Gsyscall",
          "_Gwaiting",
          "_Gmoribund_unused",
          "_Gdead",
          "_Genqueue_unused",
          "_Gcopystack",
          "_Gpreempted");

  private GStatus() {}

  /**
   * The state's name as the runtime spells it.
   *
   * @param status a state value 0..9
   * @return for example {@code _Grunnable}
   */
  public static String name(int status) {
    return status >= 0 && status < NAMES.size() ? NAMES.get(status) : "status" + status;
  }
}
