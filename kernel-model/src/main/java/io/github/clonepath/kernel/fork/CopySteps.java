package io.github.clonepath.kernel.fork;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.task.Cred;
import io.github.clonepath.kernel.task.FilesStruct;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.Namespace;
import io.github.clonepath.kernel.task.Nsproxy;
import io.github.clonepath.kernel.task.OpenFile;
import io.github.clonepath.kernel.task.PidNamespace;
import io.github.clonepath.kernel.task.SemUndoList;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.UserNamespace;

/**
 * The {@code copy_process} steps whose real code lives outside {@code kernel/fork.c}: {@code
 * copy_creds} ({@code kernel/cred.c}), {@code copy_semundo} ({@code ipc/sem.c}), {@code
 * copy_namespaces} ({@code kernel/nsproxy.c}) and {@code cgroup_can_fork} ({@code
 * kernel/cgroup/cgroup.c}).
 */
final class CopySteps {
  private final Kernel kernel;

  CopySteps(Kernel kernel) {
    this.kernel = kernel;
  }

  /**
   * {@code copy_creds}: a thread shares the caller's cred; otherwise a copy, and with CLONE_NEWUSER
   * a new user namespace in which the child holds every capability (ENOSPC past 32 levels). Either
   * way the child is counted for its uid's RLIMIT_NPROC.
   */
  @Source(file = "kernel/cred.c", line = 340, function = "copy_creds", version = "Linux 6.2")
  long copyCreds(Task current, Task p, long flags) {
    try (var f = kernel.tracer.enter()) {
      Cred c = current.cred;
      if ((flags & CLONE_NEWUSER) != 0) {
        UserNamespace parent = c.userNs();
        if (parent.level() > UserNamespace.MAX_LEVEL) {
          return KernelFork.err(Errno.ENOSPC);
        }
        UserNamespace ns =
            new UserNamespace(kernel.nextId("userns"), parent.level() + 1, parent, c.euid());
        c = new Cred(c.uid(), c.euid(), c.suid(), Cred.CAP_FULL_SET, ns);
        if (f.recording()) {
          f.note("new user namespace %d (level %d)", ns.id(), ns.level());
        }
      }
      p.cred = c;
      kernel.tasksPerUid.merge(c.uid(), 1, Integer::sum);
      return 0;
    }
  }

  /**
   * {@code copy_semundo}: CLONE_SYSVSEM shares the caller's undo list (creating it if it has none);
   * otherwise the child starts without one.
   */
  @Source(file = "ipc/sem.c", line = 2308, function = "copy_semundo", version = "Linux 6.2")
  long copySemundo(Task current, Task p, long flags) {
    try (var f = kernel.tracer.enter()) {
      if ((flags & CLONE_SYSVSEM) != 0) {
        if (current.semUndo == null) {
          current.semUndo = new SemUndoList(kernel.nextId("semundo"));
        }
        current.semUndo.refcnt++;
        p.semUndo = current.semUndo;
        if (f.recording()) {
          f.note(
              "sem_undo_list %d: shared, refcnt %d→%d",
              p.semUndo.id, p.semUndo.refcnt - 1, p.semUndo.refcnt);
        }
      } else {
        p.semUndo = null;
      }
      return 0;
    }
  }

  /**
   * {@code copy_namespaces}: no namespace flag shares the nsproxy; any needs CAP_SYS_ADMIN over the
   * child's user namespace (EPERM), NEWIPC with SYSVSEM is EINVAL, and create_new_namespaces makes
   * the new ones.
   */
  @Source(
      file = "kernel/nsproxy.c",
      line = 151,
      function = "copy_namespaces",
      version = "Linux 6.2")
  long copyNamespaces(Task current, Task p, long flags) {
    try (var f = kernel.tracer.enter()) {
      Nsproxy old = current.nsproxy;
      long nsFlags =
          CLONE_NEWNS
              | CLONE_NEWUTS
              | CLONE_NEWIPC
              | CLONE_NEWPID
              | CLONE_NEWNET
              | CLONE_NEWCGROUP
              | CLONE_NEWTIME;
      if ((flags & nsFlags) == 0) {
        if ((flags & CLONE_VM) != 0 || old.timeForChildren == old.time) {
          old.count++;
          if (f.recording()) {
            f.note("nsproxy %d: shared, count %d→%d", old.id, old.count - 1, old.count);
          }
          return 0;
        }
      } else if (!current.cred.capable(p.cred.userNs(), Cred.CAP_SYS_ADMIN)) {
        p.nsproxy = null;
        return KernelFork.err(Errno.EPERM);
      }
      if ((flags & (CLONE_NEWIPC | CLONE_SYSVSEM)) == (CLONE_NEWIPC | CLONE_SYSVSEM)) {
        p.nsproxy = null;
        return KernelFork.err(Errno.EINVAL);
      }
      PidNamespace pidns = old.pidNsForChildren;
      if ((flags & CLONE_NEWPID) != 0) {
        if (old.pidNsForChildren != current.activePidNs()) {
          p.nsproxy = null;
          return KernelFork.err(Errno.EINVAL);
        }
        if (pidns.level + 1 > PidNamespace.MAX_PID_NS_LEVEL) {
          p.nsproxy = null;
          return KernelFork.err(Errno.ENOSPC);
        }
        PidNamespace parent = pidns;
        pidns = new PidNamespace(kernel.nextId("pidns"), parent, p.cred.userNs());
        parent.count++;
      } else {
        pidns.count++;
      }
      Namespace timeForChildren =
          (flags & CLONE_NEWTIME) != 0 ? newNs("time") : old.timeForChildren;
      Namespace time = (flags & CLONE_VM) == 0 ? timeForChildren : old.time;
      Nsproxy n =
          new Nsproxy(
              kernel.nextId("nsproxy"),
              (flags & CLONE_NEWNS) != 0 ? newNs("mnt") : old.mnt,
              (flags & CLONE_NEWUTS) != 0 ? newNs("uts") : old.uts,
              (flags & CLONE_NEWIPC) != 0 ? newNs("ipc") : old.ipc,
              (flags & CLONE_NEWNET) != 0 ? newNs("net") : old.net,
              (flags & CLONE_NEWCGROUP) != 0 ? newNs("cgroup") : old.cgroup,
              time,
              timeForChildren,
              pidns);
      for (Namespace x :
          new Namespace[] {n.mnt, n.uts, n.ipc, n.net, n.cgroup, n.time, n.timeForChildren}) {
        x.count++;
      }
      p.nsproxy = n;
      if (f.recording()) {
        f.note("new nsproxy %d", n.id);
      }
      return 0;
    }
  }

  Namespace newNs(String kind) {
    Namespace n = new Namespace(kind, kernel.nextId(kind));
    n.count = 0;
    return n;
  }

  /**
   * {@code cgroup_can_fork} for CLONE_INTO_CGROUP: the fd must be open (EBADF) and a cgroup
   * directory (EBADF otherwise); the child starts there. Without the flag it inherits the caller's
   * cgroup.
   */
  @Source(
      file = "kernel/cgroup/cgroup.c",
      line = 6510,
      function = "cgroup_can_fork",
      version = "Linux 6.2")
  long cgroupCanFork(Task current, Task p, KernelCloneArgs args) {
    try (var f = kernel.tracer.enter()) {
      if ((args.flags() & CLONE_INTO_CGROUP) == 0) {
        return 0;
      }
      int fd = args.cgroup();
      FilesStruct files = current.files;
      if (fd < 0 || fd >= files.maxFds || files.fd[fd] == null) {
        return KernelFork.err(Errno.EBADF);
      }
      OpenFile file = files.fd[fd];
      if (file.dentry == null || !file.dentry.cgroup || !file.dentry.directory) {
        return KernelFork.err(Errno.EBADF);
      }
      p.cgroup = file.dentry;
      if (f.recording()) {
        f.note("into cgroup %s", file.dentry.path());
      }
      return 0;
    }
  }
}
