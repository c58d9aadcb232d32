package io.github.clonepath.kernel.entry;

import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_VFORK;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.exit.WaitResult;
import io.github.clonepath.kernel.fork.KernelCloneArgs;
import io.github.clonepath.kernel.futex.FutexTable;
import io.github.clonepath.kernel.mm.MmStruct;
import io.github.clonepath.kernel.sched.ExitUnwind;
import io.github.clonepath.kernel.signal.Delivery;
import io.github.clonepath.kernel.syscall.Abi;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.MmFormat;
import io.github.clonepath.kernel.syscall.SignalHandler;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.kernel.syscall.UserContext;
import io.github.clonepath.kernel.syscall.UserFault;
import io.github.clonepath.kernel.syscall.Wait;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.Resumption;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.Uaccess;
import io.github.clonepath.kernel.task.WaitReason;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * One task's view of the kernel. Every system call is checked, run, recorded with its strace text,
 * and followed by signal delivery, as on the return to user mode. Calls that block hand the
 * scheduler a resumption that records the call when it completes and then runs the user's
 * continuation. Files, fs, limits and credentials calls live in {@link FileCalls}.
 */
public abstract class TaskContext implements UserContext {
  /** strace's default {@code -s}: strings are cut after 32 bytes. */
  public static final int STRING_LIMIT = 32;

  final Services s;
  final Kernel k;
  final Task task;

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

  long ret(String name, String text, long result) {
    return recorded(name, textWanted() ? text + " = " + Strace.result(result) : "", result);
  }

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
   * group (the task never returns to user code); a handler runs with its mask added.
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
      SignalHandler h = k.text.get(d.action().handler());
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
  Resumption completion(String name, LongFunction<String> text, Continuation next) {
    return r -> {
      if ((task.signal.flags & io.github.clonepath.kernel.task.SignalStruct.SIGNAL_GROUP_EXIT)
          != 0) {
        k.tracer.syscall(name, textWanted() ? text.apply(r) + " = ?" : "", r);
        exitToUserMode();
      }
      k.tracer.syscall(name, textWanted() ? text.apply(r) + " = " + Strace.result(r) : "", r);
      exitToUserMode();
      runUser(next, r);
    };
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

  /** A blocking-style call that finished at once: continue right away through the trampoline. */
  void immediate(String name, LongFunction<String> text, long r, Continuation next) {
    task.next = completion(name, text, next);
    task.wakeResult = r;
    task.resumeNow = true;
  }

  MmStruct mm() {
    return task.mm;
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
    k.text.put(addr, handler);
  }

  @Override
  public long now() {
    return k.now;
  }

  @Override
  public void compute(long nanos, Continuation next) {
    enter();
    long until = s.sched().reserveCpu(nanos);
    s.sched().addTimer(until, () -> s.sched().wakeUp(task, 0));
    s.sched()
        .sleep(
            task,
            TaskState.KILLABLE,
            WaitReason.COMPUTE,
            "compute",
            r -> {
              // a fatal signal (another thread's exit_group) stops user code at its next return
              // to user mode, before it runs on
              exitToUserMode();
              runUser(next, 0);
            },
            null);
  }

  // ---------------------------------------------------------------- address space

  @Override
  public long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
    enter();
    long r = task.mm.mmap(addr, length, prot, flags, fd, offset);
    return recorded(
        "mmap", textWanted() ? MmFormat.mmap(addr, length, prot, flags, fd, offset, r) : "", r);
  }

  @Override
  public long munmap(long addr, long length) {
    enter();
    long r = task.mm.munmap(addr, length);
    return recorded("munmap", textWanted() ? MmFormat.munmap(addr, length, r) : "", r);
  }

  @Override
  public long mprotect(long addr, long length, int prot) {
    enter();
    long r = task.mm.mprotect(addr, length, prot);
    return recorded("mprotect", textWanted() ? MmFormat.mprotect(addr, length, prot, r) : "", r);
  }

  @Override
  public long madvise(long addr, long length, int advice) {
    enter();
    long r = task.mm.madvise(addr, length, advice);
    return recorded("madvise", textWanted() ? MmFormat.madvise(addr, length, advice, r) : "", r);
  }

  // ---------------------------------------------------------------- clone

  private TaskContext childContext(Task p) {
    return new FileCalls(s, p);
  }

  @Override
  public long clone(
      long flags, long stack, long parentTid, long childTid, long tls, Continuation child) {
    if ((flags & CLONE_VFORK) != 0) {
      throw new IllegalArgumentException(
          "CLONE_VFORK blocks the caller: use clone(..., child, next)");
    }
    enter();
    long r = cloneCommon(flags, stack, parentTid, childTid, tls, child, null);
    return ret(
        "clone",
        CloneText.clone(task.mm, flags, stack, parentTid, childTid, tls, r)
            .replaceFirst(" = [^=]*$", ""),
        r);
  }

  /**
   * The legacy clone entry: flags in the low 32 bits with the exit signal in CSIGNAL; the pidfd
   * pointer is the parent_tid pointer; no argument validation.
   */
  @Source(file = "kernel/fork.c", line = 2806, function = "sys_clone", version = "Linux 6.2")
  private long cloneCommon(
      long flags,
      long stack,
      long ptid,
      long ctid,
      long tls,
      Continuation child,
      Continuation next) {
    long low = flags & 0xffffffffL;
    KernelCloneArgs args =
        new KernelCloneArgs(
            low & ~io.github.clonepath.kernel.syscall.CloneFlags.CSIGNAL,
            ptid,
            ctid,
            ptid,
            (int) (low & io.github.clonepath.kernel.syscall.CloneFlags.CSIGNAL),
            stack,
            0,
            tls,
            new int[0],
            0);
    return kernelCloneFor(args, child, next);
  }

  private long kernelCloneFor(KernelCloneArgs args, Continuation child, Continuation next) {
    Resumption vforkNext = next == null ? null : r -> runUser(next, r);
    ChildEntry entry = new ChildEntry(child);
    long r = s.fork().kernelClone(task, args, entry, vforkNext);
    if (r >= 0) {
      entry.bind(k.findTaskByPidNs(task.activePidNs(), (int) r));
    }
    return r;
  }

  /** A child's first resumption, bound to its task after copy_process made it. */
  private final class ChildEntry implements Resumption {
    private final Continuation child;
    private Task bound;

    ChildEntry(Continuation child) {
      this.child = child;
    }

    void bind(Task t) {
      bound = t;
    }

    @Override
    public void run(long result) {
      childContext(bound).firstRun(child).run(result);
    }
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
    enter();
    LongFunction<String> text =
        r ->
            CloneText.clone(task.mm, flags, stack, parentTid, childTid, tls, r)
                .replaceFirst(" = [^=]*$", "");
    if ((flags & CLONE_VFORK) == 0) {
      long r = cloneCommon(flags, stack, parentTid, childTid, tls, child, null);
      immediate("clone", text, r, next);
      return;
    }
    long r = cloneCommon(flags, stack, parentTid, childTid, tls, child, (ctx, v) -> {});
    if (r < 0) {
      immediate("clone", text, r, next);
    } else {
      task.next = completion("clone", text, next);
    }
  }

  /** {@code sys_clone3}: copy and validate the struct, then kernel_clone. */
  @Source(file = "kernel/fork.c", line = 2964, function = "sys_clone3", version = "Linux 6.2")
  private long doClone3(
      long uargs, long size, Continuation child, Continuation next, boolean blocking) {
    long[] err = new long[1];
    KernelCloneArgs a = s.fork().clone3Args().copyCloneArgsFromUser(task, uargs, size, err);
    if (a == null) {
      return err[0];
    }
    KernelCloneArgs v = s.fork().clone3Args().clone3ArgsValid(a);
    if (v == null) {
      return Errno.EINVAL.result();
    }
    if ((v.flags() & CLONE_VFORK) != 0 && !blocking) {
      throw new IllegalArgumentException(
          "the clone_args ask for CLONE_VFORK, which blocks the caller: use clone3(args, size,"
              + " child, next)");
    }
    return kernelCloneFor(v, child, (v.flags() & CLONE_VFORK) != 0 ? next : null);
  }

  @Override
  public long clone3(long args, long size, Continuation child) {
    enter();
    long r = doClone3(args, size, child, null, false);
    return ret(
        "clone3", textWanted() ? stripResult(CloneText.clone3(task.mm, args, size, r)) : "", r);
  }

  @Override
  public void clone3(long args, long size, Continuation child, Continuation next) {
    enter();
    LongFunction<String> text = r -> stripResult(CloneText.clone3(task.mm, args, size, r));
    long r = doClone3(args, size, child, (ctx, v) -> {}, true);
    if (r >= 0 && task.state == TaskState.KILLABLE && task.waitReason == WaitReason.VFORK) {
      task.next = completion("clone3", text, next);
    } else {
      immediate("clone3", text, r, next);
    }
  }

  private static String stripResult(String line) {
    int i = line.lastIndexOf(") = ");
    return line.substring(0, i + 1);
  }

  // ---------------------------------------------------------------- exit and ids

  @Override
  public void exit(int status) {
    enter();
    k.tracer.syscall("exit", "exit(" + status + ") = ?", 0);
    s.exit().doExit(task, (status & 0xff) << 8);
    throw new ExitUnwind();
  }

  @Override
  public void exitGroup(int status) {
    enter();
    k.tracer.syscall("exit_group", "exit_group(" + status + ") = ?", 0);
    s.exit().doGroupExit(task, (status & 0xff) << 8);
    throw new ExitUnwind();
  }

  @Override
  public long gettid() {
    enter();
    return ret("gettid", "gettid()", task.tidIn(task.activePidNs()));
  }

  @Override
  public long getpid() {
    enter();
    return ret("getpid", "getpid()", task.tgidIn(task.activePidNs()));
  }

  @Override
  public long getppid() {
    enter();
    Task parent = task.realParent;
    long r = parent == null ? 0 : parent.tgidIn(task.activePidNs());
    return ret("getppid", "getppid()", r);
  }

  @Override
  public long setTidAddress(long tidptr) {
    enter();
    task.clearChildTid = tidptr;
    return ret(
        "set_tid_address",
        "set_tid_address(" + Strace.addr(tidptr) + ")",
        task.tidIn(task.activePidNs()));
  }

  @Override
  public long setRobustList(long head, long len) {
    enter();
    long r;
    if (len != Abi.ROBUST_LIST_HEAD_LEN) {
      r = Errno.EINVAL.result();
    } else {
      task.robustList = head;
      task.robustListLen = len;
      r = 0;
    }
    if (!textWanted()) {
      return recorded("set_robust_list", "", r);
    }
    return ret("set_robust_list", "set_robust_list(" + Strace.addr(head) + ", " + len + ")", r);
  }

  /**
   * {@code sys_rseq} (registration): flags must be 0; a second registration of the same area is
   * EBUSY (EPERM with another signature, EINVAL with another area or length); a new area needs at
   * least 32 bytes, 32-byte alignment, and must lie in user space.
   */
  @Override
  @Source(file = "kernel/rseq.c", line = 336, function = "sys_rseq", version = "Linux 6.2")
  public long rseq(long rseq, int len, int flags, int sig) {
    enter();
    long r;
    final int unregister = 1;
    if ((flags & unregister) != 0) {
      if ((flags & ~unregister) != 0
          || task.rseq != rseq
          || task.rseq == 0
          || len != task.rseqLen) {
        r = Errno.EINVAL.result();
      } else if (task.rseqSig != sig) {
        r = Errno.EPERM.result();
      } else {
        task.rseq = 0;
        task.rseqLen = 0;
        task.rseqSig = 0;
        r = 0;
      }
    } else if (flags != 0) {
      r = Errno.EINVAL.result();
    } else if (task.rseq != 0) {
      if (task.rseq != rseq || len != task.rseqLen) {
        r = Errno.EINVAL.result();
      } else if (task.rseqSig != sig) {
        r = Errno.EPERM.result();
      } else {
        r = Errno.EBUSY.result();
      }
    } else if (len < 32 || (rseq & 31) != 0) {
      r = Errno.EINVAL.result();
    } else if (!Uaccess.accessOk(rseq, len)) {
      r = Errno.EFAULT.result();
    } else {
      task.rseq = rseq;
      task.rseqLen = len;
      task.rseqSig = sig;
      r = 0;
    }
    if (!textWanted()) {
      return recorded("rseq", "", r);
    }
    return ret(
        "rseq",
        "rseq("
            + Strace.addr(rseq)
            + ", 0x"
            + Integer.toHexString(len)
            + ", "
            + flags
            + ", 0x"
            + Integer.toHexString(sig)
            + ")",
        r);
  }

  @Override
  public long archPrctl(int code, long addr) {
    enter();
    long r;
    String name;
    switch (code) {
      case Abi.ARCH_SET_FS -> {
        name = "ARCH_SET_FS";
        if (Long.compareUnsigned(addr, Abi.TASK_SIZE_MAX) >= 0) {
          r = Errno.EPERM.result();
        } else {
          task.fsBase = addr;
          r = 0;
        }
      }
      case Abi.ARCH_GET_FS -> {
        name = "ARCH_GET_FS";
        r = Uaccess.putUser64(task.mm, addr, task.fsBase) ? 0 : Errno.EFAULT.result();
      }
      default -> {
        name = "0x" + Integer.toHexString(code) + " /* ARCH_??? */";
        r = Errno.EINVAL.result();
      }
    }
    return ret(
        "arch_prctl",
        "arch_prctl(" + name + ", " + Strace.addr(addr).replace("NULL", "0") + ")",
        r);
  }

  // ---------------------------------------------------------------- futex and time

  /** Reads a timespec: [sec, nsec], or null on a fault. */
  long[] timespec(long addr) {
    long[] w = Uaccess.copyFromUser(task.mm, addr, 16);
    return w;
  }

  static String timespecText(long[] ts) {
    return "{tv_sec=" + ts[0] + ", tv_nsec=" + Long.toUnsignedString(ts[1]) + "}";
  }

  static boolean timespecValid(long[] ts) {
    return ts[0] >= 0 && ts[1] >= 0 && ts[1] < 1_000_000_000L;
  }

  /**
   * {@code sys_futex}: the timeout is read and checked first for the commands that take one
   * (relative for FUTEX_WAIT, absolute for FUTEX_WAIT_BITSET), then CLOCK_REALTIME is refused for
   * anything but WAIT_BITSET (ENOSYS), then the command runs. DEVIATION: CLOCK_REALTIME and
   * CLOCK_MONOTONIC both read the machine's virtual time.
   */
  @Override
  @Source(
      file = "kernel/futex/syscalls.c",
      line = 164,
      function = "sys_futex",
      version = "Linux 6.2")
  public void futex(
      long uaddr, int op, int val, long timeout, long uaddr2, int val3, Continuation next) {
    enter();
    int cmd = op & Futex.FUTEX_CMD_MASK;
    boolean hasTimeout = cmd == Futex.FUTEX_WAIT || cmd == Futex.FUTEX_WAIT_BITSET;
    long[] ts = timeout != 0 && hasTimeout ? timespec(timeout) : null;
    String text = textWanted() ? futexText(uaddr, op, val, timeout, uaddr2, val3, ts) : "";
    LongFunction<String> tf = r -> text;
    long deadline = -1;
    if (timeout != 0 && hasTimeout) {
      if (ts == null) {
        immediate("futex", tf, Errno.EFAULT.result(), next);
        return;
      }
      if (!timespecValid(ts)) {
        immediate("futex", tf, Errno.EINVAL.result(), next);
        return;
      }
      long t = ts[0] * 1_000_000_000L + ts[1];
      deadline = cmd == Futex.FUTEX_WAIT ? k.now + t : t;
    }
    boolean shared = (op & Futex.FUTEX_PRIVATE_FLAG) == 0;
    if ((op & Futex.FUTEX_CLOCK_REALTIME) != 0 && cmd != Futex.FUTEX_WAIT_BITSET) {
      immediate("futex", tf, Errno.ENOSYS.result(), next);
      return;
    }
    long r;
    switch (cmd) {
      case Futex.FUTEX_WAIT, Futex.FUTEX_WAIT_BITSET -> {
        int bitset = cmd == Futex.FUTEX_WAIT ? Futex.FUTEX_BITSET_MATCH_ANY : val3;
        r =
            s.futex()
                .futexWait(
                    task, uaddr, shared, val, deadline, bitset, completion("futex", tf, next));
        if (r == FutexTable.BLOCKED) {
          return;
        }
      }
      case Futex.FUTEX_WAKE, Futex.FUTEX_WAKE_BITSET -> r = wake(cmd, uaddr, shared, val, val3);
      default -> r = Errno.ENOSYS.result();
    }
    immediate("futex", tf, r, next);
  }

  /**
   * {@code sys_futex} for the wake commands, which never block: the same checks in the same order
   * as {@link #futex} and the same trace line, with the result returned at once.
   */
  @Override
  @Source(file = "kernel/futex/syscalls.c", function = "sys_futex", version = "Linux 6.2")
  public long futexWake(long uaddr, int op, int val, long uaddr2, int val3) {
    enter();
    int cmd = op & Futex.FUTEX_CMD_MASK;
    if (cmd != Futex.FUTEX_WAKE && cmd != Futex.FUTEX_WAKE_BITSET) {
      throw new IllegalArgumentException(
          "futexWake takes FUTEX_WAKE or FUTEX_WAKE_BITSET, not "
              + Futex.formatOp(op)
              + "; use futex() for the commands that block");
    }
    String text =
        !textWanted()
            ? ""
            : "futex("
                + Strace.addr(uaddr)
                + ", "
                + Futex.formatOp(op)
                + ", "
                + val
                + (cmd == Futex.FUTEX_WAKE_BITSET ? ", " + Futex.formatBitset(val3) : "")
                + ")";
    long r =
        (op & Futex.FUTEX_CLOCK_REALTIME) != 0
            ? Errno.ENOSYS.result()
            : wake(cmd, uaddr, (op & Futex.FUTEX_PRIVATE_FLAG) == 0, val, val3);
    return ret("futex", text, r);
  }

  /** The futex call as strace prints it, without the result. */
  private static String futexText(
      long uaddr, int op, int val, long timeout, long uaddr2, int val3, long[] ts) {
    int cmd = op & Futex.FUTEX_CMD_MASK;
    String tsText = timeout == 0 ? "NULL" : ts != null ? timespecText(ts) : Strace.addr(timeout);
    String head = "futex(" + Strace.addr(uaddr) + ", " + Futex.formatOp(op) + ", " + val;
    return switch (cmd) {
      case Futex.FUTEX_WAIT -> head + ", " + tsText + ")";
      case Futex.FUTEX_WAKE -> head + ")";
      case Futex.FUTEX_WAIT_BITSET -> head + ", " + tsText + ", " + Futex.formatBitset(val3) + ")";
      case Futex.FUTEX_WAKE_BITSET -> head + ", " + Futex.formatBitset(val3) + ")";
      default ->
          head + ", " + Strace.addr(timeout) + ", " + Strace.addr(uaddr2) + ", " + val3 + ")";
    };
  }

  /** {@code futex_wake} with the bitset the command implies. */
  private long wake(int cmd, long uaddr, boolean shared, int val, int val3) {
    int bitset = cmd == Futex.FUTEX_WAKE ? Futex.FUTEX_BITSET_MATCH_ANY : val3;
    return s.futex().futexWake(task.mm, uaddr, shared, val, bitset);
  }

  @Override
  public void schedYield(Continuation next) {
    enter();
    k.tracer.syscall("sched_yield", "sched_yield() = 0", 0);
    s.sched()
        .yield(
            task,
            r -> {
              exitToUserMode();
              runUser(next, 0);
            });
  }

  @Override
  public void nanosleep(long req, long rem, Continuation next) {
    enter();
    sleepCommon("nanosleep", "nanosleep(", Abi.CLOCK_MONOTONIC, 0, req, rem, next);
  }

  @Override
  public void clockNanosleep(int clockid, int flags, long req, long rem, Continuation next) {
    enter();
    String clock =
        clockid == Abi.CLOCK_REALTIME
            ? "CLOCK_REALTIME"
            : clockid == Abi.CLOCK_MONOTONIC ? "CLOCK_MONOTONIC" : Integer.toString(clockid);
    String fl = flags == Abi.TIMER_ABSTIME ? "TIMER_ABSTIME" : Integer.toString(flags);
    sleepCommon(
        "clock_nanosleep",
        "clock_nanosleep(" + clock + ", " + fl + ", ",
        clockid,
        flags,
        req,
        rem,
        next);
  }

  /** {@code hrtimer_nanosleep} in virtual time; an interrupted sleep returns EINTR. */
  @Source(
      file = "kernel/time/hrtimer.c",
      line = 2083,
      function = "hrtimer_nanosleep",
      version = "Linux 6.2")
  private void sleepCommon(
      String name, String head, int clockid, int flags, long req, long rem, Continuation next) {
    long[] ts = timespec(req);
    String reqText = ts == null ? Strace.addr(req) : timespecText(ts);
    LongFunction<String> tf = r -> head + reqText + ", " + Strace.addr(rem) + ")";
    if (ts == null) {
      immediate(name, tf, Errno.EFAULT.result(), next);
      return;
    }
    if (!timespecValid(ts)) {
      immediate(name, tf, Errno.EINVAL.result(), next);
      return;
    }
    if (clockid != Abi.CLOCK_REALTIME && clockid != Abi.CLOCK_MONOTONIC) {
      immediate(name, tf, Errno.EINVAL.result(), next);
      return;
    }
    long t = ts[0] * 1_000_000_000L + ts[1];
    long until = (flags & Abi.TIMER_ABSTIME) != 0 ? t : k.now + t;
    io.github.clonepath.kernel.sched.Timer timer =
        s.sched().addTimer(until, () -> s.sched().wakeUp(task, 0));
    s.sched()
        .sleep(
            task,
            TaskState.INTERRUPTIBLE,
            WaitReason.SLEEP,
            name,
            completion(name, tf, next),
            () -> s.sched().cancel(timer));
  }

  // ---------------------------------------------------------------- wait

  private static final int WAIT4_OPTIONS =
      Wait.WNOHANG
          | Wait.WUNTRACED
          | Wait.WCONTINUED
          | Wait.__WNOTHREAD
          | Wait.__WCLONE
          | Wait.__WALL;

  @Override
  public void wait4(int pid, long wstatus, int options, long rusage, Continuation next) {
    enter();
    int[] statusOut = {-1};
    LongFunction<String> tf =
        r ->
            "wait4("
                + pid
                + ", "
                + (wstatus == 0
                    ? "NULL"
                    : r > 0 && statusOut[0] >= 0
                        ? "[" + Wait.formatStatus(statusOut[0]) + "]"
                        : Strace.addr(wstatus))
                + ", "
                + Wait.formatOptions(options)
                + ", "
                + Strace.addr(rusage)
                + ")";
    if ((options & ~WAIT4_OPTIONS) != 0) {
      immediate("wait4", tf, Errno.EINVAL.result(), next);
      return;
    }
    if (pid == Integer.MIN_VALUE || pid < -1 || pid == 0) {
      immediate("wait4", tf, Errno.ECHILD.result(), next);
      return;
    }
    waitLoop(
        "wait4",
        tf,
        pid,
        options | Wait.WEXITED,
        next,
        w -> {
          statusOut[0] = w.status();
          if (wstatus != 0 && !Uaccess.putUser32(task.mm, wstatus, w.status())) {
            return Errno.EFAULT.result();
          }
          return w.pid();
        });
  }

  @Override
  public void waitid(int idtype, int id, long infop, int options, long rusage, Continuation next) {
    enter();
    WaitResult[] got = new WaitResult[1];
    String type =
        switch (idtype) {
          case Wait.P_ALL -> "P_ALL";
          case Wait.P_PID -> "P_PID";
          case Wait.P_PIDFD -> "P_PIDFD";
          case Wait.P_PGID -> "P_PGID";
          default -> Integer.toString(idtype);
        };
    LongFunction<String> tf =
        r ->
            "waitid("
                + type
                + ", "
                + id
                + ", "
                + (r == 0 && got[0] != null && infop != 0
                    ? siginfoText(got[0])
                    : Strace.addr(infop))
                + ", "
                + Wait.formatOptions(options)
                + ", "
                + Strace.addr(rusage)
                + ")";
    int valid =
        Wait.WNOHANG
            | Wait.WNOWAIT
            | Wait.WEXITED
            | Wait.WUNTRACED
            | Wait.WCONTINUED
            | Wait.__WNOTHREAD
            | Wait.__WCLONE
            | Wait.__WALL;
    if ((options & ~valid) != 0
        || (options & (Wait.WEXITED | Wait.WUNTRACED | Wait.WCONTINUED)) == 0) {
      immediate("waitid", tf, Errno.EINVAL.result(), next);
      return;
    }
    int pid;
    switch (idtype) {
      case Wait.P_ALL -> pid = -1;
      case Wait.P_PID -> {
        if (id <= 0) {
          immediate("waitid", tf, Errno.EINVAL.result(), next);
          return;
        }
        pid = id;
      }
      case Wait.P_PIDFD -> {
        var files = task.files;
        if (id < 0 || id >= files.maxFds || files.fd[id] == null) {
          immediate("waitid", tf, Errno.EBADF.result(), next);
          return;
        }
        var f = files.fd[id];
        if (f.pidfdTask == null) {
          immediate("waitid", tf, Errno.EBADF.result(), next);
          return;
        }
        pid = f.pidfdTask.tidIn(task.activePidNs());
      }
      default -> {
        immediate("waitid", tf, Errno.EINVAL.result(), next);
        return;
      }
    }
    waitLoop(
        "waitid",
        tf,
        pid,
        options,
        next,
        w -> {
          got[0] = w;
          if (infop != 0) {
            boolean ok =
                Uaccess.putUser32(task.mm, infop, Signals.SIGCHLD)
                    && Uaccess.putUser32(task.mm, infop + 4, 0)
                    && Uaccess.putUser32(
                        task.mm,
                        infop + 8,
                        (w.status() & 0x7f) == 0 ? Wait.CLD_EXITED : Wait.CLD_KILLED)
                    && Uaccess.putUser32(task.mm, infop + 16, w.pid())
                    && Uaccess.putUser32(task.mm, infop + 20, w.uid())
                    && Uaccess.putUser32(
                        task.mm,
                        infop + 24,
                        (w.status() & 0x7f) == 0 ? (w.status() >> 8) & 0xff : w.status() & 0x7f);
            if (!ok) {
              return Errno.EFAULT.result();
            }
          }
          return 0;
        });
  }

  private static String siginfoText(WaitResult w) {
    boolean exited = (w.status() & 0x7f) == 0;
    return "{si_signo=SIGCHLD, si_code="
        + (exited ? "CLD_EXITED" : "CLD_KILLED")
        + ", si_pid="
        + w.pid()
        + ", si_uid="
        + w.uid()
        + ", si_status="
        + (exited ? Integer.toString((w.status() >> 8) & 0xff) : Signals.name(w.status() & 0x7f))
        + ", si_utime=0, si_stime=0}";
  }

  /** {@code do_wait}'s loop: look, and sleep until a child changes, until found or refused. */
  private void waitLoop(
      String name,
      LongFunction<String> tf,
      int pid,
      int options,
      Continuation next,
      java.util.function.ToLongFunction<WaitResult> report) {
    long[] err = new long[1];
    WaitResult w = s.waits().doWait(task, pid, options, err);
    if (w == null) {
      immediate(name, tf, err[0], next);
      return;
    }
    if (w != io.github.clonepath.kernel.exit.KernelWait.SLEEP) {
      long r = report.applyAsLong(w);
      immediate(name, tf, r, next);
      return;
    }
    Resumption again =
        r -> {
          if (r < 0) {
            completion(name, tf, next).run(r);
            return;
          }
          long[] e2 = new long[1];
          WaitResult w2 = s.waits().doWait(task, pid, options, e2);
          if (w2 == io.github.clonepath.kernel.exit.KernelWait.SLEEP) {
            sleepWait(task.next);
            return;
          }
          long rr = w2 == null ? e2[0] : report.applyAsLong(w2);
          completion(name, tf, next).run(rr);
        };
    sleepWait(again);
  }

  private Resumption pendingWait;

  private void sleepWait(Resumption again) {
    if (again != null) {
      pendingWait = again;
    }
    Resumption r = pendingWait;
    s.sched().sleep(task, TaskState.INTERRUPTIBLE, WaitReason.WAIT, "wait", r, null);
  }

  // ---------------------------------------------------------------- signals

  @Override
  public long rtSigprocmask(int how, long set, long oldset, long sigsetsize) {
    enter();
    String howText =
        switch (how) {
          case Signals.SIG_BLOCK -> "SIG_BLOCK";
          case Signals.SIG_UNBLOCK -> "SIG_UNBLOCK";
          case Signals.SIG_SETMASK -> "SIG_SETMASK";
          default -> "0x" + Integer.toHexString(how) + " /* SIG_??? */";
        };
    long old = task.blocked;
    long r = 0;
    Long newSet = null;
    if (sigsetsize != 8) {
      r = Errno.EINVAL.result();
    } else {
      if (set != 0) {
        long[] w = Uaccess.copyFromUser(task.mm, set, 8);
        if (w == null) {
          r = Errno.EFAULT.result();
        } else {
          newSet = w[0];
          long m = w[0] & ~io.github.clonepath.kernel.signal.KernelSignal.SIG_KERNEL_ONLY_MASK;
          switch (how) {
            case Signals.SIG_BLOCK -> task.blocked |= m;
            case Signals.SIG_UNBLOCK -> task.blocked &= ~m;
            case Signals.SIG_SETMASK -> task.blocked = m;
            default -> r = Errno.EINVAL.result();
          }
        }
      }
      if (r == 0 && oldset != 0 && !Uaccess.putUser64(task.mm, oldset, old)) {
        r = Errno.EFAULT.result();
      }
    }
    if (!textWanted()) {
      return recorded("rt_sigprocmask", "", r);
    }
    String setText =
        set == 0
            ? "NULL"
            : newSet != null && sigsetsize == 8 ? Signals.formatSet(newSet) : Strace.addr(set);
    String oldText = oldset == 0 ? "NULL" : r == 0 ? Signals.formatSet(old) : Strace.addr(oldset);
    return ret(
        "rt_sigprocmask",
        "rt_sigprocmask(" + howText + ", " + setText + ", " + oldText + ", " + sigsetsize + ")",
        r);
  }

  private static String actionText(io.github.clonepath.kernel.task.KSigaction a) {
    String h =
        a.handler() == Signals.SIG_DFL
            ? "SIG_DFL"
            : a.handler() == Signals.SIG_IGN ? "SIG_IGN" : "0x" + Long.toHexString(a.handler());
    StringBuilder sb =
        new StringBuilder("{sa_handler=")
            .append(h)
            .append(", sa_mask=")
            .append(Signals.formatSet(a.mask()))
            .append(", sa_flags=")
            .append(Signals.formatSaFlags(a.flags()));
    if ((a.flags() & Signals.SA_RESTORER) != 0) {
      sb.append(", sa_restorer=").append(Strace.addr(a.restorer()));
    }
    return sb.append('}').toString();
  }

  @Override
  public long rtSigaction(int sig, long act, long oldact, long sigsetsize) {
    enter();
    long r = 0;
    io.github.clonepath.kernel.task.KSigaction newAct = null;
    io.github.clonepath.kernel.task.KSigaction old = null;
    if (sigsetsize != 8) {
      r = Errno.EINVAL.result();
    } else {
      if (act != 0) {
        long[] w = Uaccess.copyFromUser(task.mm, act, 32);
        if (w == null) {
          r = Errno.EFAULT.result();
        } else {
          newAct = new io.github.clonepath.kernel.task.KSigaction(w[0], w[1], w[2], w[3]);
        }
      }
      if (r == 0) {
        old = s.signals().doSigaction(task, sig, newAct);
        if (old == null) {
          r = Errno.EINVAL.result();
        } else if (oldact != 0) {
          boolean ok =
              Uaccess.putUser64(task.mm, oldact, old.handler())
                  && Uaccess.putUser64(task.mm, oldact + 8, old.flags())
                  && Uaccess.putUser64(task.mm, oldact + 16, old.restorer())
                  && Uaccess.putUser64(task.mm, oldact + 24, old.mask());
          if (!ok) {
            r = Errno.EFAULT.result();
          }
        }
      }
    }
    String actText = act == 0 ? "NULL" : newAct != null ? actionText(newAct) : Strace.addr(act);
    String oldText =
        oldact == 0 ? "NULL" : r == 0 && old != null ? actionText(old) : Strace.addr(oldact);
    return ret(
        "rt_sigaction",
        "rt_sigaction("
            + Signals.name(sig)
            + ", "
            + actText
            + ", "
            + oldText
            + ", "
            + sigsetsize
            + ")",
        r);
  }

  private static String stackText(long sp, int flags, long size) {
    String fl =
        flags == Signals.SS_DISABLE
            ? "SS_DISABLE"
            : flags == Signals.SS_ONSTACK ? "SS_ONSTACK" : Integer.toString(flags);
    return "{ss_sp=" + Strace.addr(sp) + ", ss_flags=" + fl + ", ss_size=" + size + "}";
  }

  /**
   * {@code do_sigaltstack}: the new stack's mode must be 0, SS_ONSTACK or SS_DISABLE (EINVAL); a
   * stack smaller than MINSIGSTKSZ is ENOMEM; the old one is reported as SS_DISABLE when unset.
   */
  @Override
  @Source(file = "kernel/signal.c", line = 4170, function = "do_sigaltstack", version = "Linux 6.2")
  public long sigaltstack(long ss, long oldss) {
    enter();
    long oldSp = task.sasSsSp;
    long oldSize = task.sasSsSize;
    int oldFlags = oldSize == 0 ? Signals.SS_DISABLE : 0;
    long r = 0;
    String ssText = ss == 0 ? "NULL" : Strace.addr(ss);
    if (ss != 0) {
      long[] w = Uaccess.copyFromUser(task.mm, ss, 24);
      if (w == null) {
        r = Errno.EFAULT.result();
      } else {
        long sp = w[0];
        int flags = (int) w[1];
        long size = w[2];
        ssText = stackText(sp, flags, size);
        int mode = flags & ~(1 << 31);
        if (mode != Signals.SS_DISABLE && mode != Signals.SS_ONSTACK && mode != 0) {
          r = Errno.EINVAL.result();
        } else if (mode == Signals.SS_DISABLE) {
          task.sasSsSp = 0;
          task.sasSsSize = 0;
          task.sasSsFlags = Signals.SS_DISABLE;
        } else if (size < Signals.MINSIGSTKSZ) {
          r = Errno.ENOMEM.result();
        } else {
          task.sasSsSp = sp;
          task.sasSsSize = size;
          task.sasSsFlags = flags;
        }
      }
    }
    if (r == 0 && oldss != 0) {
      boolean ok =
          Uaccess.putUser64(task.mm, oldss, oldSp)
              && Uaccess.putUser32(task.mm, oldss + 8, oldFlags)
              && Uaccess.putUser64(task.mm, oldss + 16, oldSize);
      if (!ok) {
        r = Errno.EFAULT.result();
      }
    }
    String oldText =
        oldss == 0 ? "NULL" : r == 0 ? stackText(oldSp, oldFlags, oldSize) : Strace.addr(oldss);
    return ret("sigaltstack", "sigaltstack(" + ssText + ", " + oldText + ")", r);
  }

  private boolean killPermitted(Task target) {
    var c = task.cred;
    return c.capable(target.cred.userNs(), 5)
        || c.euid() == target.cred.uid()
        || c.euid() == target.cred.suid()
        || c.uid() == target.cred.uid()
        || c.uid() == target.cred.suid();
  }

  @Override
  public long kill(int pid, int sig) {
    enter();
    long r;
    if (pid <= 0) {
      r = Errno.ESRCH.result();
    } else {
      Task t = k.findTaskByPidNs(task.activePidNs(), pid);
      if (t != null && t.pid != t.tgid) {
        t = t.groupLeader;
      }
      if (t == null || t.released) {
        r = Errno.ESRCH.result();
      } else if (!Signals.valid(sig)) {
        r = Errno.EINVAL.result();
      } else if (!killPermitted(t)) {
        r = Errno.EPERM.result();
      } else {
        if (sig != 0 && t.signal.live > 0) {
          s.signals().sendSignal(t, sig, true);
        }
        r = 0;
      }
    }
    return ret("kill", "kill(" + pid + ", " + (sig == 0 ? "0" : Signals.name(sig)) + ")", r);
  }

  @Override
  public long tgkill(int tgid, int tid, int sig) {
    enter();
    long r;
    if (tgid <= 0 || tid <= 0) {
      r = Errno.EINVAL.result();
    } else {
      Task t = k.findTaskByPidNs(task.activePidNs(), tid);
      if (t == null || t.tgidIn(task.activePidNs()) != tgid || t.exiting) {
        r = Errno.ESRCH.result();
      } else if (!Signals.valid(sig)) {
        r = Errno.EINVAL.result();
      } else if (!killPermitted(t)) {
        r = Errno.EPERM.result();
      } else {
        if (sig != 0) {
          s.signals().sendSignal(t, sig, false);
        }
        r = 0;
      }
    }
    return ret(
        "tgkill",
        "tgkill(" + tgid + ", " + tid + ", " + (sig == 0 ? "0" : Signals.name(sig)) + ")",
        r);
  }

  // ---------------------------------------------------------------- output

  @Override
  public long write(int fd, String text) {
    enter();
    long r;
    var files = task.files;
    if (fd < 0 || fd >= files.maxFds || files.fd[fd] == null || (files.fd[fd].flags & 3) == 0) {
      r = Errno.EBADF.result();
    } else {
      r = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    return ret(
        "write",
        "write("
            + fd
            + ", "
            + Strace.string(text, STRING_LIMIT)
            + ", "
            + text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
            + ")",
        r);
  }
}
