package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.exit.ExitStructs;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Fcntl;
import io.github.clonepath.kernel.syscall.Rlimits;
import io.github.clonepath.kernel.task.Dentry;
import io.github.clonepath.kernel.task.FilesStruct;
import io.github.clonepath.kernel.task.OpenFile;
import org.jspecify.annotations.Nullable;

/**
 * The file calls that make the sharing of files and fs observable: descriptors on the machine's
 * small in-memory tree (openat and close of fs/open.c, dup and dup3 of fs/file.c, fcntl of
 * fs/fcntl.c), write of fs/read_write.c, and chdir of fs/open.c ({@link DPathCalls} has getcwd, of
 * fs/d_path.c; a write to a pipe is {@link PipeCalls#pipeWrite}). DEVIATION: paths are Java strings
 * rather than pointers into user memory. Its methods are static and take the calling task's {@link
 * TaskContext} first (see there why).
 */
final class FileCalls {
  private FileCalls() {}

  private static long nofile(TaskContext ctx) {
    return ctx.task.signal.rlim[Rlimits.RLIMIT_NOFILE].cur();
  }

  static OpenFile fget(TaskContext ctx, int fd) {
    FilesStruct files = ctx.task.files;
    if (fd < 0 || fd >= files.maxFds) {
      return null;
    }
    return files.fd[fd];
  }

  /**
   * Where a path walk ended: the node, or the errno; when only the last name is missing, also the
   * directory that would hold it and that name, as the walk leaves them for O_CREAT.
   */
  record Walk(@Nullable Dentry dentry, long error, @Nullable Dentry parent, @Nullable String last) {
    static Walk found(Dentry d) {
      return new Walk(d, 0, null, null);
    }

    static Walk failed(Errno e) {
      return new Walk(null, e.result(), null, null);
    }
  }

  /** Path walk from {@code start} (or the root for an absolute path). */
  static Walk lookup(TaskContext ctx, Dentry start, String path) {
    if (path.isEmpty()) {
      return Walk.failed(Errno.ENOENT);
    }
    Dentry d = path.startsWith("/") ? ctx.task.fs.root : start;
    String[] parts = path.split("/");
    int n = parts.length;
    for (int i = 0; i < n; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (!d.directory) {
        return Walk.failed(Errno.ENOTDIR);
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
        return isLast ? new Walk(null, Errno.ENOENT.result(), d, p) : Walk.failed(Errno.ENOENT);
      }
      d = c;
    }
    return Walk.found(d);
  }

  /**
   * {@code do_sys_openat2}: resolve (creating with O_CREAT), check the type, then allocate the
   * lowest descriptor under RLIMIT_NOFILE and install a new open file description.
   */
  @Source(file = "fs/open.c", line = 1294, function = "do_sys_openat2", version = "Linux 6.2")
  static long openat(TaskContext ctx, int dirfd, String path, int flags, int mode) {
    ctx.enter();
    long r = openImpl(ctx, dirfd, path, flags, mode);
    return ctx.record("openat", FileText.OPENAT, path, r, dirfd, flags, mode);
  }

  private static long openImpl(TaskContext ctx, int dirfd, String path, int flags, int mode) {
    Dentry start;
    if (dirfd == Fcntl.AT_FDCWD || path.startsWith("/")) {
      start = ctx.task.fs.pwd;
    } else {
      OpenFile df = fget(ctx, dirfd);
      if (df == null) {
        return Errno.EBADF.result();
      }
      if (df.dentry == null || !df.dentry.directory) {
        return Errno.ENOTDIR.result();
      }
      start = df.dentry;
    }
    Walk w = lookup(ctx, start, path);
    Dentry d = w.dentry();
    if (d == null) {
      if (w.error() == Errno.ENOENT.result()
          && (flags & Fcntl.O_CREAT) != 0
          && w.parent() != null) {
        d = new Dentry(w.last(), w.parent(), false, false, mode & ~ctx.task.fs.umask & 07777);
      } else {
        return w.error();
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
    long fd = ctx.s.fdt().allocFd(ctx.task.files, 0, nofile(ctx), (flags & Fcntl.O_CLOEXEC) != 0);
    if (fd < 0) {
      return fd;
    }
    OpenFile f =
        new OpenFile(ctx.k.nextId("file"), d, null, (flags & ~Fcntl.O_CLOEXEC) | Fcntl.O_LARGEFILE);
    ctx.s.fdt().fdInstall(ctx.task.files, (int) fd, f);
    return fd;
  }

  @Source(file = "fs/open.c", function = "sys_close", version = "Linux 6.2")
  static long close(TaskContext ctx, int fd) {
    ctx.enter();
    OpenFile f = ctx.s.fdt().closeFd(ctx.task.files, fd);
    long r = f == null ? Errno.EBADF.result() : 0;
    ExitStructs.fput(f);
    return ctx.record("close", FileText.CLOSE, null, r, fd);
  }

  @Source(file = "fs/file.c", function = "sys_dup", version = "Linux 6.2")
  static long dup(TaskContext ctx, int fd) {
    ctx.enter();
    OpenFile f = fget(ctx, fd);
    long r;
    if (f == null) {
      r = Errno.EBADF.result();
    } else {
      r = ctx.s.fdt().allocFd(ctx.task.files, 0, nofile(ctx), false);
      if (r >= 0) {
        f.count++;
        ctx.s.fdt().fdInstall(ctx.task.files, (int) r, f);
      }
    }
    return ctx.record("dup", FileText.DUP, null, r, fd);
  }

  /**
   * {@code ksys_dup3}: flags other than O_CLOEXEC and oldfd == newfd are EINVAL, newfd beyond
   * RLIMIT_NOFILE is EBADF, a closed oldfd EBADF; whatever newfd held is closed.
   */
  @Source(file = "fs/file.c", line = 1215, function = "ksys_dup3", version = "Linux 6.2")
  static long dup3(TaskContext ctx, int oldfd, int newfd, int flags) {
    ctx.enter();
    long r;
    if ((flags & ~Fcntl.O_CLOEXEC) != 0 || oldfd == newfd) {
      r = Errno.EINVAL.result();
    } else if (newfd < 0 || Long.compareUnsigned(newfd, nofile(ctx)) >= 0) {
      r = Errno.EBADF.result();
    } else {
      r = ctx.s.fdt().expandFiles(ctx.task.files, newfd);
      if (r >= 0) {
        OpenFile f = fget(ctx, oldfd);
        if (f == null) {
          r = Errno.EBADF.result();
        } else {
          OpenFile old = ctx.s.fdt().closeFd(ctx.task.files, newfd);
          ExitStructs.fput(old);
          f.count++;
          ctx.task.files.openFds.set(newfd);
          ctx.task.files.closeOnExec.set(newfd, (flags & Fcntl.O_CLOEXEC) != 0);
          ctx.s.fdt().fdInstall(ctx.task.files, newfd, f);
          r = newfd;
        }
      }
    }
    return ctx.record("dup3", FileText.DUP3, null, r, oldfd, newfd, flags);
  }

  @Source(file = "fs/fcntl.c", function = "sys_fcntl", version = "Linux 6.2")
  static long fcntl(TaskContext ctx, int fd, int cmd, long arg) {
    ctx.enter();
    OpenFile f = fget(ctx, fd);
    long r;
    switch (cmd) {
      case Fcntl.F_GETFD -> {
        r = f == null ? Errno.EBADF.result() : ctx.task.files.closeOnExec.get(fd) ? 1 : 0;
      }
      case Fcntl.F_SETFD -> {
        if (f == null) {
          r = Errno.EBADF.result();
        } else {
          ctx.task.files.closeOnExec.set(fd, (arg & Fcntl.FD_CLOEXEC) != 0);
          r = 0;
        }
      }
      case Fcntl.F_GETFL -> {
        r = f == null ? Errno.EBADF.result() : f.flags;
      }
      case Fcntl.F_DUPFD, Fcntl.F_DUPFD_CLOEXEC -> {
        if (f == null) {
          r = Errno.EBADF.result();
        } else if (arg < 0 || Long.compareUnsigned(arg, nofile(ctx)) >= 0) {
          r = Errno.EINVAL.result();
        } else {
          r =
              ctx.s
                  .fdt()
                  .allocFd(ctx.task.files, (int) arg, nofile(ctx), cmd == Fcntl.F_DUPFD_CLOEXEC);
          if (r >= 0) {
            f.count++;
            ctx.s.fdt().fdInstall(ctx.task.files, (int) r, f);
          }
        }
      }
      default -> {
        r = f == null ? Errno.EBADF.result() : Errno.EINVAL.result();
      }
    }
    return ctx.record("fcntl", FileText.FCNTL, null, r, fd, cmd, arg);
  }

  @Source(file = "fs/open.c", function = "sys_chdir", version = "Linux 6.2")
  static long chdir(TaskContext ctx, String path) {
    ctx.enter();
    Walk w = lookup(ctx, ctx.task.fs.pwd, path);
    Dentry d = w.dentry();
    long r;
    if (d == null) {
      r = w.error();
    } else if (!d.directory) {
      r = Errno.ENOTDIR.result();
    } else {
      ctx.task.fs.pwd = d;
      r = 0;
    }
    return ctx.record("chdir", FileText.CHDIR, path, r);
  }

  /** A mode as strace prints it: octal with a leading 0, at least three digits. */
  static String octal(int v) {
    String s = Integer.toOctalString(v);
    if (v != 0) {
      s = "0" + s;
    }
    while (s.length() < 3) {
      s = "0" + s;
    }
    return s;
  }

  @Source(file = "fs/read_write.c", function = "sys_write", version = "Linux 6.2")
  static long write(TaskContext ctx, int fd, String text) {
    ctx.enter();
    long r;
    var files = ctx.task.files;
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (fd < 0 || fd >= files.maxFds || files.fd[fd] == null || (files.fd[fd].flags & 3) == 0) {
      r = Errno.EBADF.result();
    } else if (files.fd[fd].pipe != null) {
      r = PipeCalls.pipeWrite(ctx, files.fd[fd], bytes);
    } else {
      r = bytes.length;
    }
    return ctx.record("write", FileText.WRITE, text, r, fd, bytes.length);
  }
}
