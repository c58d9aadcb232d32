package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * The channels of chan.go, as far as the model's programs use them: a send and a receive that hand
 * off to a parked partner, buffer, or park. DEVIATION: values are not modeled, only their count;
 * closed channels and select are not modeled.
 */
final class Chan {
  private final Runtime rt;

  Chan(Runtime rt) {
    this.rt = rt;
  }

  /**
   * {@code chansend}: a parked receiver takes the value directly and is readied (runnext); else the
   * value goes into the buffer if there is room; else the sender parks on sendq until a receiver
   * takes it.
   *
   * @return true if the sender goes on, false if it parked
   */
  @Source(file = "runtime/chan.go", line = 160, function = "chansend", version = "go1.19")
  boolean chansend(UserContext ctx, M mp, G gp, int chan) {
    Sched.Chan c = chan(chan);
    G waiter = c.recvq.poll();
    if (waiter != null) {
      rt.schedule.ready(ctx, mp, waiter);
      return true;
    }
    if (c.dataqsiz < 0 || c.count < c.dataqsiz) {
      c.count++;
      return true;
    }
    c.sendq.add(gp);
    rt.schedule.gopark(mp, gp, "chan send");
    return false;
  }

  /**
   * {@code chanrecv}: a parked sender means the buffer is full or absent: the receiver takes the
   * buffer's head (or, unbuffered, the sender's value) and the sender's value fills the tail, and
   * the sender is readied; else a buffered value is taken; else the receiver parks on recvq.
   *
   * @return true if the receiver goes on, false if it parked
   */
  @Source(file = "runtime/chan.go", line = 457, function = "chanrecv", version = "go1.19")
  boolean chanrecv(UserContext ctx, M mp, G gp, int chan) {
    Sched.Chan c = chan(chan);
    G sender = c.sendq.poll();
    if (sender != null) {
      rt.schedule.ready(ctx, mp, sender);
      return true;
    }
    if (c.count > 0) {
      c.count--;
      return true;
    }
    c.recvq.add(gp);
    rt.schedule.gopark(mp, gp, "chan receive");
    return false;
  }

  /**
   * Channel {@code n} of the program, made empty on first use.
   *
   * @param n the program's channel number
   * @return its state
   */
  Sched.Chan chan(int n) {
    int idx = n + 1;
    while (rt.sched.chans.size() <= idx) {
      rt.sched.chans.add(new Sched.Chan());
    }
    return rt.sched.chans.get(idx);
  }
}
