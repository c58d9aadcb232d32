package io.github.clonepath.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Fcntl;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import org.junit.jupiter.api.Test;

/**
 * Private file mappings, as the dynamic loader makes them (mm/mmap.c ksys_mmap_pgoff, do_mmap): the
 * descriptor must name an open regular file readable by the caller, the file offset stays the VMA's
 * offset, and a file mapping never merges with anonymous memory beside it.
 */
class FileMappingTest extends ModelFixture {
  private static final String LIB = "/lib/x86_64-linux-gnu/libgcc_s.so.1";
  private static final int PRIVATE_DENYWRITE = MapFlags.MAP_PRIVATE | MapFlags.MAP_DENYWRITE;

  @Test
  void theDescriptorMustNameAReadableRegularFile() {
    long[] r = new long[4];
    spawn(
        (c, x) -> {
          r[0] = c.mmap(0, 4096, Prot.PROT_READ, MapFlags.MAP_PRIVATE, 9, 0);
          int dir = (int) c.openat(Fcntl.AT_FDCWD, "/etc", Fcntl.O_RDONLY, 0);
          r[1] = c.mmap(0, 4096, Prot.PROT_READ, MapFlags.MAP_PRIVATE, dir, 0);
          int wo = (int) c.openat(Fcntl.AT_FDCWD, "/tmp/f", Fcntl.O_WRONLY | Fcntl.O_CREAT, 0644);
          r[2] = c.mmap(0, 4096, Prot.PROT_READ, MapFlags.MAP_PRIVATE, wo, 0);
          int lib = (int) c.openat(Fcntl.AT_FDCWD, LIB, Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0);
          r[3] = c.mmap(0, 127688, Prot.PROT_READ, PRIVATE_DENYWRITE, lib, 0);
          c.exitGroup(0);
        });
    machine.run();
    assertEquals(Errno.EBADF.result(), r[0]);
    assertEquals(Errno.ENODEV.result(), r[1]);
    assertEquals(Errno.EACCES.result(), r[2]);
    assertTrue(r[3] > 0, Long.toHexString(r[3]));
  }

  @Test
  void segmentsMappedOverTheSpanSplitItAndTheFileStaysApartFromAnonymousMemory() {
    long[] base = new long[1];
    String[] maps = new String[1];
    int pid =
        spawn(
            (c, x) -> {
              int fd = (int) c.openat(Fcntl.AT_FDCWD, LIB, Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0);
              long b = c.mmap(0, 127688, Prot.PROT_READ, PRIVATE_DENYWRITE, fd, 0);
              base[0] = b;
              int fixed = PRIVATE_DENYWRITE | MapFlags.MAP_FIXED;
              c.mmap(b + 0x3000, 94208, Prot.PROT_READ | Prot.PROT_EXEC, fixed, fd, 0x3000);
              c.mmap(b + 0x1a000, 16384, Prot.PROT_READ, fixed, fd, 0x1a000);
              c.mmap(b + 0x1e000, 8192, Prot.PROT_READ | Prot.PROT_WRITE, fixed, fd, 0x1d000);
              c.close(fd);
              c.mprotect(b + 0x1e000, 4096, Prot.PROT_READ);
              // anonymous read-only memory right below the object must not join its first VMA
              c.mmap(
                  b - 4096,
                  4096,
                  Prot.PROT_READ,
                  MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS | MapFlags.MAP_FIXED,
                  -1,
                  0);
              maps[0] = machine.maps((int) c.getpid());
              c.exitGroup(0);
            });
    machine.run();
    long b = base[0];
    long objectVmas =
        maps[0]
            .lines()
            .filter(
                l -> {
                  long start = Long.parseUnsignedLong(l.substring(0, l.indexOf('-')), 16);
                  return start >= b && start < b + 0x20000;
                })
            .count();
    // R (0-0x3000), R+X, R (rodata), R (RELRO page, offset 0x1d000 not next to rodata's), RW
    assertEquals(5, objectVmas, maps[0]);
    assertTrue(
        maps[0].contains(Long.toHexString(b - 4096) + "-" + Long.toHexString(b) + " "), maps[0]);
    assertTrue(pid > 0);
  }
}
