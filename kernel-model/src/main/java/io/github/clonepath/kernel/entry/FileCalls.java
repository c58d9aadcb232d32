package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.exit.ExitStructs;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Fcntl;
import io.github.clonepath.kernel.syscall.Rlimits;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.kernel.task.Cred;
import io.github.clonepath.kernel.task.Dentry;
import io.github.clonepath.kernel.task.FilesStruct;
import io.github.clonepath.kernel.task.OpenFile;
import io.github.clonepath.kernel.task.Rlimit;
import io.github.clonepath.kernel.task.Task;
import io.github.clonepath.kernel.task.Uaccess;
import java.nio.charset.StandardCharsets;

/**
 * The calls that make the sharing of files, fs, limits and credentials observable: descriptors on
 * the machine's small in-memory tree, the working directory and umask, resource limits and
 * setresuid. DEVIATION: paths are Java strings rather than pointers into user memory.
 */
public final class FileCalls extends TaskContext {
  /**
   * The context of one task.
   *
   * @param services the machine's kernel
   * @param task the task
   */
  public FileCalls(Services services, Task task) {
    super(services, task);
  }

  private long nofile() {
    return task.signal.rlim[Rlimits.RLIMIT_NOFILE].cur();
  }

  private OpenFile fget(int fd) {
    FilesStruct files = task.files;
    if (fd < 0 || fd >= files.maxFds) {
      return null;
    }
    return files.fd[fd];
  }

  /** Path walk: returns the node, or null with err[0] set; {@code parentOut} gets the parent. */
  private Dentry lookup(Dentry start, String path, long[] err, Dentry[] parentOut, String[] last) {
    if (path.isEmpty()) {
      err[0] = Errno.ENOENT.result();
      return null;
    }
    Dentry d = path.startsWith("/") ? task.fs.root : start;
    String[] parts = path.split("/");
    int n = parts.length;
    for (int i = 0; i < n; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (!d.directory) {
        err[0] = Errno.ENOTDIR.result();
        return null;
      }
      if (p.equals("..")) {
        d = d.parent == null ? d : d.parent;
        continue;
      }
      Dentry c = d.lookup(p);
      if (c == null) {
        boolean isLast = true;
        for (int j = i + 1; j < n; j++) {
          if (!parts[j].isEmpty()) {
            isLast = false;
          }
        }
        if (isLast && parentOut != null) {
          parentOut[0] = d;
          last[0] = p;
        }
        err[0] = Errno.ENOENT.result();
        return null;
      }
      d = c;
    }
    return d;
  }

  /**
   * {@code do_sys_openat2}: resolve (creating with O_CREAT), check the type, then allocate the
   * lowest descriptor under RLIMIT_NOFILE and install a new open file description.
   */
  @Override
  @Source(file = "fs/open.c", line = 1294, function = "do_sys_openat2", version = "Linux 6.2")
  public long openat(int dirfd, String path, int flags, int mode) {
    enter();
    long r = openImpl(dirfd, path, flags, mode);
    String text =
        "openat("
            + Fcntl.formatDirfd(dirfd)
            + ", "
            + Strace.string(path, 4096)
            + ", "
            + Fcntl.formatOpenFlags(flags)
            + ((flags & Fcntl.O_CREAT) != 0 ? ", " + octal(mode) : "")
            + ")";
    return ret("openat", text, r);
  }

  private long openImpl(int dirfd, String path, int flags, int mode) {
    Dentry start;
    if (dirfd == Fcntl.AT_FDCWD || path.startsWith("/")) {
      start = task.fs.pwd;
    } else {
      OpenFile df = fget(dirfd);
      if (df == null) {
        return Errno.EBADF.result();
      }
      if (df.dentry == null || !df.dentry.directory) {
        return Errno.ENOTDIR.result();
      }
      start = df.dentry;
    }
    long[] err = new long[1];
    Dentry[] parent = new Dentry[1];
    String[] last = new String[1];
    Dentry d = lookup(start, path, err, parent, last);
    if (d == null) {
      if (err[0] == Errno.ENOENT.result() && (flags & Fcntl.O_CREAT) != 0 && parent[0] != null) {
        d = new Dentry(last[0], parent[0], false, false, mode & ~task.fs.umask & 07777);
      } else {
        return err[0];
      }
    } else if ((flags & (Fcntl.O_CREAT | Fcntl.O_EXCL)) == (Fcntl.O_CREAT | Fcntl.O_EXCL)) {
      return Errno.EEXIST.result();
    }
    if ((flags & Fcntl.O_DIRECTORY) != 0 && !d.directory) {
      return Errno.ENOTDIR.result();
    }
    if (d.directory && (flags & 3) != Fcntl.O_RDONLY) {
      return Errno.EISDIR.result();
    }
    long fd = s.fdt().allocFd(task.files, 0, nofile(), (flags & Fcntl.O_CLOEXEC) != 0);
    if (fd < 0) {
      return fd;
    }
    OpenFile f =
        new OpenFile(k.nextId("file"), d, null, (flags & ~Fcntl.O_CLOEXEC) | Fcntl.O_LARGEFILE);
    s.fdt().fdInstall(task.files, (int) fd, f);
    return fd;
  }

  @Override
  public long close(int fd) {
    enter();
    OpenFile f = s.fdt().closeFd(task.files, fd);
    long r = f == null ? Errno.EBADF.result() : 0;
    ExitStructs.fput(f);
    return ret("close", "close(" + fd + ")", r);
  }

  @Override
  public long dup(int fd) {
    enter();
    OpenFile f = fget(fd);
    long r;
    if (f == null) {
      r = Errno.EBADF.result();
    } else {
      r = s.fdt().allocFd(task.files, 0, nofile(), false);
      if (r >= 0) {
        f.count++;
        s.fdt().fdInstall(task.files, (int) r, f);
      }
    }
    return ret("dup", "dup(" + fd + ")", r);
  }

  /**
   * {@code ksys_dup3}: flags other than O_CLOEXEC and oldfd == newfd are EINVAL, newfd beyond
   * RLIMIT_NOFILE is EBADF, a closed oldfd EBADF; whatever newfd held is closed.
   */
  @Override
  @Source(file = "fs/file.c", line = 1215, function = "ksys_dup3", version = "Linux 6.2")
  public long dup3(int oldfd, int newfd, int flags) {
    enter();
    long r;
    if ((flags & ~Fcntl.O_CLOEXEC) != 0 || oldfd == newfd) {
      r = Errno.EINVAL.result();
    } else if (newfd < 0 || Long.compareUnsigned(newfd, nofile()) >= 0) {
      r = Errno.EBADF.result();
    } else {
      r = s.fdt().expandFiles(task.files, newfd);
      if (r >= 0) {
        OpenFile f = fget(oldfd);
        if (f == null) {
          r = Errno.EBADF.result();
        } else {
          OpenFile old = s.fdt().closeFd(task.files, newfd);
          ExitStructs.fput(old);
          f.count++;
          task.files.openFds.set(newfd);
          task.files.closeOnExec.set(newfd, (flags & Fcntl.O_CLOEXEC) != 0);
          s.fdt().fdInstall(task.files, newfd, f);
          r = newfd;
        }
      }
    }
    String fl =
        flags == Fcntl.O_CLOEXEC
            ? "O_CLOEXEC"
            : flags == 0 ? "0" : "0" + Integer.toOctalString(flags);
    return ret("dup3", "dup3(" + oldfd + ", " + newfd + ", " + fl + ")", r);
  }

  @Override
  public long fcntl(int fd, int cmd, long arg) {
    enter();
    OpenFile f = fget(fd);
    long r;
    String cmdText;
    String argText = "";
    String resultNote = null;
    switch (cmd) {
      case Fcntl.F_GETFD -> {
        cmdText = "F_GETFD";
        r = f == null ? Errno.EBADF.result() : task.files.closeOnExec.get(fd) ? 1 : 0;
        if (r == 1) {
          resultNote = "0x1 (flags FD_CLOEXEC)";
        }
      }
      case Fcntl.F_SETFD -> {
        cmdText = "F_SETFD";
        argText = ", " + ((arg & Fcntl.FD_CLOEXEC) != 0 ? "FD_CLOEXEC" : "0");
        if (f == null) {
          r = Errno.EBADF.result();
        } else {
          task.files.closeOnExec.set(fd, (arg & Fcntl.FD_CLOEXEC) != 0);
          r = 0;
        }
      }
      case Fcntl.F_GETFL -> {
        cmdText = "F_GETFL";
        r = f == null ? Errno.EBADF.result() : f.flags;
        if (r >= 0) {
          resultNote =
              "0x" + Long.toHexString(r) + " (flags " + Fcntl.formatOpenFlags((int) r) + ")";
        }
      }
      case Fcntl.F_DUPFD, Fcntl.F_DUPFD_CLOEXEC -> {
        cmdText = cmd == Fcntl.F_DUPFD ? "F_DUPFD" : "F_DUPFD_CLOEXEC";
        argText = ", " + arg;
        if (f == null) {
          r = Errno.EBADF.result();
        } else if (arg < 0 || Long.compareUnsigned(arg, nofile()) >= 0) {
          r = Errno.EINVAL.result();
        } else {
          r = s.fdt().allocFd(task.files, (int) arg, nofile(), cmd == Fcntl.F_DUPFD_CLOEXEC);
          if (r >= 0) {
            f.count++;
            s.fdt().fdInstall(task.files, (int) r, f);
          }
        }
      }
      default -> {
        cmdText = "0x" + Integer.toHexString(cmd) + " /* F_??? */";
        argText = ", 0x" + Long.toHexString(arg);
        r = f == null ? Errno.EBADF.result() : Errno.EINVAL.result();
      }
    }
    String text = "fcntl(" + fd + ", " + cmdText + argText + ")";
    if (resultNote != null) {
      return recorded("fcntl", text + " = " + resultNote, r);
    }
    return ret("fcntl", text, r);
  }

  @Override
  public long chdir(String path) {
    enter();
    long[] err = new long[1];
    Dentry d = lookup(task.fs.pwd, path, err, null, null);
    long r;
    if (d == null) {
      r = err[0];
    } else if (!d.directory) {
      r = Errno.ENOTDIR.result();
    } else {
      task.fs.pwd = d;
      r = 0;
    }
    return ret("chdir", "chdir(" + Strace.string(path, 4096) + ")", r);
  }

  @Override
  public long getcwd(long buf, long size) {
    enter();
    String cwd = task.fs.pwd.path();
    byte[] bytes = (cwd + "\0").getBytes(StandardCharsets.ISO_8859_1);
    long r;
    if (bytes.length > size) {
      r = Errno.ERANGE.result();
    } else if (!Uaccess.copyToUser(task.mm, buf, bytes)) {
      r = Errno.EFAULT.result();
    } else {
      r = bytes.length;
    }
    String bufText = r > 0 ? Strace.string(cwd, TaskContext.STRING_LIMIT) : Strace.addr(buf);
    return ret("getcwd", "getcwd(" + bufText + ", " + size + ")", r);
  }

  private static String octal(int v) {
    String s = Integer.toOctalString(v);
    if (v != 0) {
      s = "0" + s;
    }
    while (s.length() < 3) {
      s = "0" + s;
    }
    return s;
  }

  @Override
  public long umask(int mask) {
    enter();
    int old = task.fs.umask;
    task.fs.umask = mask & 0777;
    return recorded("umask", "umask(" + octal(mask) + ") = " + octal(old), old);
  }

  // ---------------------------------------------------------------- limits

  private long[] readRlimit(long addr) {
    return Uaccess.copyFromUser(task.mm, addr, 16);
  }

  @Override
  public long getrlimit(int resource, long rlim) {
    enter();
    long r;
    Rlimit v = null;
    if (resource < 0 || resource >= Rlimits.RLIM_NLIMITS) {
      r = Errno.EINVAL.result();
    } else {
      v = task.signal.rlim[resource];
      r =
          Uaccess.putUser64(task.mm, rlim, v.cur()) && Uaccess.putUser64(task.mm, rlim + 8, v.max())
              ? 0
              : Errno.EFAULT.result();
    }
    String out = r == 0 ? Rlimits.format(v.cur(), v.max()) : Strace.addr(rlim);
    return ret("getrlimit", "getrlimit(" + Rlimits.name(resource) + ", " + out + ")", r);
  }

  @Override
  public long setrlimit(int resource, long rlim) {
    enter();
    long[] w = rlim == 0 ? null : readRlimit(rlim);
    long r;
    if (resource < 0 || resource >= Rlimits.RLIM_NLIMITS) {
      r = Errno.EINVAL.result();
    } else if (w == null) {
      r = Errno.EFAULT.result();
    } else {
      r = doPrlimit(task, resource, new Rlimit(w[0], w[1]));
    }
    String in = w == null ? Strace.addr(rlim) : Rlimits.format(w[0], w[1]);
    return ret("setrlimit", "setrlimit(" + Rlimits.name(resource) + ", " + in + ")", r);
  }

  /**
   * {@code do_prlimit}: soft above hard is EINVAL; raising the hard limit needs CAP_SYS_RESOURCE
   * (EPERM); RLIMIT_NOFILE cannot exceed fs.nr_open (EPERM).
   */
  @Source(file = "kernel/sys.c", line = 1437, function = "do_prlimit", version = "Linux 6.2")
  private long doPrlimit(Task tsk, int resource, Rlimit n) {
    if (Long.compareUnsigned(n.cur(), n.max()) > 0) {
      return Errno.EINVAL.result();
    }
    if (resource == Rlimits.RLIMIT_NOFILE && Long.compareUnsigned(n.max(), k.nrOpen) > 0) {
      return Errno.EPERM.result();
    }
    Rlimit old = tsk.signal.rlim[resource];
    if (Long.compareUnsigned(n.max(), old.max()) > 0
        && !task.cred.capable(k.initUserNs, Cred.CAP_SYS_RESOURCE)) {
      return Errno.EPERM.result();
    }
    tsk.signal.rlim[resource] = n;
    return 0;
  }

  @Override
  public long prlimit64(int pid, int resource, long newLimit, long oldLimit) {
    enter();
    long r = 0;
    long[] w = null;
    Rlimit old = null;
    Task tsk = pid == 0 ? task : k.findTaskByPidNs(task.activePidNs(), pid);
    if (resource < 0 || resource >= Rlimits.RLIM_NLIMITS) {
      r = Errno.EINVAL.result();
    } else if (newLimit != 0 && (w = readRlimit(newLimit)) == null) {
      r = Errno.EFAULT.result();
    } else if (tsk == null) {
      r = Errno.ESRCH.result();
    } else {
      old = tsk.signal.rlim[resource];
      if (w != null) {
        r = doPrlimit(tsk, resource, new Rlimit(w[0], w[1]));
      }
      if (r == 0
          && oldLimit != 0
          && !(Uaccess.putUser64(task.mm, oldLimit, old.cur())
              && Uaccess.putUser64(task.mm, oldLimit + 8, old.max()))) {
        r = Errno.EFAULT.result();
      }
    }
    String in =
        newLimit == 0 ? "NULL" : w == null ? Strace.addr(newLimit) : Rlimits.format(w[0], w[1]);
    String out =
        oldLimit == 0
            ? "NULL"
            : r == 0 ? Rlimits.format(old.cur(), old.max()) : Strace.addr(oldLimit);
    return ret(
        "prlimit64",
        "prlimit64(" + pid + ", " + Rlimits.name(resource) + ", " + in + ", " + out + ")",
        r);
  }

  // ---------------------------------------------------------------- credentials

  /**
   * {@code __sys_setresuid}: without CAP_SETUID each new id must be one of the current three
   * (EPERM). A new real uid moves this task's RLIMIT_NPROC charge to that uid. Dropping every uid
   * from 0 clears the effective capabilities, as the capability rules do.
   */
  @Override
  @Source(file = "kernel/sys.c", line = 660, function = "__sys_setresuid", version = "Linux 6.2")
  public long setresuid(int ruid, int euid, int suid) {
    enter();
    Cred c = task.cred;
    long r = 0;
    boolean priv = c.capable(c.userNs(), Cred.CAP_SETUID);
    if (!priv) {
      for (int id : new int[] {ruid, euid, suid}) {
        if (id != -1 && id != c.uid() && id != c.euid() && id != c.suid()) {
          r = Errno.EPERM.result();
        }
      }
    }
    if (r == 0) {
      int nr = ruid == -1 ? c.uid() : ruid;
      int ne = euid == -1 ? c.euid() : euid;
      int ns = suid == -1 ? c.suid() : suid;
      long caps = c.capEffective();
      if (c.uid() == 0 || c.euid() == 0 || c.suid() == 0) {
        if (nr != 0 && ne != 0 && ns != 0) {
          caps = 0;
        }
      }
      if (nr != c.uid()) {
        k.tasksPerUid.merge(c.uid(), -1, Integer::sum);
        k.tasksPerUid.merge(nr, 1, Integer::sum);
      }
      task.cred = new Cred(nr, ne, ns, caps, c.userNs());
    }
    return ret("setresuid", "setresuid(" + ruid + ", " + euid + ", " + suid + ")", r);
  }

  @Override
  public long getuid() {
    enter();
    return ret("getuid", "getuid()", task.cred.uid());
  }
}
