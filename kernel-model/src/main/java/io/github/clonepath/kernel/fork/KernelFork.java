package io.github.clonepath.kernel.fork;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.exit.KernelExit;
import io.github.clonepath.kernel.file.FdTable;
import io.github.clonepath.kernel.mm.MmFork;
import io.github.clonepath.kernel.mm.MmStruct;
import io.github.clonepath.kernel.sched.Scheduler;
import io.github.clonepath.kernel.signal.KernelSignal;
import io.github.clonepath.kernel.syscall.Abi;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.FailPoint;
import io.github.clonepath.kernel.syscall.Fcntl;
import io.github.clonepath.kernel.syscall.Rlimits;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.task.Cred;
import io.github.clonepath.kernel.task.FilesStruct;
import io.github.clonepath.kernel.task.FsStruct;
import io.github.clonepath.kernel.task.KSigaction;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.OpenFile;
import io.github.clonepath.kernel.task.Pid;
import io.github.clonepath.kernel.task.ProcessMmEnv;
import io.github.clonepath.kernel.task.Resumption;
import io.github.clonepath.kernel.task.SighandStruct;
import io.github.clonepath.kernel.task.SignalStruct;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.Uaccess;
import io.github.clonepath.kernel.task.WaitReason;
import org.jspecify.annotations.Nullable;

/**
 * {@code kernel/fork.c}: clone3's argument copy and validation, {@code kernel_clone} and {@code
 * copy_process} with every check in the kernel's order and the copy steps unwound in reverse on
 * failure.
 *
 * <p>Version: Linux 6.2 code, with the behaviour of the reference machine (Linux 6.18) where later
 * kernels changed it: CLONE_NEWTIME is accepted by clone3 (6.3), CLONE_PIDFD with CLONE_THREAD
 * gives a thread pidfd (6.9), and an exit signal above 64 is refused by clone3 only, while legacy
 * clone accepts any exit byte (measured on the reference machine: the 7.1 check in kernel_clone is
 * not there).
 */
public final class KernelFork {
  /** {@code CLONE_LEGACY_FLAGS}: the low 32 bits. */
  public static final long CLONE_LEGACY_FLAGS = 0xffffffffL;

  /** {@code sizeof(struct clone_args)}. */
  public static final int CLONE_ARGS_SIZE = 88;

  private final Kernel kernel;
  private final Scheduler sched;
  private final KernelExit exit;
  private final FdTable fdt;
  private final KernelSignal signals;
  private final Clone3Args clone3Args;
  private final AllocPid pids;
  private final CopySteps steps;

  /**
   * The fork code of one machine.
   *
   * @param kernel the kernel
   * @param sched the scheduler
   * @param exit the release helpers the error path shares with exit
   * @param fdt the descriptor code
   * @param signals the signal code
   */
  public KernelFork(
      Kernel kernel, Scheduler sched, KernelExit exit, FdTable fdt, KernelSignal signals) {
    this.kernel = kernel;
    this.sched = sched;
    this.exit = exit;
    this.fdt = fdt;
    this.signals = signals;
    this.clone3Args = new Clone3Args(kernel);
    this.pids = new AllocPid(kernel);
    this.steps = new CopySteps(kernel);
  }

  /**
   * clone3's argument copy and checks ({@code copy_clone_args_from_user}, {@code
   * clone3_args_valid}).
   *
   * @return the argument code
   */
  public Clone3Args clone3Args() {
    return clone3Args;
  }

  /** The outcome of a step: a value or an errno. */
  static long err(Errno e) {
    return e.result();
  }

  // ------------------------------------------------------------------ clone3 argument handling

  // ------------------------------------------------------------------ kernel_clone

  /**
   * {@code kernel_clone}: the PIDFD/PARENT_SETTID pointer check, copy_process, the PARENT_SETTID
   * store (faults ignored), waking the child, and for CLONE_VFORK putting the caller to sleep until
   * the child releases its mm.
   *
   * @param current the caller
   * @param args the arguments
   * @param childEntry what the child runs first
   * @param vforkNext the caller's continuation for CLONE_VFORK (it sleeps; the wake-up result is
   *     the child's pid), ignored otherwise
   * @return the child's pid as the caller sees it, or {@code -errno}
   */
  @Source(file = "kernel/fork.c", line = 2640, function = "kernel_clone", version = "Linux 6.2")
  public long kernelClone(
      Task current, KernelCloneArgs args, Resumption childEntry, Resumption vforkNext) {
    try (var f = kernel.tracer.enter()) {
      long flags = args.flags();
      if ((flags & CLONE_PIDFD) != 0
          && (flags & CLONE_PARENT_SETTID) != 0
          && args.pidfd() == args.parentTid()) {
        return err(Errno.EINVAL);
      }
      long[] errOut = new long[1];
      Task p = copyProcess(current, args, errOut);
      if (p == null) {
        f.note("copy_process failed: %s", Errno.ofResult(errOut[0]));
        return errOut[0];
      }
      int nr = p.tidIn(current.activePidNs());
      if ((flags & CLONE_PARENT_SETTID) != 0) {
        boolean ok = Uaccess.putUser32(current.mm, args.parentTid(), nr);
        f.note("parent_tid 0x%x := %d%s", args.parentTid(), nr, ok ? "" : " (fault ignored)");
      }
      if ((flags & CLONE_VFORK) != 0) {
        p.vforkWaiter = current;
      }
      p.next = childEntry;
      sched.wakeUpNewTask(p);
      if ((flags & CLONE_VFORK) != 0) {
        sched.sleep(current, TaskState.KILLABLE, WaitReason.VFORK, "vfork", vforkNext, null);
        f.note("%s sleeps until %s releases its mm", current, p);
      }
      return nr;
    }
  }

  /**
   * {@code schedule_tail} for a new task's first run: the CHILD_SETTID store of the child's own tid
   * into its own memory (faults ignored).
   *
   * @param p the child, now running
   */
  @Source(
      file = "kernel/sched/core.c",
      line = 5228,
      function = "schedule_tail",
      version = "Linux 6.2")
  public void scheduleTail(Task p) {
    try (var f = kernel.tracer.enter()) {
      p.firstRun = false;
      if (p.setChildTid != 0) {
        int nr = p.tidIn(p.activePidNs());
        boolean ok = Uaccess.putUser32(p.mm, p.setChildTid, nr);
        f.note("set_child_tid 0x%x := %d%s", p.setChildTid, nr, ok ? "" : " (fault ignored)");
      }
    }
  }

  // ------------------------------------------------------------------ copy_process

  /**
   * {@code copy_process}: validity checks, then dup_task_struct, RLIMIT_NPROC, copy_creds,
   * threads-max, the copy_* steps, copy_thread, alloc_pid, the pidfd, cgroup checks, and finally
   * linking the task in. A failure unwinds every step already done, in reverse.
   *
   * @param current the caller
   * @param args the arguments
   * @param errOut receives {@code -errno} on failure
   * @return the new task, or null
   */
  @Source(file = "kernel/fork.c", line = 2010, function = "copy_process", version = "Linux 6.2")
  public @Nullable Task copyProcess(Task current, KernelCloneArgs args, long[] errOut) {
    try (var f = kernel.tracer.enter()) {
      long flags = args.flags();
      if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS)
          || (flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS)
          || ((flags & CLONE_THREAD) != 0 && (flags & CLONE_SIGHAND) == 0)
          || ((flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0)
          || ((flags & CLONE_PARENT) != 0
              && (current.signal.flags & SignalStruct.SIGNAL_UNKILLABLE) != 0)) {
        errOut[0] = err(Errno.EINVAL);
        return null;
      }
      if ((flags & CLONE_THREAD) != 0
          && ((flags & (CLONE_NEWUSER | CLONE_NEWPID)) != 0
              || current.activePidNs() != current.nsproxy.pidNsForChildren)) {
        errOut[0] = err(Errno.EINVAL);
        return null;
      }
      if ((flags & CLONE_PIDFD) != 0 && (flags & CLONE_DETACHED) != 0) {
        errOut[0] = err(Errno.EINVAL);
        return null;
      }
      // A pending signal would make the fork restart (ERESTARTNOINTR), which user space never
      // sees: the model delivers signals before a system call returns, so none is pending here.

      Task p = dupTaskStruct(current);
      if (p == null) {
        errOut[0] = err(Errno.ENOMEM);
        return null;
      }
      // rseq_fork: a thread sharing the mm starts unregistered (its area would be the parent's);
      // only a child with its own copy of the mm keeps the registration.
      if ((flags & CLONE_VM) != 0) {
        p.rseq = 0;
        p.rseqLen = 0;
        p.rseqSig = 0;
      }
      p.setChildTid = (flags & CLONE_CHILD_SETTID) != 0 ? args.childTid() : 0;
      p.clearChildTid = (flags & CLONE_CHILD_CLEARTID) != 0 ? args.childTid() : 0;

      int uid = p.cred.uid();
      long nproc = current.signal.rlim[Rlimits.RLIMIT_NPROC].cur();
      if (Long.compareUnsigned(kernel.tasksPerUid.getOrDefault(uid, 0), nproc) >= 0
          && uid != 0
          && !current.cred.capable(kernel.initUserNs, Cred.CAP_SYS_RESOURCE)
          && !current.cred.capable(kernel.initUserNs, Cred.CAP_SYS_ADMIN)) {
        f.note("RLIMIT_NPROC %d reached for uid %d", nproc, uid);
        errOut[0] = err(Errno.EAGAIN);
        return null;
      }
      long r = steps.copyCreds(current, p, flags);
      if (r < 0) {
        errOut[0] = r;
        return null;
      }
      if (kernel.nrThreads >= kernel.maxThreads) {
        f.note("nr_threads %d >= threads-max %d", kernel.nrThreads, kernel.maxThreads);
        errOut[0] = err(Errno.EAGAIN);
        uncountCreds(p);
        return null;
      }
      Step step = Step.COUNT;
      try {
        if ((r = steps.copySemundo(current, p, flags)) < 0) {
          return fail(p, flags, errOut, r, step);
        }
        step = Step.SEMUNDO;
        if ((r = copyFiles(current, p, flags)) < 0) {
          return fail(p, flags, errOut, r, step);
        }
        step = Step.FILES;
        if ((r = copyFs(current, p, flags)) < 0) {
          return fail(p, flags, errOut, r, step);
        }
        step = Step.FS;
        if ((r = copySighand(current, p, flags)) < 0) {
          return fail(p, flags, errOut, r, step);
        }
        step = Step.SIGHAND;
        if ((r = copySignal(current, p, flags)) < 0) {
          return fail(p, flags, errOut, r, step);
        }
        step = Step.SIGNAL;
        if ((r = copyMm(current, p, flags)) < 0) {
          return fail(p, flags, errOut, r, step);
        }
        step = Step.MM;
        if ((r = steps.copyNamespaces(current, p, flags)) < 0) {
          return fail(p, flags, errOut, r, step);
        }
        step = Step.NAMESPACES;
        if ((r = copyIo(current, p, flags)) < 0) {
          return fail(p, flags, errOut, r, step);
        }
        step = Step.IO;
        if ((r = copyThread(current, p, args)) < 0) {
          return fail(p, flags, errOut, r, step);
        }
        step = Step.THREAD;
        Pid pid = pids.allocPid(current, p.nsproxy.pidNsForChildren, args.setTid(), errOut);
        if (pid == null) {
          return fail(p, flags, errOut, errOut[0], step);
        }
        step = Step.PID;
        p.threadPid = pid;
        int pidfd = -1;
        OpenFile pidfile = null;
        if ((flags & CLONE_PIDFD) != 0) {
          long fd =
              fdt.allocFd(current.files, 0, current.signal.rlim[Rlimits.RLIMIT_NOFILE].cur(), true);
          if (fd < 0) {
            return fail(p, flags, errOut, fd, step);
          }
          pidfd = (int) fd;
          pidfile = new OpenFile(kernel.nextId("file"), null, p, Fcntl.O_RDWR);
          step = Step.PIDFD;
          if (!Uaccess.putUser32(current.mm, args.pidfd(), pidfd)) {
            fdt.putUnusedFd(current.files, pidfd);
            return fail(p, flags, errOut, err(Errno.EFAULT), Step.PID);
          }
        }
        if ((flags & CLONE_VM) != 0 && (flags & CLONE_VFORK) == 0) {
          p.sasSsSp = 0;
          p.sasSsSize = 0;
          p.sasSsFlags = Signals.SS_DISABLE;
        }
        p.pid = pid.global();
        if ((flags & CLONE_THREAD) != 0) {
          p.groupLeader = current.groupLeader;
          p.tgid = current.tgid;
        } else {
          p.groupLeader = p;
          p.tgid = p.pid;
        }
        r = steps.cgroupCanFork(current, p, args);
        if (r < 0) {
          if (pidfile != null) {
            fdt.putUnusedFd(current.files, pidfd);
          }
          return fail(p, flags, errOut, r, Step.PID);
        }
        if ((flags & (CLONE_PARENT | CLONE_THREAD)) != 0) {
          p.realParent = current.realParent;
          p.exitSignal = (flags & CLONE_THREAD) != 0 ? -1 : current.groupLeader.exitSignal;
        } else {
          p.realParent = current;
          p.exitSignal = args.exitSignal();
        }
        if (!pid.ns().adding) {
          if (pidfile != null) {
            fdt.putUnusedFd(current.files, pidfd);
          }
          return fail(p, flags, errOut, err(Errno.ENOMEM), Step.PID);
        }
        // No more failure paths after this point.
        if (p.isLeader()) {
          if (pid.numbers[pid.level] == 1) {
            pid.ns().childReaper = p;
            p.signal.flags |= SignalStruct.SIGNAL_UNKILLABLE;
          }
          p.realParent.children.add(p);
        } else {
          SignalStruct s = current.signal;
          s.nrThreads++;
          s.live++;
          s.sigcnt++;
          s.threads.add(p);
          f.note(
              "signal %d: nr_threads %d→%d, live %d→%d, sigcnt %d→%d",
              s.id, s.nrThreads - 1, s.nrThreads, s.live - 1, s.live, s.sigcnt - 1, s.sigcnt);
        }
        pid.attach(p);
        kernel.tasks.put(p.pid, p);
        kernel.nrThreads++;
        kernel.totalForks++;
        if (pidfile != null) {
          fdt.fdInstall(current.files, pidfd, pidfile);
        }
        p.state = TaskState.RUNNING;
        f.note("%s created by %s", p, current);
        return p;
      } finally {
        if (errOut[0] != 0) {
          f.note("unwound from %s", step);
        }
      }
    }
  }

  /** How far copy_process got, for the error path. */
  private enum Step {
    COUNT,
    SEMUNDO,
    FILES,
    FS,
    SIGHAND,
    SIGNAL,
    MM,
    NAMESPACES,
    IO,
    THREAD,
    PID,
    PIDFD
  }

  /**
   * The {@code bad_fork_*} labels: undo every completed step in reverse order.
   *
   * @return null, for {@code return fail(...)}
   */
  @SuppressWarnings("fallthrough")
  private Task fail(Task p, long flags, long[] errOut, long r, Step done) {
    errOut[0] = r;
    switch (done) {
      case PIDFD, PID:
        pids.freePid(p.threadPid);
        p.threadPid = null;
      // fall through
      case THREAD:
      case IO:
      case NAMESPACES:
        exit.structs().exitTaskNamespaces(p);
      // fall through
      case MM:
        if (p.mm != null) {
          MmStruct mm = p.mm;
          p.mm = null;
          mm.mmput();
        }
      // fall through
      case SIGNAL:
        if ((flags & CLONE_THREAD) == 0) {
          p.signal.sigcnt--;
        }
        p.signal = null;
      // fall through
      case SIGHAND:
        exit.cleanupSighand(p.sighand);
        p.sighand = null;
      // fall through
      case FS:
        exit.structs().exitFs(p);
      // fall through
      case FILES:
        exit.structs().exitFiles(p);
      // fall through
      case SEMUNDO:
        exit.structs().exitSem(p);
      // fall through
      case COUNT:
        uncountCreds(p);
        break;
      default:
        throw new IllegalStateException("unknown step " + done);
    }
    return null;
  }

  private void uncountCreds(Task p) {
    kernel.tasksPerUid.merge(p.cred.uid(), -1, Integer::sum);
  }

  /**
   * {@code dup_task_struct}: the new task_struct starts as a copy of the caller's (credentials,
   * blocked mask, alternate stack, TLS base, rseq registration, cgroup), with an empty pending
   * queue, no robust list and no pointers of its own yet.
   */
  @Source(file = "kernel/fork.c", line = 972, function = "dup_task_struct", version = "Linux 6.2")
  private Task dupTaskStruct(Task current) {
    try (var f = kernel.tracer.enter()) {
      if (kernel.shouldFail(FailPoint.TASK)) {
        f.note("task_struct allocation fails (injected)");
        return null;
      }
      Task p = new Task(current.comm);
      p.cred = current.cred;
      p.blocked = current.blocked;
      p.sasSsSp = current.sasSsSp;
      p.sasSsSize = current.sasSsSize;
      p.sasSsFlags = current.sasSsFlags;
      p.fsBase = current.fsBase;
      p.rseq = current.rseq;
      p.rseqLen = current.rseqLen;
      p.rseqSig = current.rseqSig;
      p.cgroup = current.cgroup;
      p.state = TaskState.KILLABLE;
      p.waitReason = WaitReason.NEW;
      p.waitLabel = "new";
      p.fs = current.fs;
      p.files = current.files;
      p.sighand = current.sighand;
      p.signal = current.signal;
      p.nsproxy = current.nsproxy;
      p.semUndo = current.semUndo;
      return p;
    }
  }

  /** {@code copy_files}: CLONE_FILES shares the table (count++); otherwise dup_fd copies it. */
  @Source(file = "kernel/fork.c", line = 1627, function = "copy_files", version = "Linux 6.2")
  private long copyFiles(Task current, Task p, long flags) {
    try (var f = kernel.tracer.enter()) {
      FilesStruct old = current.files;
      if (old == null) {
        return 0;
      }
      if ((flags & CLONE_FILES) != 0) {
        old.count++;
        f.note("copy_files: shared, count %d→%d", old.count - 1, old.count);
        return 0;
      }
      long[] e = new long[1];
      FilesStruct n = fdt.dupFd(old, e);
      if (n == null) {
        p.files = null;
        return e[0];
      }
      p.files = n;
      f.note("copy_files: copied, files %d count 1", n.id);
      return 0;
    }
  }

  /**
   * {@code copy_fs}: CLONE_FS shares the fs_struct unless an exec holds it (in_exec: EAGAIN);
   * otherwise copy_fs_struct copies root, cwd and umask.
   */
  @Source(file = "kernel/fork.c", line = 1607, function = "copy_fs", version = "Linux 6.2")
  private long copyFs(Task current, Task p, long flags) {
    try (var f = kernel.tracer.enter()) {
      FsStruct fs = current.fs;
      if ((flags & CLONE_FS) != 0) {
        if (fs.inExec) {
          p.fs = null;
          return err(Errno.EAGAIN);
        }
        fs.users++;
        f.note("copy_fs: shared, users %d→%d", fs.users - 1, fs.users);
        return 0;
      }
      if (kernel.shouldFail(FailPoint.FS)) {
        p.fs = null;
        return err(Errno.ENOMEM);
      }
      p.fs = new FsStruct(kernel.nextId("fs"), fs.root, fs.pwd, fs.umask);
      f.note("copy_fs: copied, fs %d users 1", p.fs.id);
      return 0;
    }
  }

  /**
   * {@code copy_sighand}: CLONE_SIGHAND shares the table; otherwise the 64 actions are copied, and
   * with CLONE_CLEAR_SIGHAND every handler that is not SIG_IGN becomes SIG_DFL (flags and masks
   * cleared).
   */
  @Source(file = "kernel/fork.c", line = 1654, function = "copy_sighand", version = "Linux 6.2")
  private long copySighand(Task current, Task p, long flags) {
    try (var f = kernel.tracer.enter()) {
      SighandStruct old = current.sighand;
      if ((flags & CLONE_SIGHAND) != 0) {
        old.count++;
        f.note("copy_sighand: shared, count %d→%d", old.count - 1, old.count);
        return 0;
      }
      if (kernel.shouldFail(FailPoint.SIGHAND)) {
        p.sighand = null;
        return err(Errno.ENOMEM);
      }
      SighandStruct n = new SighandStruct(kernel.nextId("sighand"));
      System.arraycopy(old.action, 0, n.action, 0, old.action.length);
      if ((flags & CLONE_CLEAR_SIGHAND) != 0) {
        for (int i = 0; i < n.action.length; i++) {
          long h = n.action[i].handler() == Signals.SIG_IGN ? Signals.SIG_IGN : Signals.SIG_DFL;
          n.action[i] = new KSigaction(h, 0, 0, 0);
        }
      }
      p.sighand = n;
      f.note("copy_sighand: copied, sighand %d count 1", n.id);
      return 0;
    }
  }

  /**
   * {@code copy_signal}: a thread shares the group's signal_struct (its counters rise when it is
   * linked in); a new process gets a fresh one with copied rlimits.
   */
  @Source(file = "kernel/fork.c", line = 1703, function = "copy_signal", version = "Linux 6.2")
  private long copySignal(Task current, Task p, long flags) {
    try (var f = kernel.tracer.enter()) {
      if ((flags & CLONE_THREAD) != 0) {
        f.note("copy_signal: shared with group %d", current.tgid);
        return 0;
      }
      if (kernel.shouldFail(FailPoint.SIGNAL)) {
        p.signal = null;
        return err(Errno.ENOMEM);
      }
      SignalStruct s = new SignalStruct(kernel.nextId("signal"));
      System.arraycopy(current.signal.rlim, 0, s.rlim, 0, s.rlim.length);
      s.threads.add(p);
      p.signal = s;
      f.note("copy_signal: new signal %d (sigcnt 1, live 1, nr_threads 1)", s.id);
      return 0;
    }
  }

  /**
   * {@code copy_mm}: CLONE_VM shares the address space (mm_users++); otherwise dup_mm copies it.
   */
  @Source(file = "kernel/fork.c", line = 1570, function = "copy_mm", version = "Linux 6.2")
  private long copyMm(Task current, Task p, long flags) {
    try (var f = kernel.tracer.enter()) {
      MmStruct old = current.mm;
      if (old == null) {
        p.mm = null;
        return 0;
      }
      if ((flags & CLONE_VM) != 0) {
        int before = old.mmUsers();
        old.mmget();
        p.mm = old;
        f.note("copy_mm: shared, mm_users %d→%d", before, old.mmUsers());
        return 0;
      }
      MmStruct n =
          kernel.shouldFail(FailPoint.MM)
              ? null
              : MmFork.dupMm(old, new ProcessMmEnv(kernel, p.signal));
      if (n == null) {
        p.mm = null;
        return err(Errno.ENOMEM);
      }
      p.mm = n;
      f.note("copy_mm: dup_mm, %d VMAs copied", n.mapCount());
      return 0;
    }
  }

  /**
   * {@code copy_io}: CLONE_IO shares the caller's io_context. A task has none until it does block
   * I/O, which the model never does, so there is nothing to share or copy. In 6.2 it is an inline
   * helper in {@code include/linux/iocontext.h} calling {@code __copy_io} in {@code
   * block/blk-ioc.c}.
   */
  @Source(
      file = "include/linux/iocontext.h",
      line = 122,
      function = "copy_io",
      version = "Linux 6.2")
  private long copyIo(Task current, Task p, long flags) {
    try (var f = kernel.tracer.enter()) {
      f.note("copy_io: no io_context to share or copy");
      return 0;
    }
  }

  /**
   * {@code copy_thread} (x86-64): the child's stack pointer (0 keeps the caller's) and, with
   * CLONE_SETTLS, its FS base; a TLS at or above TASK_SIZE_MAX is EPERM ({@code do_arch_prctl_64}
   * rules).
   */
  @Source(
      file = "arch/x86/kernel/process.c",
      line = 134,
      function = "copy_thread",
      version = "Linux 6.2")
  private long copyThread(Task current, Task p, KernelCloneArgs args) {
    try (var f = kernel.tracer.enter()) {
      p.sp = args.stack();
      if ((args.flags() & CLONE_SETTLS) != 0) {
        if (Long.compareUnsigned(args.tls(), Abi.TASK_SIZE_MAX) >= 0) {
          return err(Errno.EPERM);
        }
        p.fsBase = args.tls();
        f.note("fs base 0x%x", p.fsBase);
      }
      return 0;
    }
  }
}
