package io.github.clonepath.kernel.entry;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Fcntl;
import io.github.clonepath.kernel.syscall.Rlimits;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.task.OpenFile;
import io.github.clonepath.kernel.task.PipeInode;
import io.github.clonepath.kernel.task.Resumption;
import io.github.clonepath.kernel.task.TaskState;
import io.github.clonepath.kernel.task.Uaccess;
import io.github.clonepath.kernel.task.WaitReason;

/**
 * The pipe calls of fs/pipe.c: pipe2 makes a pipe and its two ends, read of a pipe ({@code
 * pipe_read}, reached through ksys_read of fs/read_write.c) sleeps while the pipe is empty and has
 * a writer, and write of a pipe ({@code pipe_write}) appends and wakes the sleeping readers. Its
 * methods are static and take the calling task's {@link TaskContext} first (see there why).
 */
final class PipeCalls {
  private PipeCalls() {}

  /**
   * {@code do_pipe2}: flags other than O_CLOEXEC, O_NONBLOCK and O_DIRECT are EINVAL; two
   * descriptors are reserved (read end first), the two files made, the pair copied to user memory
   * (EFAULT undoes it all), and only then installed. DEVIATION: O_DIRECT (packet mode) is accepted
   * and ignored.
   */
  @Source(file = "fs/pipe.c", function = "do_pipe2", version = "Linux 6.2")
  static long pipe2(TaskContext ctx, long fildes, int flags) {
    ctx.enter();
    long r;
    int[] fds = null;
    if ((flags & ~(Fcntl.O_CLOEXEC | Fcntl.O_NONBLOCK | Fcntl.O_DIRECT)) != 0) {
      r = Errno.EINVAL.result();
    } else {
      long nofile = ctx.task.signal.rlim[Rlimits.RLIMIT_NOFILE].cur();
      boolean cloexec = (flags & Fcntl.O_CLOEXEC) != 0;
      long rfd = ctx.s.fdt().allocFd(ctx.task.files, 0, nofile, cloexec);
      long wfd = rfd < 0 ? rfd : ctx.s.fdt().allocFd(ctx.task.files, 0, nofile, cloexec);
      if (rfd < 0) {
        r = rfd;
      } else if (wfd < 0) {
        ctx.s.fdt().putUnusedFd(ctx.task.files, (int) rfd);
        r = wfd;
      } else if (!Uaccess.putUser32(ctx.task.mm, fildes, (int) rfd)
          || !Uaccess.putUser32(ctx.task.mm, fildes + 4, (int) wfd)) {
        ctx.s.fdt().putUnusedFd(ctx.task.files, (int) rfd);
        ctx.s.fdt().putUnusedFd(ctx.task.files, (int) wfd);
        r = Errno.EFAULT.result();
      } else {
        PipeInode pipe = new PipeInode();
        int status = flags & (Fcntl.O_NONBLOCK | Fcntl.O_DIRECT);
        ctx.s
            .fdt()
            .fdInstall(
                ctx.task.files,
                (int) rfd,
                new OpenFile(ctx.k.nextId("file"), pipe, Fcntl.O_RDONLY | status));
        ctx.s
            .fdt()
            .fdInstall(
                ctx.task.files,
                (int) wfd,
                new OpenFile(ctx.k.nextId("file"), pipe, Fcntl.O_WRONLY | status));
        fds = new int[] {(int) rfd, (int) wfd};
        r = 0;
      }
    }
    return ctx.record("pipe2", FileText.PIPE2, fds, r, fildes, flags);
  }

  /**
   * {@code ksys_read}: a descriptor not open for reading is EBADF; a pipe's read end reads as
   * {@link #pipeRead}. DEVIATION: only pipes hold data; a file of the in-memory tree reads as empty
   * (0 bytes: end of file).
   */
  @Source(file = "fs/read_write.c", function = "ksys_read", version = "Linux 6.2")
  static void read(TaskContext ctx, int fd, long buf, long count, Continuation next) {
    ctx.enter();
    var files = ctx.task.files;
    OpenFile f = fd < 0 || fd >= files.maxFds ? null : files.fd[fd];
    byte[][] got = new byte[1][];
    TaskContext.Pending tf =
        new TaskContext.Pending(
            "read", FileText.READ, r -> r >= 0 && got[0] != null ? got[0] : null, fd, buf, count);
    if (f == null || (f.flags & 3) == Fcntl.O_WRONLY) {
      ctx.immediate(tf, Errno.EBADF.result(), next);
      return;
    }
    if (f.pipe == null) {
      got[0] = new byte[0];
      ctx.immediate(tf, 0, next);
      return;
    }
    Resumption done = ctx.completion(tf, next);
    long r = pipeRead(ctx, f, buf, count, got, done);
    if (r != BLOCKED) {
      ctx.immediate(tf, r, next);
    }
  }

  private static final long BLOCKED = Long.MIN_VALUE;

  /**
   * {@code pipe_read}: takes what the buffer holds, up to {@code count}; an empty pipe with no
   * writer is end of file (0), an empty O_NONBLOCK pipe is EAGAIN, and otherwise the reader sleeps
   * on {@code rd_wait} (interruptibly) and looks again when woken. A writer's bytes go to the first
   * reader that runs; a reader that finds the pipe empty again sleeps again. The bytes are copied
   * to user memory (EFAULT when they do not fit there).
   *
   * @return the result, or {@link #BLOCKED} when the task sleeps (then {@code done} gets it)
   */
  @Source(file = "fs/pipe.c", function = "pipe_read", version = "Linux 6.2")
  private static long pipeRead(
      TaskContext ctx, OpenFile f, long buf, long count, byte[][] got, Resumption done) {
    PipeInode pipe = f.pipe;
    if (count == 0) {
      got[0] = new byte[0];
      return 0;
    }
    if (!pipe.empty()) {
      byte[] bytes = pipe.take(count);
      if (!Uaccess.copyToUser(ctx.task.mm, buf, bytes)) {
        return Errno.EFAULT.result();
      }
      got[0] = bytes;
      // pipe_read wakes the writers that wait for room; writers never wait in this model
      return bytes.length;
    }
    if (pipe.writers == 0) {
      got[0] = new byte[0];
      return 0;
    }
    if ((f.flags & Fcntl.O_NONBLOCK) != 0) {
      return Errno.EAGAIN.result();
    }
    var task = ctx.task;
    pipe.addReader(task, () -> ctx.s.sched().wakeUp(task, 0));
    ctx.s
        .sched()
        .sleep(
            task,
            TaskState.INTERRUPTIBLE,
            WaitReason.PIPE,
            "pipe_read",
            woken -> {
              if (woken < 0) {
                done.run(woken);
                return;
              }
              long r = pipeRead(ctx, f, buf, count, got, done);
              if (r != BLOCKED) {
                done.run(r);
              }
            },
            () -> pipe.removeReader(task));
    return BLOCKED;
  }

  /**
   * {@code pipe_write}: no reader left is EPIPE with SIGPIPE sent to the writer; otherwise the
   * bytes are appended and the sleeping readers woken. DEVIATION: a write that does not fit in the
   * room left (64 KiB minus what is buffered) fails with EAGAIN instead of making its writer wait
   * on {@code wr_wait}; the programs modeled write one byte at a time.
   */
  @Source(file = "fs/pipe.c", function = "pipe_write", version = "Linux 6.2")
  static long pipeWrite(TaskContext ctx, OpenFile f, byte[] bytes) {
    PipeInode pipe = f.pipe;
    if (pipe.readers == 0) {
      // send_sig(SIGPIPE, current, 0): no details, so SI_USER from the writer itself
      ctx.s
          .signals()
          .sendSignal(
              ctx.task,
              Signals.SIGPIPE,
              false,
              SignalCalls.senderInfo(
                  ctx, ctx.task, Signals.SIGPIPE, io.github.clonepath.kernel.task.SigInfo.SI_USER));
      return Errno.EPIPE.result();
    }
    if (bytes.length == 0) {
      return 0;
    }
    if (bytes.length > pipe.room()) {
      return Errno.EAGAIN.result();
    }
    boolean wasEmpty = pipe.empty();
    pipe.push(bytes);
    if (wasEmpty) {
      pipe.wakeReaders();
    }
    return bytes.length;
  }
}
