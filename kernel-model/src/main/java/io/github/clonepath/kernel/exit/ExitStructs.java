package io.github.clonepath.kernel.exit;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.task.FilesStruct;
import io.github.clonepath.kernel.task.FsStruct;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.Nsproxy;
import io.github.clonepath.kernel.task.OpenFile;
import io.github.clonepath.kernel.task.SemUndoList;
import io.github.clonepath.kernel.task.Task;

/**
 * What a task gives up at exit, and what the fork error path puts back, one helper per real file:
 * {@code exit_sem} ({@code ipc/sem.c}), {@code exit_files}, {@code put_files_struct} and {@code
 * fput} ({@code fs/file.c}), {@code exit_fs} ({@code fs/fs_struct.c}), {@code exit_task_namespaces}
 * and {@code free_nsproxy} ({@code kernel/nsproxy.c}).
 */
public final class ExitStructs {
  private final Kernel kernel;

  /**
   * The helpers of one machine.
   *
   * @param kernel the kernel, whose tracer records the calls
   */
  public ExitStructs(Kernel kernel) {
    this.kernel = kernel;
  }

  /**
   * {@code exit_sem}: drops the task's reference to the SysV undo list.
   *
   * @param t the task
   */
  @Source(file = "ipc/sem.c", line = 2337, function = "exit_sem", version = "Linux 6.2")
  public void exitSem(Task t) {
    SemUndoList u = t.semUndo;
    if (u != null) {
      t.semUndo = null;
      u.refcnt--;
    }
  }

  /**
   * {@code exit_files}: detaches the table and puts it.
   *
   * @param t the task
   */
  @Source(file = "fs/file.c", line = 456, function = "exit_files", version = "Linux 6.2")
  public void exitFiles(Task t) {
    try (var f = kernel.tracer.enter()) {
      FilesStruct files = t.files;
      if (files == null) {
        return;
      }
      t.files = null;
      if (f.recording()) {
        f.note("files %d: count %d→%d", files.id, files.count, files.count - 1);
      }
      putFilesStruct(files);
    }
  }

  /**
   * {@code put_files_struct}: count--; the last user closes every descriptor (each open file
   * description loses one reference).
   *
   * @param files the table
   */
  @Source(file = "fs/file.c", line = 444, function = "put_files_struct", version = "Linux 6.2")
  public void putFilesStruct(FilesStruct files) {
    files.count--;
    if (files.count == 0) {
      for (int fd = files.openFds.nextSetBit(0); fd >= 0; fd = files.openFds.nextSetBit(fd + 1)) {
        OpenFile file = files.fd[fd];
        files.fd[fd] = null;
        fput(file);
      }
      files.openFds.clear();
      files.closeOnExec.clear();
    }
  }

  /**
   * {@code fput}: drops one reference to an open file description; the last reference to an end of
   * a pipe releases that end ({@code pipe_release}).
   *
   * @param file the description
   */
  public static void fput(OpenFile file) {
    if (file != null) {
      file.count--;
      if (file.count == 0 && file.pipe != null) {
        file.pipe.release((file.flags & 3) == 0);
      }
    }
  }

  /**
   * {@code exit_fs}: detaches the fs_struct; users--; the last user frees it.
   *
   * @param t the task
   */
  @Source(file = "fs/fs_struct.c", line = 95, function = "exit_fs", version = "Linux 6.2")
  public void exitFs(Task t) {
    try (var f = kernel.tracer.enter()) {
      FsStruct fs = t.fs;
      if (fs == null) {
        return;
      }
      t.fs = null;
      if (f.recording()) {
        f.note("fs %d: users %d→%d", fs.id, fs.users, fs.users - 1);
      }
      fs.users--;
    }
  }

  /**
   * {@code exit_task_namespaces}: switch_task_namespaces(tsk, NULL), dropping the nsproxy.
   *
   * @param t the task
   */
  @Source(
      file = "kernel/nsproxy.c",
      line = 254,
      function = "exit_task_namespaces",
      version = "Linux 6.2")
  public void exitTaskNamespaces(Task t) {
    Nsproxy ns = t.nsproxy;
    if (ns != null) {
      t.nsproxy = null;
      putNsproxy(ns);
    }
  }

  /**
   * {@code put_nsproxy}: count--; the last reference drops every namespace.
   *
   * @param ns the nsproxy
   */
  @Source(file = "kernel/nsproxy.c", line = 190, function = "free_nsproxy", version = "Linux 6.2")
  public void putNsproxy(Nsproxy ns) {
    ns.count--;
    if (ns.count == 0) {
      ns.mnt.count--;
      ns.uts.count--;
      ns.ipc.count--;
      ns.net.count--;
      ns.cgroup.count--;
      ns.time.count--;
      ns.timeForChildren.count--;
      ns.pidNsForChildren.count--;
    }
  }
}
