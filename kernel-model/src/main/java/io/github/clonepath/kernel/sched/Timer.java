package io.github.clonepath.kernel.sched;

/** One pending timer (an hrtimer of the model): when it fires and what it does. */
public final class Timer {
  final long when;
  final long seq;
  final Runnable fire;
  boolean cancelled;

  Timer(long when, long seq, Runnable fire) {
    this.when = when;
    this.seq = seq;
    this.fire = fire;
  }

  /**
   * The expiry time.
   *
   * @return virtual nanoseconds
   */
  public long when() {
    return when;
  }
}
