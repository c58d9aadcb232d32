package io.github.clonepath.goruntime;

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
import java.util.PriorityQueue;

/**
 * A minimal deterministic kernel for the Go runtime's tests until the kernel model's Machine is
 * merged: FIFO dispatch, a virtual clock, futex wait/wake, nanosleep, clone of threads, exit, and
 * strace-format text for the calls the reference traces compare. Memory is a map of words with no
 * mapping checks. It models nothing of the kernel beyond what the tests need.
 */
final class FakeKernel {
  final EventLog log = new EventLog();
  final Tracer tracer;
  private final ArrayDeque<Task> runq = new ArrayDeque<>();
  private final PriorityQueue<Wake> timers = new PriorityQueue<>();
  private final Map<Long, ArrayDeque<Task>> futexq = new HashMap<>();
  private final Map<Long, Long> mem = new HashMap<>();
  final List<Task> tasks = new ArrayList<>();
  private long now;
  private long seq;
  private int nextTid = 1000;
  private long mmapTop = 0x7f0000000000L;
  int exitGroupStatus = -1;
  long maxTime = 60_000_000_000L;
  int threadLimit = Integer.MAX_VALUE;
  Runnable afterStep = () -> {};

  FakeKernel(boolean traceCalls) {
    tracer = new Tracer(log, traceCalls);
  }

  final class Task {
    final int tid;
    Continuation k;
    long result;
    boolean exited;
    long sigmask;
    long altSp;
    int altFlags = 2;
    long altSize;

    Task(int tid) {
      this.tid = tid;
    }
  }

  private record Wake(long time, long seq, Task t, long futex) implements Comparable<Wake> {
    @Override
    public int compareTo(Wake o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  int spawn(Continuation main) {
    Task t = new Task(nextTid++);
    tasks.add(t);
    t.k = main;
    runq.add(t);
    return t.tid;
  }

  int liveThreads() {
    int n = 0;
    for (Task t : tasks) {
      if (!t.exited) {
        n++;
      }
    }
    return n;
  }

  void run() {
    while (exitGroupStatus < 0) {
      Task t = runq.poll();
      if (t == null) {
        Wake w = timers.poll();
        if (w == null || w.time > maxTime) {
          return;
        }
        if (w.t.k == null || w.t.exited) {
          continue;
        }
        if (w.futex != 0) {
          ArrayDeque<Task> q = futexq.get(w.futex);
          if (q == null || !q.remove(w.t)) {
            continue;
          }
          w.t.result = -Errno.ETIMEDOUT.number();
        }
        now = Math.max(now, w.time);
        runq.add(w.t);
        continue;
      }
      if (t.exited) {
        continue;
      }
      Continuation k = t.k;
      t.k = null;
      tracer.setContext(t.tid, now);
      k.resume(new Ctx(t), t.result);
      afterStep.run();
    }
  }

  private void block(Task t, Continuation k) {
    t.k = k;
  }

  private void ready(Task t, Continuation k, long result) {
    t.k = k;
    t.result = result;
    runq.add(t);
  }

  private void sleep(Task t, Continuation k, long until) {
    t.k = k;
    t.result = 0;
    timers.add(new Wake(until, seq++, t, 0));
  }

  static String sigset(long s) {
    return s == -1L ? "~[]" : s == 0 ? "[]" : String.format("0x%x", s);
  }

  private final class Ctx implements UserContext {
    private final Task t;

    Ctx(Task t) {
      this.t = t;
    }

    private void sys(String name, String text, long r) {
      String rs =
          r < 0 && r > -4096
              ? "-1 " + Errno.ofResult(r).name() + " (" + Errno.ofResult(r).text() + ")"
              : (name.equals("mmap") ? String.format("0x%x", r) : Long.toString(r));
      tracer.setContext(t.tid, now);
      tracer.syscall(name, name + "(" + text + ") = " + rs, r);
    }

    @Override
    public int load32(long addr) {
      return (int) (long) mem.getOrDefault(addr, 0L);
    }

    @Override
    public long load64(long addr) {
      return mem.getOrDefault(addr, 0L);
    }

    @Override
    public void store32(long addr, int value) {
      mem.put(addr, (long) value);
    }

    @Override
    public void store64(long addr, long value) {
      mem.put(addr, value);
    }

    @Override
    public long now() {
      return now;
    }

    @Override
    public void compute(long nanos, Continuation next) {
      sleep(t, next, now + nanos);
    }

    @Override
    public long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
      long r;
      if (addr != 0) {
        r = addr;
      } else {
        mmapTop -= (length + 4095) & ~4095L;
        r = mmapTop;
      }
      sys(
          "mmap",
          String.format(
              "%s, %d, %s, %s, %d, %d",
              addr == 0 ? "NULL" : String.format("0x%x", addr),
              length,
              prot == 0 ? "PROT_NONE" : "PROT_READ|PROT_WRITE",
              (flags & 0x10) != 0
                  ? "MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS"
                  : "MAP_PRIVATE|MAP_ANONYMOUS",
              fd,
              offset),
          r);
      return r;
    }

    @Override
    public long munmap(long addr, long length) {
      return 0;
    }

    @Override
    public long mprotect(long addr, long length, int prot) {
      return 0;
    }

    @Override
    public long madvise(long addr, long length, int advice) {
      sys("madvise", String.format("0x%x, %d, MADV_HUGEPAGE", addr, length), 0);
      return 0;
    }

    @Override
    public long clone(
        long flags, long stack, long parentTid, long childTid, long tls, Continuation child) {
      long r;
      if (liveThreads() >= threadLimit) {
        r = -Errno.EAGAIN.number();
      } else {
        Task c = new Task(nextTid++);
        tasks.add(c);
        c.sigmask = t.sigmask;
        ready(c, child, 0);
        r = c.tid;
      }
      String tlsText =
          (flags & CloneFlags.CLONE_SETTLS) != 0 ? String.format(", tls=0x%x", tls) : "";
      sys(
          "clone",
          String.format(
              "child_stack=0x%x, flags=%s%s", stack, CloneFlags.format(flags, false), tlsText),
          r);
      return r;
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
      throw new IllegalStateException("not used by the Go runtime");
    }

    @Override
    public long clone3(long args, long size, Continuation child) {
      throw new IllegalStateException("not used by the Go runtime");
    }

    @Override
    public void clone3(long args, long size, Continuation child, Continuation next) {
      throw new IllegalStateException("not used by the Go runtime");
    }

    @Override
    public void exit(int status) {
      sys("exit", Integer.toString(status), 0);
      t.exited = true;
    }

    @Override
    public void exitGroup(int status) {
      sys("exit_group", Integer.toString(status), 0);
      exitGroupStatus = status;
      for (Task x : tasks) {
        x.exited = true;
      }
    }

    @Override
    public long gettid() {
      sys("gettid", "", t.tid);
      return t.tid;
    }

    @Override
    public long getpid() {
      return tasks.get(0).tid;
    }

    @Override
    public long getppid() {
      return 1;
    }

    @Override
    public long setTidAddress(long tidptr) {
      return t.tid;
    }

    @Override
    public long setRobustList(long head, long len) {
      return 0;
    }

    @Override
    public long rseq(long rseq, int len, int flags, int sig) {
      return 0;
    }

    @Override
    public long archPrctl(int code, long addr) {
      sys("arch_prctl", String.format("ARCH_SET_FS, 0x%x", addr), 0);
      return 0;
    }

    @Override
    public void futex(
        long uaddr, int op, int val, long timeout, long uaddr2, int val3, Continuation next) {
      int cmd = op & 127;
      if (cmd == 0) {
        String tsText = timeout == 0 ? "NULL" : "{...}";
        if (load32(uaddr) != val) {
          sys("futex", String.format("0x%x, FUTEX_WAIT_PRIVATE, %d, %s", uaddr, val, tsText), -11);
          ready(t, next, -Errno.EAGAIN.number());
          return;
        }
        sys("futex", String.format("0x%x, FUTEX_WAIT_PRIVATE, %d, %s", uaddr, val, tsText), 0);
        futexq.computeIfAbsent(uaddr, a -> new ArrayDeque<>()).add(t);
        block(t, next);
        t.result = 0;
        if (timeout != 0) {
          long ns = load64(timeout) * 1_000_000_000L + load64(timeout + 8);
          timers.add(new Wake(now + ns, seq++, t, uaddr));
        }
        return;
      }
      ready(t, next, futexWake(uaddr, op, val, uaddr2, val3));
    }

    @Override
    public long futexWake(long uaddr, int op, int val, long uaddr2, int val3) {
      int n = 0;
      ArrayDeque<Task> q = futexq.get(uaddr);
      while (q != null && !q.isEmpty() && n < val) {
        Task w = q.poll();
        w.result = 0;
        runq.add(w);
        n++;
      }
      sys("futex", String.format("0x%x, FUTEX_WAKE_PRIVATE, %d", uaddr, val), n);
      return n;
    }

    @Override
    public void schedYield(Continuation next) {
      ready(t, next, 0);
    }

    @Override
    public void nanosleep(long req, long rem, Continuation next) {
      long ns = load64(req) * 1_000_000_000L + load64(req + 8);
      sleep(t, next, now + ns);
    }

    @Override
    public void wait4(int pid, long wstatus, int options, long rusage, Continuation next) {
      throw new IllegalStateException("not used by the Go runtime");
    }

    @Override
    public long rtSigprocmask(int how, long set, long oldset, long sigsetsize) {
      long old = t.sigmask;
      if (oldset != 0) {
        store64(oldset, old);
      }
      String setText = set == 0 ? "NULL" : sigset(load64(set));
      if (set != 0) {
        t.sigmask = load64(set);
      }
      sys(
          "rt_sigprocmask",
          String.format("SIG_SETMASK, %s, %s, 8", setText, oldset == 0 ? "NULL" : sigset(old)),
          0);
      return 0;
    }

    @Override
    public long rtSigaction(int sig, long act, long oldact, long sigsetsize) {
      return 0;
    }

    @Override
    public long sigaltstack(long ss, long oldss) {
      String oldText = "NULL";
      if (oldss != 0) {
        store64(oldss, t.altSp);
        store32(oldss + 8, t.altFlags);
        store64(oldss + 16, t.altSize);
        oldText =
            t.altFlags == 2
                ? "{ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}"
                : String.format("{ss_sp=0x%x, ss_flags=0, ss_size=%d}", t.altSp, t.altSize);
      }
      String newText = "NULL";
      if (ss != 0) {
        t.altSp = load64(ss);
        t.altFlags = load32(ss + 8);
        t.altSize = load64(ss + 16);
        newText =
            t.altFlags == 2
                ? "{ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}"
                : String.format("{ss_sp=0x%x, ss_flags=0, ss_size=%d}", t.altSp, t.altSize);
      }
      sys("sigaltstack", newText + ", " + oldText, 0);
      return 0;
    }

    @Override
    public long write(int fd, String text) {
      sys("write", fd + ", \"" + text.replace("\n", "\\n") + "\", " + text.length(), text.length());
      return text.length();
    }
  }
}
