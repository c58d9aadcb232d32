package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.EventLog;
import io.github.clonepath.common.Tracer;
import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal kernel for unit tests of the glibc model, standing in for the kernel model: tasks with
 * FIFO dispatch, sparse memory per address space, mappings placed top-down, clone/clone3 with the
 * tid pointers, exit with CHILD_CLEARTID and the futex wake, futex wait. It records every call as
 * {@code tid name args = result}; tests wrap it in a Mockito spy to inject faults at the door. It
 * is abstract: calls the glibc model never makes are left to the spy (which answers 0). Every
 * continuation is resumed with {@link #facade()}, so a spy sees the calls of all tasks.
 */
abstract class FakeKernel implements UserContext {
  /** One address space. */
  static final class Mm {
    final Map<Long, Integer> w32 = new HashMap<>();
    final Map<Long, Long> w64 = new HashMap<>();
    final TreeMap<Long, Long> maps = new TreeMap<>();
    long next = 0x7f0000000000L;

    Mm copy() {
      Mm m = new Mm();
      m.w32.putAll(w32);
      m.w64.putAll(w64);
      m.maps.putAll(maps);
      m.next = next;
      return m;
    }
  }

  /** One task. */
  static final class Task {
    final int tid;
    final Mm mm;
    int tgid;
    long clearChildTid;
    long sigmask;
    boolean dead;

    Task(int tid, Mm mm) {
      this.tid = tid;
      this.tgid = tid;
      this.mm = mm;
    }
  }

  record Call(int tid, String name, long[] args, long result) {
    long arg(int i) {
      return args[i];
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder().append(tid).append(' ').append(name).append('(');
      for (int i = 0; i < args.length; i++) {
        sb.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(args[i]));
      }
      return sb.append(") = ").append(result).toString();
    }
  }

  private record Run(Task task, Continuation k, long result) {}

  final Tracer tracer = new Tracer(new EventLog(), true);
  final List<Call> calls = new ArrayList<>();
  final Map<Integer, Task> tasks = new HashMap<>();
  private final ArrayDeque<Run> runq = new ArrayDeque<>();
  private final Map<Long, List<Run>> waiters = new HashMap<>();
  private int nextTid = 1000;
  private Task current;
  private UserContext facade = this;
  private long now;

  FakeKernel() {
    current = new Task(nextTid++, new Mm());
    tasks.put(current.tid, current);
  }

  void setFacade(UserContext f) {
    this.facade = f;
  }

  UserContext facade() {
    return facade;
  }

  Task current() {
    return current;
  }

  /** Runs the main task's code, then every runnable task until none is left. */
  void runMain(Continuation main) {
    runq.add(new Run(current, main, 0));
    run();
  }

  void run() {
    while (!runq.isEmpty()) {
      Run r = runq.poll();
      if (r.task.dead) {
        continue;
      }
      current = r.task;
      tracer.setContext(current.tid, now);
      r.k.resume(facade, r.result);
      now += 1000;
    }
  }

  List<Call> calls(String name) {
    List<Call> out = new ArrayList<>();
    for (Call c : calls) {
      if (c.name.equals(name)) {
        out.add(c);
      }
    }
    return out;
  }

  private long rec(String name, long result, long... args) {
    calls.add(new Call(current.tid, name, args, result));
    return result;
  }

  @Override
  public Tracer tracer() {
    return tracer;
  }

  @Override
  public int load32(long addr) {
    return current.mm.w32.getOrDefault(addr, 0);
  }

  @Override
  public long load64(long addr) {
    return current.mm.w64.getOrDefault(addr, 0L);
  }

  @Override
  public void store32(long addr, int value) {
    current.mm.w32.put(addr, value);
  }

  @Override
  public void store64(long addr, long value) {
    current.mm.w64.put(addr, value);
  }

  @Override
  public long now() {
    return now;
  }

  @Override
  public void compute(long nanos, Continuation next) {
    runq.add(new Run(current, next, 0));
  }

  @Override
  public long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
    long len = (length + 4095) & -4096L;
    Mm mm = current.mm;
    mm.next -= len + 0x100000;
    long base = mm.next;
    mm.maps.put(base, len);
    return rec("mmap", base, addr, length, prot, flags, fd, offset);
  }

  @Override
  public long munmap(long addr, long length) {
    Long len = current.mm.maps.get(addr);
    if (len == null || len != ((length + 4095) & -4096L)) {
      throw new AssertionError(String.format("munmap(0x%x, %d) of no such mapping", addr, length));
    }
    current.mm.maps.remove(addr);
    return rec("munmap", 0, addr, length);
  }

  @Override
  public long mprotect(long addr, long length, int prot) {
    return rec("mprotect", 0, addr, length, prot);
  }

  @Override
  public long madvise(long addr, long length, int advice) {
    return rec("madvise", 0, addr, length, advice);
  }

  private long newTask(long flags, long parentTid, long childTid, Continuation child) {
    Mm mm = (flags & CloneFlags.CLONE_VM) != 0 ? current.mm : current.mm.copy();
    Task t = new Task(nextTid++, mm);
    t.sigmask = current.sigmask;
    if ((flags & CloneFlags.CLONE_THREAD) != 0) {
      t.tgid = current.tgid;
    }
    tasks.put(t.tid, t);
    if ((flags & CloneFlags.CLONE_PARENT_SETTID) != 0) {
      current.mm.w32.put(parentTid, t.tid);
    }
    if ((flags & CloneFlags.CLONE_CHILD_SETTID) != 0) {
      mm.w32.put(childTid, t.tid);
    }
    if ((flags & CloneFlags.CLONE_CHILD_CLEARTID) != 0) {
      t.clearChildTid = childTid;
    }
    runq.add(new Run(t, child, 0));
    return t.tid;
  }

  @Override
  public long clone(
      long flags, long stack, long parentTid, long childTid, long tls, Continuation child) {
    long tid = newTask(flags, parentTid, childTid, child);
    return rec("clone", tid, flags, stack, parentTid, childTid, tls);
  }

  @Override
  public void clone(
      long flags,
      long stack,
      long parentTid,
      long childTid,
      long tls,
      Continuation child,
      Continuation next) {
    long tid = clone(flags, stack, parentTid, childTid, tls, child);
    runq.add(new Run(current, next, tid));
  }

  @Override
  public long clone3(long args, long size, Continuation child) {
    long[] a = new long[8];
    for (int i = 0; i < 8; i++) {
      a[i] = load64(args + 8L * i);
    }
    long tid = newTask(a[0], a[3], a[2], child);
    calls.add(new Call(current.tid, "clone3", a, tid));
    return tid;
  }

  @Override
  public void clone3(long args, long size, Continuation child, Continuation next) {
    long tid = clone3(args, size, child);
    runq.add(new Run(current, next, tid));
  }

  @Override
  public void exit(int status) {
    rec("exit", 0, status);
    Task t = current;
    t.dead = true;
    if (t.clearChildTid != 0) {
      t.mm.w32.put(t.clearChildTid, 0);
      List<Run> w = waiters.remove(t.clearChildTid);
      if (w != null) {
        for (Run r : w) {
          runq.add(new Run(r.task, r.k, 0));
        }
      }
    }
  }

  @Override
  public void exitGroup(int status) {
    rec("exit_group", 0, status);
    for (Task t : tasks.values()) {
      if (t.tgid == current.tgid) {
        t.dead = true;
      }
    }
  }

  @Override
  public long gettid() {
    return current.tid;
  }

  @Override
  public long getpid() {
    return current.tid;
  }

  @Override
  public long getppid() {
    return 1;
  }

  @Override
  public long setTidAddress(long tidptr) {
    current.clearChildTid = tidptr;
    return rec("set_tid_address", current.tid, tidptr);
  }

  @Override
  public long setRobustList(long head, long len) {
    return rec("set_robust_list", 0, head, len);
  }

  @Override
  public long rseq(long rseq, int len, int flags, int sig) {
    return rec("rseq", 0, rseq, len, flags, sig);
  }

  @Override
  public long archPrctl(int code, long addr) {
    return rec("arch_prctl", 0, code, addr);
  }

  @Override
  public void futex(
      long uaddr, int op, int val, long timeout, long uaddr2, int val3, Continuation next) {
    int cmd = op & 0x7f;
    if (cmd == 0 || cmd == 9) {
      if (load32(uaddr) != val) {
        rec("futex", Errno.EAGAIN.result(), uaddr, op, val, timeout, uaddr2, val3);
        runq.add(new Run(current, next, Errno.EAGAIN.result()));
        return;
      }
      rec("futex", 0, uaddr, op, val, timeout, uaddr2, val3);
      waiters.computeIfAbsent(uaddr, k -> new ArrayList<>()).add(new Run(current, next, 0));
      return;
    }
    rec("futex", 0, uaddr, op, val, timeout, uaddr2, val3);
    runq.add(new Run(current, next, 0));
  }

  @Override
  public void schedYield(Continuation next) {
    runq.add(new Run(current, next, 0));
  }

  @Override
  public void nanosleep(long req, long rem, Continuation next) {
    runq.add(new Run(current, next, 0));
  }

  @Override
  public void wait4(int pid, long wstatus, int options, long rusage, Continuation next) {
    runq.add(new Run(current, next, pid));
  }

  @Override
  public long rtSigprocmask(int how, long set, long oldset, long sigsetsize) {
    long old = current.sigmask;
    long s = set == 0 ? 0 : load64(set);
    if (oldset != 0) {
      store64(oldset, old);
    }
    if (set != 0) {
      switch (how) {
        case 0 -> current.sigmask |= s;
        case 1 -> current.sigmask &= ~s;
        case 2 -> current.sigmask = s;
        default -> throw new AssertionError("how " + how);
      }
    }
    return rec("rt_sigprocmask", 0, how, s, oldset, sigsetsize);
  }

  @Override
  public long rtSigaction(int sig, long act, long oldact, long sigsetsize) {
    return rec("rt_sigaction", 0, sig, act, oldact, sigsetsize);
  }

  @Override
  public long sigaltstack(long ss, long oldss) {
    return rec("sigaltstack", 0, ss, oldss);
  }

  @Override
  public long write(int fd, String text) {
    return rec("write", text.length(), fd);
  }
}
