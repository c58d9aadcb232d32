package io.github.clonepath.kernel.fork;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.file.FdTable;
import io.github.clonepath.kernel.mm.MmFork;
import io.github.clonepath.kernel.mm.MmStruct;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.FailPoint;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.task.ErrOr;
import io.github.clonepath.kernel.task.FilesStruct;
import io.github.clonepath.kernel.task.FsStruct;
import io.github.clonepath.kernel.task.KSigaction;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.ProcessMmEnv;
import io.github.clonepath.kernel.task.SighandStruct;
import io.github.clonepath.kernel.task.SignalStruct;
import io.github.clonepath.kernel.task.Task;

/**
 * The five shared structures' copy steps of {@code kernel/fork.c}, in {@code copy_process}'s order:
 * {@code copy_files}, {@code copy_fs}, {@code copy_sighand}, {@code copy_signal} and {@code
 * copy_mm}. Each either shares the caller's structure (its CLONE_* flag, a count raised) or gives
 * the child its own copy, and returns 0 or a negated errno; the caller unwinds on failure.
 */
final class CopyStructs {
  private final Kernel kernel;
  private final FdTable fdt;

  CopyStructs(Kernel kernel, FdTable fdt) {
    this.kernel = kernel;
    this.fdt = fdt;
  }

  /** {@code copy_files}: CLONE_FILES shares the table (count++); otherwise dup_fd copies it. */
  @Source(file = "kernel/fork.c", line = 1627, function = "copy_files", version = "Linux 6.2")
  long copyFiles(Task current, Task p, long flags) {
    try (var f = kernel.tracer.enter()) {
      FilesStruct old = current.files;
      if (old == null) {
        return 0;
      }
      if ((flags & CLONE_FILES) != 0) {
        old.count++;
        if (f.recording()) {
          f.note("copy_files: shared, count %d→%d", old.count - 1, old.count);
        }
        return 0;
      }
      ErrOr<FilesStruct> n = fdt.dupFd(old);
      if (n.isErr()) {
        p.files = null;
        return n.error();
      }
      p.files = n.get();
      if (f.recording()) {
        f.note("copy_files: copied, files %d count 1", p.files.id);
      }
      return 0;
    }
  }

  /**
   * {@code copy_fs}: CLONE_FS shares the fs_struct unless an exec holds it (in_exec: EAGAIN);
   * otherwise copy_fs_struct copies root, cwd and umask.
   */
  @Source(file = "kernel/fork.c", line = 1607, function = "copy_fs", version = "Linux 6.2")
  long copyFs(Task current, Task p, long flags) {
    try (var f = kernel.tracer.enter()) {
      FsStruct fs = current.fs;
      if ((flags & CLONE_FS) != 0) {
        if (fs.inExec) {
          p.fs = null;
          return KernelFork.err(Errno.EAGAIN);
        }
        fs.users++;
        if (f.recording()) {
          f.note("copy_fs: shared, users %d→%d", fs.users - 1, fs.users);
        }
        return 0;
      }
      if (kernel.shouldFail(FailPoint.FS)) {
        p.fs = null;
        return KernelFork.err(Errno.ENOMEM);
      }
      p.fs = new FsStruct(kernel.nextId("fs"), fs.root, fs.pwd, fs.umask);
      if (f.recording()) {
        f.note("copy_fs: copied, fs %d users 1", p.fs.id);
      }
      return 0;
    }
  }

  /**
   * {@code copy_sighand}: CLONE_SIGHAND shares the table; otherwise the 64 actions are copied, and
   * with CLONE_CLEAR_SIGHAND every handler that is not SIG_IGN becomes SIG_DFL (flags and masks
   * cleared).
   */
  @Source(file = "kernel/fork.c", line = 1654, function = "copy_sighand", version = "Linux 6.2")
  long copySighand(Task current, Task p, long flags) {
    try (var f = kernel.tracer.enter()) {
      SighandStruct old = current.sighand;
      if ((flags & CLONE_SIGHAND) != 0) {
        old.count++;
        if (f.recording()) {
          f.note("copy_sighand: shared, count %d→%d", old.count - 1, old.count);
        }
        return 0;
      }
      if (kernel.shouldFail(FailPoint.SIGHAND)) {
        p.sighand = null;
        return KernelFork.err(Errno.ENOMEM);
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
      if (f.recording()) {
        f.note("copy_sighand: copied, sighand %d count 1", n.id);
      }
      return 0;
    }
  }

  /**
   * {@code copy_signal}: a thread shares the group's signal_struct (its counters rise when it is
   * linked in); a new process gets a fresh one with copied rlimits.
   */
  @Source(file = "kernel/fork.c", line = 1703, function = "copy_signal", version = "Linux 6.2")
  long copySignal(Task current, Task p, long flags) {
    try (var f = kernel.tracer.enter()) {
      if ((flags & CLONE_THREAD) != 0) {
        if (f.recording()) {
          f.note("copy_signal: shared with group %d", current.tgid);
        }
        return 0;
      }
      if (kernel.shouldFail(FailPoint.SIGNAL)) {
        p.signal = null;
        return KernelFork.err(Errno.ENOMEM);
      }
      SignalStruct s = new SignalStruct(kernel.nextId("signal"));
      System.arraycopy(current.signal.rlim, 0, s.rlim, 0, s.rlim.length);
      s.threads.add(p);
      p.signal = s;
      if (f.recording()) {
        f.note("copy_signal: new signal %d (sigcnt 1, live 1, nr_threads 1)", s.id);
      }
      return 0;
    }
  }

  /**
   * {@code copy_mm}: CLONE_VM shares the address space (mm_users++); otherwise dup_mm copies it.
   */
  @Source(file = "kernel/fork.c", line = 1570, function = "copy_mm", version = "Linux 6.2")
  long copyMm(Task current, Task p, long flags) {
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
        if (f.recording()) {
          f.note("copy_mm: shared, mm_users %d→%d", before, old.mmUsers());
        }
        return 0;
      }
      MmStruct n =
          kernel.shouldFail(FailPoint.MM)
              ? null
              : MmFork.dupMm(old, new ProcessMmEnv(kernel, p.signal));
      if (n == null) {
        p.mm = null;
        return KernelFork.err(Errno.ENOMEM);
      }
      p.mm = n;
      if (f.recording()) {
        f.note("copy_mm: dup_mm, %d VMAs copied", n.mapCount());
      }
      return 0;
    }
  }
}
