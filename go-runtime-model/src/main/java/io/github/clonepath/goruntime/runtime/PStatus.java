package io.github.clonepath.goruntime.runtime;

import com.google.common.collect.ImmutableList;

/** The P states of {@code runtime/runtime2.go} with their real values (go1.19). */
public final class PStatus {
  /** Not running user code or the scheduler; on the idle list or being handed over. */
  public static final int PIDLE = 0;

  /** Owned by an M running user code or the scheduler. */
  public static final int PRUNNING = 1;

  /** Its M is in a system call; sysmon may take it. */
  public static final int PSYSCALL = 2;

  /** Halted for a stop-the-world. */
  public static final int PGCSTOP = 3;

  /** No longer used (GOMAXPROCS shrank). */
  public static final int PDEAD = 4;

  private static final ImmutableList<String> NAMES =
      ImmutableList.of("_Pidle", "_Prunning", "_Psyscall", "_Pgcstop", "_Pdead");

  private PStatus() {}

  /**
   * The state's name.
   *
   * @param status 0..4
   * @return for example {@code _Psyscall}
   */
  public static String name(int status) {
    return NAMES.get(status);
  }
}
