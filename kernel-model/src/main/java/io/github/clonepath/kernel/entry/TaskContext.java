package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.sched.ExitUnwind;
import io.github.clonepath.kernel.signal.Delivery;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.SignalHandler;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.kernel.syscall.UserContext;
import io.github.clonepath.kernel.syscall.UserFault;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.Resumption;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.Uaccess;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * One task's view of the kernel. Every system call is checked, run, recorded (its arguments, result
 * and decoded pieces; the strace text is made by a printer only when read), and followed by signal
 * delivery, as on the return to user mode. Calls that block hand the scheduler a resumption that
 * records the call when it completes and then runs the user's continuation.
 *
 * <p>This class keeps only that plumbing; each call is one line handing itself to the class named
 * after the real file that defines it ({@link ForkCalls} for kernel/fork.c, {@link ExitCalls} for
 * kernel/exit.c, {@link SysCalls} for kernel/sys.c, and so on). Those classes hold static methods
 * taking this context first, as the kernel's functions take {@code current}: the calls keep no
 * state of their own (it all lives in the task and the machine's {@link Services}), so a new thread
 * costs this one object and no set of handler objects, and a reader goes from the call straight to
 * its code without a field to chase.
 */
public final class TaskContext implements UserContext {
  /** strace's default {@code -s}: strings are cut after 32 bytes. */
  public static final int STRING_LIMIT = 32;

  final Services s;
  final Kernel k;
  final Task task;

  /** The resumption of a wait that sleeps again after a wake-up that found nothing. */
  Resumption pendingWait;

  /**
   * The context of one task.
   *
   * @param services the machine's kernel
   * @param task the task
   */
  public TaskContext(Services services, Task task) {
    this.s = services;
    this.k = services.kernel();
    this.task = task;
  }

  /**
   * The task behind this context.
   *
   * @return the task
   */
  public Task task() {
    return task;
  }

  @Override
  public io.github.clonepath.common.Tracer tracer() {
    return k.tracer;
  }

  // ---------------------------------------------------------------- plumbing

  void enter() {
    if (s.sched().current() != task) {
      throw new IllegalStateException(
          task + " is not running: call the kernel only from the task's own code while it runs");
    }
    if (task.next != null || task.state != TaskState.RUNNING) {
      throw new IllegalStateException(
          task + " made a call after a blocking call: return right after calling a blocking call");
    }
    if (s.sched().preemptPoint(task)
        && (task.signal.flags & io.github.clonepath.kernel.task.SignalStruct.SIGNAL_GROUP_EXIT)
            != 0) {
      // another thread's exit_group ran while this task was switched out at the entry: its call
      // never starts
      exitToUserMode();
    }
  }

  /**
   * Records a call whose text is made already, then returns: for a constant text or one as cheap as
   * the call itself. Every other call records its arguments and a printer ({@link #record}).
   */
  long ret(String name, String text, long result) {
    return recorded(name, textWanted() ? text + " = " + Strace.result(result) : "", result);
  }

  /**
   * Records what a call did, then returns: its raw arguments, its result and the immutable pieces
   * its printer needs beyond them (what strace reads from user memory at the call's exit). The
   * strace text is made by {@code printer} only if a consumer of the log reads it.
   *
   * @param name the call's name
   * @param printer makes the strace text from the event
   * @param decoded the pieces captured now, or null
   * @param result the raw result
   * @param args the raw arguments, in the call's order
   * @return {@code result}
   */
  long record(
      String name,
      SyscallEvent.Printer printer,
      @Nullable Object decoded,
      long result,
      long... args) {
    k.tracer.syscall(name, args, result, true, decoded, printer);
    exitToUserMode();
    return result;
  }

  /**
   * A blocking call as it will be recorded when it completes: its arguments, its printer, and what
   * to capture at the exit (strace reads a returned status or buffer then).
   *
   * @param name the call's name
   * @param args the raw arguments
   * @param printer makes the strace text from the event
   * @param decode the pieces to capture from the result at the exit; null for none
   */
  record Pending(
      String name,
      SyscallEvent.Printer printer,
      @Nullable LongFunction<Object> decode,
      long... args) {}

  /**
   * Whether the machine's log keeps or streams system-call text; a count-only log does not, and the
   * hottest calls then skip building it. Formatting only reads what the call already touched, so
   * skipping it changes nothing else.
   */
  boolean textWanted() {
    return k.tracer.syscallTextWanted();
  }

  /** Records a call whose whole line (with its result) is already formatted, then returns. */
  long recorded(String name, String line, long result) {
    k.tracer.syscall(name, line, result);
    exitToUserMode();
    return result;
  }

  /**
   * {@code exit_to_user_mode_loop}: delivers every pending deliverable signal. A fatal one ends the
   * group (the task never returns to user code); a handler runs with its mask added, after the
   * delivery is recorded as strace prints it ({@code --- SIGURG {...} ---}, in this task's trace,
   * where the real task stops for its tracer in get_signal). DEVIATION: only deliveries to a
   * handler print their line: strace also shows the signals a traced task ignores (ptrace sees
   * every one) and the fatal ones before {@code +++ killed by ...}, which the model leaves out.
   */
  @Source(
      file = "kernel/entry/common.c",
      line = 147,
      function = "exit_to_user_mode_loop",
      version = "Linux 6.2")
  void exitToUserMode() {
    while (true) {
      Delivery d = s.signals().getSignal(task);
      if (d == null) {
        return;
      }
      if (d.fatal()) {
        s.exit().doGroupExit(task, d.sig());
        throw new ExitUnwind();
      }
      k.tracer.syscall(
          SignalText.DELIVERY,
          new long[] {d.sig()},
          0,
          true,
          textWanted() ? d.info() : null,
          SignalText.SIGNAL);
      SignalHandler h = task.mm.text == null ? null : task.mm.text.get(d.action().handler());
      if (h == null) {
        s.exit().doGroupExit(task, Signals.SIGSEGV);
        throw new ExitUnwind();
      }
      long saved = task.blocked;
      task.blocked |= d.action().mask();
      if ((d.action().flags() & Signals.SA_NODEFER) == 0) {
        task.blocked |= Signals.bit(d.sig());
      }
      try {
        h.handle(this, d.sig());
      } finally {
        task.blocked = saved;
      }
    }
  }

  /** Runs user code; a bad access kills the group with SIGSEGV. */
  void runUser(Continuation c, long result) {
    try {
      c.resume(this, result);
    } catch (UserFault e) {
      s.exit().doGroupExit(task, Signals.SIGSEGV);
      throw new ExitUnwind();
    }
  }

  /** Resumption that records a blocking call's completion then continues the user's code. */
  Resumption completion(Pending call, Continuation next) {
    return r -> {
      Object decoded = call.decode() != null && textWanted() ? call.decode().apply(r) : null;
      if ((task.signal.flags & io.github.clonepath.kernel.task.SignalStruct.SIGNAL_GROUP_EXIT)
          != 0) {
        // the group's exit ends the call: strace prints no result
        k.tracer.syscall(call.name(), call.args(), r, false, decoded, call.printer());
        exitToUserMode();
      }
      k.tracer.syscall(call.name(), call.args(), r, true, decoded, call.printer());
      exitToUserMode();
      runUser(next, r);
    };
  }

  /** A blocking-style call that finished at once: continue right away through the trampoline. */
  void immediate(Pending call, long r, Continuation next) {
    task.next = completion(call, next);
    task.wakeResult = r;
    task.resumeNow = true;
  }

  @Override
  public long await(Consumer<Continuation> call) {
    long[] result = new long[1];
    boolean[] done = new boolean[1];
    task.next = null;
    call.accept(
        (c, r) -> {
          result[0] = r;
          done[0] = true;
        });
    if (task.next == null) {
      throw new IllegalArgumentException(
          "await: the call made no blocking-style call; issue one call that takes the"
              + " continuation (for example k -> ctx.nanosleep(req, 0, k))");
    }
    s.sched().waitInside(task, () -> done[0]);
    return result[0];
  }

  /**
   * The entry of a new task: schedule_tail, then user code.
   *
   * @param child the user's entry point
   * @return the resumption for the scheduler
   */
  Resumption firstRun(Continuation child) {
    return r -> {
      s.fork().scheduleTail(task);
      exitToUserMode();
      runUser(child, 0);
    };
  }

  // ---------------------------------------------------------------- memory

  @Override
  public int load32(long addr) {
    return task.mm.load32(addr);
  }

  @Override
  public long load64(long addr) {
    return task.mm.load64(addr);
  }

  @Override
  public void store32(long addr, int value) {
    task.mm.store32(addr, value);
  }

  @Override
  public void store64(long addr, long value) {
    task.mm.store64(addr, value);
  }

  @Override
  public String loadString(long addr, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < max; i++) {
      int b = Uaccess.getByte(task.mm, addr + i);
      if (b == 0) {
        break;
      }
      sb.append((char) b);
    }
    return sb.toString();
  }

  @Override
  public void defineHandler(long addr, SignalHandler handler) {
    if (task.mm.text == null) {
      task.mm.text = new java.util.HashMap<>();
    }
    task.mm.text.put(addr, handler);
  }

  @Override
  public long now() {
    return k.now;
  }

  @Override
  public boolean racePoint() {
    return s.sched().userPoint(task);
  }

  // ---------------------------------------------------------------- the calls

  @Override
  public long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
    return MmCalls.mmap(this, addr, length, prot, flags, fd, offset);
  }

  @Override
  public long munmap(long addr, long length) {
    return MmCalls.munmap(this, addr, length);
  }

  @Override
  public long mprotect(long addr, long length, int prot) {
    return MmCalls.mprotect(this, addr, length, prot);
  }

  @Override
  public long madvise(long addr, long length, int advice) {
    return MmCalls.madvise(this, addr, length, advice);
  }

  @Override
  public long clone(
      long flags, long stack, long parentTid, long childTid, long tls, Continuation child) {
    return ForkCalls.clone(this, flags, stack, parentTid, childTid, tls, child);
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
    ForkCalls.clone(this, flags, stack, parentTid, childTid, tls, child, next);
  }

  @Override
  public long clone3(long args, long size, Continuation child) {
    return ForkCalls.clone3(this, args, size, child);
  }

  @Override
  public void clone3(long args, long size, Continuation child, Continuation next) {
    ForkCalls.clone3(this, args, size, child, next);
  }

  @Override
  public long setTidAddress(long tidptr) {
    return ForkCalls.setTidAddress(this, tidptr);
  }

  @Override
  public void exit(int status) {
    ExitCalls.exit(this, status);
  }

  @Override
  public void exitGroup(int status) {
    ExitCalls.exitGroup(this, status);
  }

  @Override
  public void wait4(int pid, long wstatus, int options, long rusage, Continuation next) {
    ExitCalls.wait4(this, pid, wstatus, options, rusage, next);
  }

  @Override
  public void waitid(int idtype, int id, long infop, int options, long rusage, Continuation next) {
    ExitCalls.waitid(this, idtype, id, infop, options, rusage, next);
  }

  @Override
  public long fsBase() {
    return task.fsBase;
  }

  @Override
  public long gettid() {
    return SysCalls.gettid(this);
  }

  @Override
  public long getpid() {
    return SysCalls.getpid(this);
  }

  @Override
  public long getppid() {
    return SysCalls.getppid(this);
  }

  @Override
  public long umask(int mask) {
    return SysCalls.umask(this, mask);
  }

  @Override
  public long getrlimit(int resource, long rlim) {
    return SysCalls.getrlimit(this, resource, rlim);
  }

  @Override
  public long setrlimit(int resource, long rlim) {
    return SysCalls.setrlimit(this, resource, rlim);
  }

  @Override
  public long prlimit64(int pid, int resource, long newLimit, long oldLimit) {
    return SysCalls.prlimit64(this, pid, resource, newLimit, oldLimit);
  }

  @Override
  public long setresuid(int ruid, int euid, int suid) {
    return SysCalls.setresuid(this, ruid, euid, suid);
  }

  @Override
  public long getuid() {
    return SysCalls.getuid(this);
  }

  @Override
  public long setRobustList(long head, long len) {
    return FutexCalls.setRobustList(this, head, len);
  }

  @Override
  public void futex(
      long uaddr, int op, int val, long timeout, long uaddr2, int val3, Continuation next) {
    FutexCalls.futex(this, uaddr, op, val, timeout, uaddr2, val3, next);
  }

  @Override
  public long futexWake(long uaddr, int op, int val, long uaddr2, int val3) {
    long r = FutexCalls.futexWake(this, uaddr, op, val, uaddr2, val3);
    if (r > 0) {
      wakeupPreemption();
    }
    return r;
  }

  /**
   * Wake-up preemption at the return of a call that woke a task: the woken task may run before the
   * caller's next user-space step, because the wake-up set need_resched on the caller's CPU and
   * {@code exit_to_user_mode_loop} schedules before returning (or, on a real machine, because the
   * woken task runs on another CPU while the caller goes on). A {@code PREEMPT} point, so answer 0
   * (the default) goes on as before. A group exit that ran meanwhile ends the caller here.
   */
  @Source(file = "kernel/sched/fair.c", function = "check_preempt_wakeup", version = "Linux 6.2")
  private void wakeupPreemption() {
    if (s.sched().preemptPoint(task)
        && (task.signal.flags & io.github.clonepath.kernel.task.SignalStruct.SIGNAL_GROUP_EXIT)
            != 0) {
      exitToUserMode();
    }
  }

  @Override
  public long rseq(long rseq, int len, int flags, int sig) {
    return RseqCalls.rseq(this, rseq, len, flags, sig);
  }

  @Override
  public long archPrctl(int code, long addr) {
    return ArchCalls.archPrctl(this, code, addr);
  }

  @Override
  public void schedYield(Continuation next) {
    SchedCalls.schedYield(this, next);
  }

  @Override
  public long schedSetscheduler(int pid, int policy, long param) {
    return SchedCalls.schedSetscheduler(this, pid, policy, param);
  }

  @Override
  public void compute(long nanos, Continuation next) {
    SchedCalls.compute(this, nanos, next);
  }

  @Override
  public void nanosleep(long req, long rem, Continuation next) {
    TimeCalls.nanosleep(this, req, rem, next);
  }

  @Override
  public void clockNanosleep(int clockid, int flags, long req, long rem, Continuation next) {
    TimeCalls.clockNanosleep(this, clockid, flags, req, rem, next);
  }

  @Override
  public long rtSigprocmask(int how, long set, long oldset, long sigsetsize) {
    return SignalCalls.rtSigprocmask(this, how, set, oldset, sigsetsize);
  }

  @Override
  public long rtSigaction(int sig, long act, long oldact, long sigsetsize) {
    return SignalCalls.rtSigaction(this, sig, act, oldact, sigsetsize);
  }

  @Override
  public long sigaltstack(long ss, long oldss) {
    return SignalCalls.sigaltstack(this, ss, oldss);
  }

  @Override
  public long kill(int pid, int sig) {
    return SignalCalls.kill(this, pid, sig);
  }

  @Override
  public long tgkill(int tgid, int tid, int sig) {
    return SignalCalls.tgkill(this, tgid, tid, sig);
  }

  @Override
  public long openat(int dirfd, String path, int flags, int mode) {
    return FileCalls.openat(this, dirfd, path, flags, mode);
  }

  @Override
  public long newfstatat(int dirfd, String path, long statbuf, int flags) {
    return StatCalls.newfstatat(this, dirfd, path, statbuf, flags);
  }

  @Override
  public long close(int fd) {
    return FileCalls.close(this, fd);
  }

  @Override
  public long dup(int fd) {
    return FileCalls.dup(this, fd);
  }

  @Override
  public long dup3(int oldfd, int newfd, int flags) {
    return FileCalls.dup3(this, oldfd, newfd, flags);
  }

  @Override
  public long fcntl(int fd, int cmd, long arg) {
    return FileCalls.fcntl(this, fd, cmd, arg);
  }

  @Override
  public long chdir(String path) {
    return FileCalls.chdir(this, path);
  }

  @Override
  public long getcwd(long buf, long size) {
    return DPathCalls.getcwd(this, buf, size);
  }

  @Override
  public long write(int fd, String text) {
    return FileCalls.write(this, fd, text);
  }

  @Override
  public long pipe2(long fildes, int flags) {
    return PipeCalls.pipe2(this, fildes, flags);
  }

  @Override
  public void read(int fd, long buf, long count, Continuation next) {
    PipeCalls.read(this, fd, buf, count, next);
  }
}
