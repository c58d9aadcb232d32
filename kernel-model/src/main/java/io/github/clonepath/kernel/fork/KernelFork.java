package io.github.clonepath.kernel.fork;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.exit.KernelExit;
import io.github.clonepath.kernel.file.FdTable;
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
import io.github.clonepath.kernel.task.ErrOr;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.OpenFile;
import io.github.clonepath.kernel.task.Pid;
import io.github.clonepath.kernel.task.Resumption;
import io.github.clonepath.kernel.task.SignalStruct;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.Uaccess;
import io.github.clonepath.kernel.task.WaitReason;
import java.util.Locale;

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
  private final CopyStructs structs;

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
    this.structs = new CopyStructs(kernel, fdt);
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
      ErrOr<Task> copied = copyProcess(current, args);
      if (copied.isErr()) {
        if (f.recording()) {
          f.note("copy_process failed: %s", Errno.ofResult(copied.error()));
        }
        return copied.error();
      }
      Task p = copied.get();
      int nr = p.tidIn(current.activePidNs());
      if ((flags & CLONE_PARENT_SETTID) != 0) {
        boolean ok = Uaccess.putUser32(current.mm, args.parentTid(), nr);
        if (f.recording()) {
          f.note("parent_tid 0x%x := %d%s", args.parentTid(), nr, ok ? "" : " (fault ignored)");
        }
      }
      if ((flags & CLONE_VFORK) != 0) {
        p.vforkWaiter = current;
      }
      p.next = childEntry;
      sched.wakeUpNewTask(p);
      if ((flags & CLONE_VFORK) != 0) {
        sched.sleep(current, TaskState.KILLABLE, WaitReason.VFORK, "vfork", vforkNext, null);
        if (f.recording()) {
          f.note(
              "%s[%d] sleeps until %s[%d] releases its mm",
              current.comm, current.pid, p.comm, p.pid);
        }
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
        if (f.recording()) {
          f.note("set_child_tid 0x%x := %d%s", p.setChildTid, nr, ok ? "" : " (fault ignored)");
        }
      }
    }
  }

  // ------------------------------------------------------------------ copy_process

  /**
   * {@code copy_process}: validity checks, then dup_task_struct, RLIMIT_NPROC, copy_creds,
   * threads-max, the copy_* steps, copy_thread, alloc_pid, the pidfd, cgroup checks, and finally
   * linking the task in. A failure jumps to the {@code bad_fork_*} label of the last step done, and
   * {@link #badFork} undoes from there down, as the labels at the end of the real function do.
   *
   * @param current the caller
   * @param args the arguments
   * @return the new task, or the errno that stopped it
   */
  @Source(file = "kernel/fork.c", line = 2010, function = "copy_process", version = "Linux 6.2")
  public ErrOr<Task> copyProcess(Task current, KernelCloneArgs args) {
    try (var f = kernel.tracer.enter()) {
      long flags = args.flags();
      // a child in a new mount namespace must not share the caller's root and cwd
      if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS)) {
        return ErrOr.err(Errno.EINVAL);
      }
      // nor may a child in a new user namespace
      if ((flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS)) {
        return ErrOr.err(Errno.EINVAL);
      }
      // the threads of a group share their signal handlers
      if ((flags & CLONE_THREAD) != 0 && (flags & CLONE_SIGHAND) == 0) {
        return ErrOr.err(Errno.EINVAL);
      }
      // shared handlers live at addresses of a shared address space
      if ((flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0) {
        return ErrOr.err(Errno.EINVAL);
      }
      // a sibling of an init would be a zombie that no parent reaps
      if ((flags & CLONE_PARENT) != 0
          && (current.signal.flags & SignalStruct.SIGNAL_UNKILLABLE) != 0) {
        return ErrOr.err(Errno.EINVAL);
      }
      // a thread cannot sit in another pid or user namespace than its group
      if ((flags & CLONE_THREAD) != 0
          && ((flags & (CLONE_NEWUSER | CLONE_NEWPID)) != 0
              || current.activePidNs() != current.nsproxy.pidNsForChildren)) {
        return ErrOr.err(Errno.EINVAL);
      }
      // CLONE_DETACHED stays refused so its bit can take a pidfd meaning later (6.2 also
      // refuses CLONE_THREAD here; the model follows 6.9, which gives a thread pidfd)
      if ((flags & CLONE_PIDFD) != 0 && (flags & CLONE_DETACHED) != 0) {
        return ErrOr.err(Errno.EINVAL);
      }
      // A pending signal would make the fork restart (ERESTARTNOINTR), which user space never
      // sees: the model delivers signals before a system call returns, so none is pending here.

      Task p = dupTaskStruct(current);
      // fork_out: the task_struct or its stack could not be allocated
      if (p == null) {
        return ErrOr.err(Errno.ENOMEM);
      }
      // rseq_fork: a thread sharing the mm starts unregistered (its area would be the parent's);
      // only a child with its own copy of the mm keeps the registration. (6.2 does this late,
      // under siglock; nothing between here and there reads it.)
      if ((flags & CLONE_VM) != 0) {
        p.rseq = 0;
        p.rseqLen = 0;
        p.rseqSig = 0;
      }
      p.setChildTid = (flags & CLONE_CHILD_SETTID) != 0 ? args.childTid() : 0;
      p.clearChildTid = (flags & CLONE_CHILD_CLEARTID) != 0 ? args.childTid() : 0;

      // RLIMIT_NPROC bounds the tasks of one user, except for root and the capable. The model
      // checks before copy_creds counts the child; 6.2 runs copy_creds first.
      int uid = p.cred.uid();
      long nproc = current.signal.rlim[Rlimits.RLIMIT_NPROC].cur();
      if (Long.compareUnsigned(kernel.tasksPerUid.getOrDefault(uid, 0), nproc) >= 0) {
        if (uid != 0
            && !current.cred.capable(kernel.initUserNs, Cred.CAP_SYS_RESOURCE)
            && !current.cred.capable(kernel.initUserNs, Cred.CAP_SYS_ADMIN)) {
          if (f.recording()) {
            f.note("RLIMIT_NPROC %d reached for uid %d", nproc, uid);
          }
          return badFork(f, current, p, flags, Label.BAD_FORK_FREE, err(Errno.EAGAIN), -1);
        }
      }
      long r;
      // the child's credentials: shared, copied, or in a new user namespace
      if ((r = steps.copyCreds(current, p, flags)) < 0) {
        return badFork(f, current, p, flags, Label.BAD_FORK_FREE, r, -1);
      }
      // threads-max bounds the tasks of the whole machine, even root's
      if (kernel.nrThreads >= kernel.maxThreads) {
        if (f.recording()) {
          f.note("nr_threads %d >= threads-max %d", kernel.nrThreads, kernel.maxThreads);
        }
        return badFork(f, current, p, flags, Label.BAD_FORK_CLEANUP_COUNT, err(Errno.EAGAIN), -1);
      }
      // security, audit, perf and the scheduler's fork steps are not modeled
      // the SysV semaphore undo list: shared with CLONE_SYSVSEM, else none
      if ((r = steps.copySemundo(current, p, flags)) < 0) {
        return badFork(f, current, p, flags, Label.BAD_FORK_CLEANUP_SECURITY, r, -1);
      }
      // the descriptor table: shared with CLONE_FILES, else copied
      if ((r = structs.copyFiles(current, p, flags)) < 0) {
        return badFork(f, current, p, flags, Label.BAD_FORK_CLEANUP_SEMUNDO, r, -1);
      }
      // root, cwd and umask: shared with CLONE_FS, else copied
      if ((r = structs.copyFs(current, p, flags)) < 0) {
        return badFork(f, current, p, flags, Label.BAD_FORK_CLEANUP_FILES, r, -1);
      }
      // the signal actions: shared with CLONE_SIGHAND, else copied
      if ((r = structs.copySighand(current, p, flags)) < 0) {
        return badFork(f, current, p, flags, Label.BAD_FORK_CLEANUP_FS, r, -1);
      }
      // the thread group's signal_struct: a thread joins its group's, a process gets its own
      if ((r = structs.copySignal(current, p, flags)) < 0) {
        return badFork(f, current, p, flags, Label.BAD_FORK_CLEANUP_SIGHAND, r, -1);
      }
      // the address space: shared with CLONE_VM, else duplicated
      if ((r = structs.copyMm(current, p, flags)) < 0) {
        return badFork(f, current, p, flags, Label.BAD_FORK_CLEANUP_SIGNAL, r, -1);
      }
      // the namespaces: shared unless a CLONE_NEW* flag asks for new ones
      if ((r = steps.copyNamespaces(current, p, flags)) < 0) {
        return badFork(f, current, p, flags, Label.BAD_FORK_CLEANUP_MM, r, -1);
      }
      // the io_context: shared with CLONE_IO
      if ((r = copyIo(current, p, flags)) < 0) {
        return badFork(f, current, p, flags, Label.BAD_FORK_CLEANUP_NAMESPACES, r, -1);
      }
      // the registers the child starts with: its stack and, with CLONE_SETTLS, its TLS
      if ((r = copyThread(current, p, args)) < 0) {
        return badFork(f, current, p, flags, Label.BAD_FORK_CLEANUP_IO, r, -1);
      }
      // a number in every pid namespace from the child's up to the root
      ErrOr<Pid> allocated = pids.allocPid(current, p.nsproxy.pidNsForChildren, args.setTid());
      if (allocated.isErr()) {
        return badFork(f, current, p, flags, Label.BAD_FORK_CLEANUP_THREAD, allocated.error(), -1);
      }
      Pid pid = allocated.get();
      p.threadPid = pid;
      int pidfd = -1;
      OpenFile pidfile = null;
      if ((flags & CLONE_PIDFD) != 0) {
        // the pidfd takes the caller's lowest free descriptor, close-on-exec
        long fd =
            fdt.allocFd(current.files, 0, current.signal.rlim[Rlimits.RLIMIT_NOFILE].cur(), true);
        if (fd < 0) {
          return badFork(f, current, p, flags, Label.BAD_FORK_FREE_PID, fd, -1);
        }
        pidfd = (int) fd;
        pidfile = new OpenFile(kernel.nextId("file"), null, p, Fcntl.O_RDWR);
        // the caller learns its number through args->pidfd before the child exists
        if (!Uaccess.putUser32(current.mm, args.pidfd(), pidfd)) {
          return badFork(f, current, p, flags, Label.BAD_FORK_PUT_PIDFD, err(Errno.EFAULT), pidfd);
        }
      }
      // sas_ss_reset: a thread sharing the mm must not run its handlers on the caller's stack
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
      // CLONE_INTO_CGROUP: the target must be a cgroup directory the caller holds open
      if ((r = steps.cgroupCanFork(current, p, args)) < 0) {
        return badFork(f, current, p, flags, Label.BAD_FORK_PUT_PIDFD, r, pidfd);
      }
      // 6.2 takes tasklist_lock for writing here (the model runs one task at a time)
      if ((flags & (CLONE_PARENT | CLONE_THREAD)) != 0) {
        p.realParent = current.realParent;
        p.exitSignal = (flags & CLONE_THREAD) != 0 ? -1 : current.groupLeader.exitSignal;
      } else {
        p.realParent = current;
        p.exitSignal = args.exitSignal();
      }
      // 6.2 takes current's siglock here, so no signal lands while the child is linked in
      // a pid namespace whose init has died takes no new tasks
      if (!pid.ns().adding) {
        return badFork(
            f, current, p, flags, Label.BAD_FORK_CANCEL_CGROUP, err(Errno.ENOMEM), pidfd);
      }
      // 6.2 also refuses a caller with a fatal signal pending (EINTR); none is pending here
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
        if (f.recording()) {
          f.note(
              "signal %d: nr_threads %d→%d, live %d→%d, sigcnt %d→%d",
              s.id, s.nrThreads - 1, s.nrThreads, s.live - 1, s.live, s.sigcnt - 1, s.sigcnt);
        }
      }
      pid.attach(p);
      kernel.tasks.put(p.pid, p);
      kernel.nrThreads++;
      kernel.totalForks++;
      // 6.2 drops siglock and tasklist_lock here
      if (pidfile != null) {
        fdt.fdInstall(current.files, pidfd, pidfile);
      }
      p.state = TaskState.RUNNING;
      if (f.recording()) {
        f.note("%s[%d] created by %s[%d]", p.comm, p.pid, current.comm, current.pid);
      }
      return ErrOr.of(p);
    }
  }

  /**
   * The {@code bad_fork_*} labels at the end of {@code copy_process}, in their order: a failure
   * jumps to the label of the last step that worked and falls through every label below it.
   */
  private enum Label {
    /** 6.2 also drops siglock and tasklist_lock and cancels the cgroup fork here. */
    BAD_FORK_CANCEL_CGROUP,
    /** Gives back the reserved pidfd slot (the file itself was never installed). */
    BAD_FORK_PUT_PIDFD,
    BAD_FORK_FREE_PID,
    /** exit_thread: the model's thread state needs no freeing. */
    BAD_FORK_CLEANUP_THREAD,
    /** The model's tasks never get an io_context. */
    BAD_FORK_CLEANUP_IO,
    BAD_FORK_CLEANUP_NAMESPACES,
    BAD_FORK_CLEANUP_MM,
    BAD_FORK_CLEANUP_SIGNAL,
    BAD_FORK_CLEANUP_SIGHAND,
    BAD_FORK_CLEANUP_FS,
    BAD_FORK_CLEANUP_FILES,
    BAD_FORK_CLEANUP_SEMUNDO,
    /** Security, audit, perf, policy and delayacct are not modeled: on to the count. */
    BAD_FORK_CLEANUP_SECURITY,
    BAD_FORK_CLEANUP_COUNT,
    /** The task_struct is left to the garbage collector. */
    BAD_FORK_FREE
  }

  /**
   * The {@code bad_fork_*} labels: undoes every completed step from {@code label} down.
   *
   * @param f copy_process's frame, which records the unwinding
   * @param pidfd the reserved pidfd slot, or -1
   * @return the error, for {@code return badFork(...)}
   */
  @SuppressWarnings("fallthrough")
  private ErrOr<Task> badFork(
      Frame f, Task current, Task p, long flags, Label label, long error, int pidfd) {
    switch (label) {
      case BAD_FORK_CANCEL_CGROUP:
      // fall through
      case BAD_FORK_PUT_PIDFD:
        if (pidfd >= 0) {
          fdt.putUnusedFd(current.files, pidfd);
        }
      // fall through
      case BAD_FORK_FREE_PID:
        pids.freePid(p.threadPid);
        p.threadPid = null;
      // fall through
      case BAD_FORK_CLEANUP_THREAD:
      case BAD_FORK_CLEANUP_IO:
      case BAD_FORK_CLEANUP_NAMESPACES:
        exit.structs().exitTaskNamespaces(p);
      // fall through
      case BAD_FORK_CLEANUP_MM:
        if (p.mm != null) {
          MmStruct mm = p.mm;
          p.mm = null;
          mm.mmput();
        }
      // fall through
      case BAD_FORK_CLEANUP_SIGNAL:
        if ((flags & CLONE_THREAD) == 0) {
          p.signal.sigcnt--;
        }
        p.signal = null;
      // fall through
      case BAD_FORK_CLEANUP_SIGHAND:
        exit.cleanupSighand(p.sighand);
        p.sighand = null;
      // fall through
      case BAD_FORK_CLEANUP_FS:
        exit.structs().exitFs(p);
      // fall through
      case BAD_FORK_CLEANUP_FILES:
        exit.structs().exitFiles(p);
      // fall through
      case BAD_FORK_CLEANUP_SEMUNDO:
        exit.structs().exitSem(p);
      // fall through
      case BAD_FORK_CLEANUP_SECURITY:
      case BAD_FORK_CLEANUP_COUNT:
        kernel.tasksPerUid.merge(p.cred.uid(), -1, Integer::sum);
      // fall through
      case BAD_FORK_FREE:
        break;
      default:
        throw new IllegalStateException("unknown label " + label);
    }
    if (label.compareTo(Label.BAD_FORK_CLEANUP_SECURITY) <= 0) {
      if (f.recording()) {
        f.note("unwound from %s", label.name().toLowerCase(Locale.ROOT));
      }
    }
    return ErrOr.errResult(error);
  }

  /**
   * {@code dup_task_struct}: the new task_struct starts as a copy of the caller's (credentials,
   * blocked mask, alternate stack, TLS base, rseq registration, scheduling policy and priority,
   * cgroup; sched_fork's reset-on-fork is folded in here), with an empty pending queue, no robust
   * list and no pointers of its own yet.
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
      p.policy = current.policy;
      p.rtPriority = current.rtPriority;
      if (current.schedResetOnFork) {
        // sched_fork (kernel/sched/core.c): a real-time parent's child starts as SCHED_NORMAL
        if (p.policy == 1 || p.policy == 2) {
          p.policy = 0;
          p.rtPriority = 0;
        }
      }
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
        if (f.recording()) {
          f.note("fs base 0x%x", p.fsBase);
        }
      }
      return 0;
    }
  }
}
