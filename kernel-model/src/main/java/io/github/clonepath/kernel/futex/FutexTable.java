package io.github.clonepath.kernel.futex;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.mm.MmStruct;
import io.github.clonepath.kernel.sched.Scheduler;
import io.github.clonepath.kernel.sched.Timer;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.UserFault;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.Resumption;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.WaitReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The futex hash of one machine.
 *
 * <p>A key is (address space, address, shared?). DEVIATION: a shared futex is keyed like one on
 * private anonymous memory (mm and address, marked shared), which is what Linux does for such
 * pages; words in MAP_SHARED memory seen from two processes are not recognised as the same key.
 */
public final class FutexTable {
  /** The result that says the caller now sleeps. */
  public static final long BLOCKED = Long.MIN_VALUE;

  /**
   * A futex's key. Its equals and hashCode are written out: a record's generated ones go through a
   * method-handle chain that the client compiler the command line runs with does not flatten, and
   * every futex wait and wake hashes a key (same fields, same meaning).
   */
  private record Key(MmStruct mm, long addr, boolean shared) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.mm == mm && k.addr == addr && k.shared == shared;
    }

    @Override
    public int hashCode() {
      return (System.identityHashCode(mm) * 31 + Long.hashCode(addr)) * 31 + (shared ? 1 : 0);
    }
  }

  private static final class Waiter {
    final Task task;
    final int bitset;
    Timer timer;

    Waiter(Task task, int bitset) {
      this.task = task;
      this.bitset = bitset;
    }
  }

  private final Kernel kernel;
  private final Scheduler sched;
  private final Map<Key, ArrayDeque<Waiter>> queues = new LinkedHashMap<>();

  /**
   * The table.
   *
   * @param kernel the machine's kernel
   * @param sched its scheduler
   */
  public FutexTable(Kernel kernel, Scheduler sched) {
    this.kernel = kernel;
    this.sched = sched;
  }

  /**
   * {@code futex_wait}: sleeps if the word still holds {@code val}.
   *
   * @param t the caller
   * @param uaddr the word
   * @param shared false with FUTEX_PRIVATE_FLAG
   * @param val the expected value
   * @param deadline absolute virtual time, or -1 for none
   * @param bitset the waiter's bitset
   * @param next what the caller does when woken (0, -ETIMEDOUT, -EINTR)
   * @return {@link #BLOCKED}, or an immediate {@code -errno}
   */
  @Source(
      file = "kernel/futex/waitwake.c",
      line = 632,
      function = "futex_wait",
      version = "Linux 6.2")
  public long futexWait(
      Task t, long uaddr, boolean shared, int val, long deadline, int bitset, Resumption next) {
    try (var f = kernel.tracer.enter()) {
      if (bitset == 0) {
        return Errno.EINVAL.result();
      }
      if ((uaddr & 3) != 0) {
        return Errno.EINVAL.result();
      }
      int cur;
      try {
        cur = t.mm.load32(uaddr);
      } catch (UserFault e) {
        return Errno.EFAULT.result();
      }
      if (cur != val) {
        if (f.recording()) {
          f.note("futex word 0x%x is %d, not %d", uaddr, cur, val);
        }
        return Errno.EAGAIN.result();
      }
      Key key = new Key(t.mm, uaddr, shared);
      Waiter w = new Waiter(t, bitset);
      queues.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(w);
      if (deadline >= 0) {
        w.timer = sched.addTimer(deadline, () -> sched.wakeUp(t, Errno.ETIMEDOUT.result()));
      }
      sched.sleep(
          t,
          TaskState.INTERRUPTIBLE,
          WaitReason.FUTEX,
          "futex 0x" + Long.toHexString(uaddr),
          next,
          () -> {
            dequeue(key, w);
            if (w.timer != null) {
              sched.cancel(w.timer);
            }
          });
      if (f.recording()) {
        f.note("queued on 0x%x", uaddr);
      }
      return BLOCKED;
    }
  }

  /**
   * {@code futex_wake}: wakes up to {@code n} waiters on the word whose bitset intersects.
   *
   * @param mm the caller's address space
   * @param uaddr the word
   * @param shared false with FUTEX_PRIVATE_FLAG
   * @param n how many at most
   * @param bitset the wake bitset
   * @return the number woken, or {@code -errno}
   */
  @Source(
      file = "kernel/futex/waitwake.c",
      line = 143,
      function = "futex_wake",
      version = "Linux 6.2")
  public long futexWake(MmStruct mm, long uaddr, boolean shared, int n, int bitset) {
    try (var f = kernel.tracer.enter()) {
      if (bitset == 0) {
        return Errno.EINVAL.result();
      }
      if ((uaddr & 3) != 0) {
        return Errno.EINVAL.result();
      }
      ArrayDeque<Waiter> q = queues.get(new Key(mm, uaddr, shared));
      if (q == null) {
        return 0;
      }
      List<Waiter> woken = new ArrayList<>();
      Iterator<Waiter> it = q.iterator();
      while (it.hasNext() && woken.size() < n) {
        Waiter w = it.next();
        if ((w.bitset & bitset) != 0) {
          woken.add(w);
        }
      }
      for (Waiter w : woken) {
        sched.wakeUp(w.task, 0);
      }
      if (f.recording()) {
        f.note("woke %d on 0x%x", woken.size(), uaddr);
      }
      return woken.size();
    }
  }

  private void dequeue(Key key, Waiter w) {
    ArrayDeque<Waiter> q = queues.get(key);
    if (q != null) {
      q.remove(w);
      if (q.isEmpty()) {
        queues.remove(key);
      }
    }
  }

  /**
   * How many tasks wait on futexes.
   *
   * @return the number of queued waiters
   */
  public int waiters() {
    int n = 0;
    for (ArrayDeque<Waiter> q : queues.values()) {
      n += q.size();
    }
    return n;
  }

  /**
   * Whether an operation word names a command this model implements.
   *
   * @param op the raw operation
   * @return true for WAIT, WAKE, WAIT_BITSET, WAKE_BITSET
   */
  public static boolean known(int op) {
    int cmd = op & Futex.FUTEX_CMD_MASK;
    return cmd == Futex.FUTEX_WAIT
        || cmd == Futex.FUTEX_WAKE
        || cmd == Futex.FUTEX_WAIT_BITSET
        || cmd == Futex.FUTEX_WAKE_BITSET;
  }
}
