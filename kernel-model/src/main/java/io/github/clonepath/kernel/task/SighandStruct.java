package io.github.clonepath.kernel.task;

import java.util.Arrays;

/** {@code struct sighand_struct}: the 64 signal actions and {@code count}, the tasks sharing it. */
public final class SighandStruct {
  public final int id;
  public int count = 1;

  /** {@code action[_NSIG]}: index {@code sig - 1}. */
  public final KSigaction[] action = new KSigaction[64];

  /**
   * A table of default actions with one user.
   *
   * @param id identity
   */
  public SighandStruct(int id) {
    this.id = id;
    Arrays.fill(action, KSigaction.DEFAULT);
  }
}
