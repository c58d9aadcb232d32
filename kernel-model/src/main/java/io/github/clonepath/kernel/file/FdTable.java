package io.github.clonepath.kernel.file;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.FailPoint;
import io.github.clonepath.kernel.task.ErrOr;
import io.github.clonepath.kernel.task.FilesStruct;
import io.github.clonepath.kernel.task.Kernel;
import io.github.clonepath.kernel.task.OpenFile;
import org.jspecify.annotations.Nullable;

/** Descriptor-table operations of one machine. */
public final class FdTable {
  private final Kernel kernel;

  /**
   * The descriptor code.
   *
   * @param kernel the kernel (fs.nr_open, ids, fault injection)
   */
  public FdTable(Kernel kernel) {
    this.kernel = kernel;
  }

  /**
   * {@code alloc_fdtable} sizing: slots for {@code nr} rounded up to a power of two of 1 KiB of
   * pointers (128), capped by fs.nr_open.
   */
  private int fdtableSize(int nr) {
    int n = nr / 128;
    int p = Integer.highestOneBit(n + 1);
    if (p < n + 1) {
      p <<= 1;
    }
    long size = (long) p * 128;
    if (size > kernel.nrOpen) {
      size = ((kernel.nrOpen - 1) | 63) + 1;
    }
    return (int) size;
  }

  /**
   * {@code expand_files}: makes slot {@code nr} exist.
   *
   * @param files the table
   * @param nr the descriptor
   * @return 0, or -EMFILE beyond fs.nr_open
   */
  @Source(file = "fs/file.c", line = 214, function = "expand_files", version = "Linux 6.2")
  public long expandFiles(FilesStruct files, int nr) {
    if (nr < files.maxFds) {
      return 0;
    }
    if (nr >= kernel.nrOpen) {
      return Errno.EMFILE.result();
    }
    files.resize(fdtableSize(nr));
    return 0;
  }

  /**
   * {@code alloc_fd}: the lowest free descriptor at or above {@code start}, below the RLIMIT_NOFILE
   * soft limit; the close-on-exec bit set as asked.
   *
   * @param files the table
   * @param start the lowest acceptable descriptor
   * @param end RLIMIT_NOFILE
   * @param cloexec O_CLOEXEC
   * @return the descriptor or -EMFILE
   */
  @Source(file = "fs/file.c", line = 499, function = "alloc_fd", version = "Linux 6.2")
  public long allocFd(FilesStruct files, int start, long end, boolean cloexec) {
    int fd = files.openFds.nextClearBit(Math.max(start, files.nextFd));
    if (Long.compareUnsigned(fd, end) >= 0) {
      return Errno.EMFILE.result();
    }
    long r = expandFiles(files, fd);
    if (r < 0) {
      return r;
    }
    if (start <= files.nextFd) {
      files.nextFd = fd + 1;
    }
    files.openFds.set(fd);
    files.closeOnExec.set(fd, cloexec);
    return fd;
  }

  /**
   * {@code fd_install}: puts the description in a reserved slot.
   *
   * @param files the table
   * @param fd the reserved descriptor
   * @param file the description (its reference passes to the slot)
   */
  public void fdInstall(FilesStruct files, int fd, OpenFile file) {
    files.fd[fd] = file;
  }

  /**
   * {@code put_unused_fd}: gives back a reserved descriptor.
   *
   * @param files the table
   * @param fd the descriptor
   */
  public void putUnusedFd(FilesStruct files, int fd) {
    files.openFds.clear(fd);
    files.closeOnExec.clear(fd);
    files.fd[fd] = null;
    if (fd < files.nextFd) {
      files.nextFd = fd;
    }
  }

  /**
   * {@code close_fd}: empties a slot.
   *
   * @param files the table
   * @param fd the descriptor
   * @return the description that was there (its reference now belongs to the caller), or null
   */
  @Source(file = "fs/file.c", line = 653, function = "close_fd", version = "Linux 6.2")
  public @Nullable OpenFile closeFd(FilesStruct files, int fd) {
    if (fd < 0 || fd >= files.maxFds || files.fd[fd] == null) {
      return null;
    }
    OpenFile f = files.fd[fd];
    putUnusedFd(files, fd);
    return f;
  }

  /**
   * {@code dup_fd}: a private copy of the table for a child without CLONE_FILES. The open and
   * close-on-exec bits are copied and every open description gains a reference, so parent and child
   * share descriptions but not slots. EMFILE when fs.nr_open is now below what the parent's table
   * needs.
   *
   * @param old the parent's table
   * @return the copy with count 1, or the errno that refused it
   */
  @Source(file = "fs/file.c", line = 316, function = "dup_fd", version = "Linux 6.2")
  public ErrOr<FilesStruct> dupFd(FilesStruct old) {
    try (var f = kernel.tracer.enter()) {
      if (kernel.shouldFail(FailPoint.FILES)) {
        return ErrOr.err(Errno.ENOMEM);
      }
      FilesStruct n = new FilesStruct(kernel.nextId("files"));
      int openFiles = old.countOpenFiles();
      if (openFiles > n.maxFds) {
        int size = fdtableSize(openFiles - 1);
        if (size < openFiles) {
          return ErrOr.err(Errno.EMFILE);
        }
        n.resize(size);
      }
      for (int fd = old.openFds.nextSetBit(0); fd >= 0; fd = old.openFds.nextSetBit(fd + 1)) {
        OpenFile file = old.fd[fd];
        if (file != null) {
          file.count++;
          n.fd[fd] = file;
          n.openFds.set(fd);
          n.closeOnExec.set(fd, old.closeOnExec.get(fd));
        }
      }
      n.nextFd = 0;
      if (f.recording()) {
        f.note("files %d copied to %d (%d fds)", old.id, n.id, n.openFds.cardinality());
      }
      return ErrOr.of(n);
    }
  }
}
