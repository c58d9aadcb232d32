package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Fcntl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** pipe2, read and write of a pipe (fs/pipe.c): a read of an empty pipe sleeps until a write. */
class PipeTest extends ModelFixture {
  private static final long FDS = SCRATCH + 0x40;
  private static final long BUF = SCRATCH + 0x80;
  private static final long THREAD =
      CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;

  @Test
  @DisplayName("a reader of an empty pipe sleeps until the writer's byte arrives, then gets it")
  void aReadOfAnEmptyPipeEndsWithTheWrite() {
    long[] got = {-99, -99, -99};
    int[] tids = new int[2];
    tids[0] =
        spawn(
            (c, r) -> {
              got[0] = c.pipe2(FDS, 0);
              int rfd = c.load32(FDS);
              int wfd = c.load32(FDS + 4);
              tids[1] =
                  (int)
                      c.clone(
                          THREAD,
                          SCRATCH + 0x800,
                          0,
                          0,
                          0,
                          (cc, x) ->
                              cc.read(
                                  rfd,
                                  BUF,
                                  1,
                                  (c2, n) -> {
                                    got[1] = n;
                                    got[2] = c2.load32(BUF) & 0xff;
                                    c2.exit(0);
                                  }));
              // the reader runs first and finds the pipe empty
              c.schedYield(
                  (c1, y) -> {
                    c1.write(wfd, "\1");
                    c1.schedYield((c3, z) -> c3.exitGroup(0));
                  });
            });
    machine.run();
    assertEquals(0, got[0]);
    assertEquals(1, got[1], "read returns the one byte written");
    assertEquals(1, got[2], "the byte is in the reader's buffer");
    assertTrue(linesOf(tids[0]).startsWith("pipe2([3, 4], 0) = 0\n"), linesOf(tids[0]));
    assertTrue(linesOf(tids[0]).contains("write(4, \"\\1\", 1) = 1\n"), linesOf(tids[0]));
    assertEquals("read(3, \"\\1\", 1) = 1\n", linesOf(tids[1]).split("(?<=\n)")[0]);
  }

  @Test
  @DisplayName("an empty pipe reads as end of file once its writer is closed, EAGAIN if O_NONBLOCK")
  void anEmptyPipeWithoutWriterIsEndOfFile() {
    long[] got = new long[6];
    int pid =
        spawn(
            (c, r) -> {
              got[0] = c.pipe2(FDS, Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC);
              int rfd = c.load32(FDS);
              c.read(
                  rfd,
                  BUF,
                  8,
                  (c1, n) -> {
                    got[1] = n;
                    c1.close(c1.load32(FDS + 4));
                    c1.read(
                        rfd,
                        BUF,
                        8,
                        (c2, m) -> {
                          got[2] = m;
                          got[3] = c2.pipe2(FDS, 0x1);
                          got[4] = c2.write(rfd, "x");
                          c2.exitGroup(0);
                        });
                  });
            });
    machine.run();
    assertEquals(0, got[0]);
    assertEquals(Errno.EAGAIN.result(), got[1]);
    assertEquals(0, got[2], "no writer left: end of file");
    assertEquals(Errno.EINVAL.result(), got[3]);
    assertEquals(Errno.EBADF.result(), got[4], "the read end is not open for writing");
    assertTrue(
        linesOf(pid).startsWith("pipe2([3, 4], O_NONBLOCK|O_CLOEXEC) = 0\nread(3, 0x"),
        linesOf(pid));
    assertTrue(linesOf(pid).contains("read(3, \"\", 8) = 0\n"), linesOf(pid));
  }

  @Test
  @DisplayName("a write to a pipe whose reader is closed is EPIPE and SIGPIPE ends the process")
  void aWriteWithoutReaderIsEpipe() {
    long[] got = {-99};
    int pid =
        spawn(
            (c, r) -> {
              c.pipe2(FDS, 0);
              c.close(c.load32(FDS));
              got[0] = c.write(c.load32(FDS + 4), "x");
              c.exitGroup(0);
            });
    machine.run();
    assertEquals(-99, got[0], "SIGPIPE's default action kills before write returns to the user");
    assertTrue(linesOf(pid).contains("write(4, \"x\", 1) = -1 EPIPE (Broken pipe)"), linesOf(pid));
  }
}
