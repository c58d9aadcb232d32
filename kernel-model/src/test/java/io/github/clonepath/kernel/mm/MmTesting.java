package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.syscall.MapFlags.MAP_ANONYMOUS;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_PRIVATE;
import static io.github.clonepath.kernel.syscall.Prot.PROT_READ;
import static io.github.clonepath.kernel.syscall.Prot.PROT_WRITE;

import io.github.clonepath.kernel.syscall.Errno;

/** Shared helpers of the address-space tests. */
final class MmTesting {
  static final long PAGE = 4096;
  static final int RW = PROT_READ | PROT_WRITE;
  static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS;

  private MmTesting() {}

  static StandardMmEnvironment env() {
    return new StandardMmEnvironment();
  }

  static MmStruct mm() {
    return new MmStruct(env());
  }

  static long err(Errno e) {
    return e.result();
  }

  /** The maps lines without the trailing space the kernel prints after the inode. */
  static String[] lines(MmStruct mm) {
    String[] l = mm.maps().split("\n");
    for (int i = 0; i < l.length; i++) {
      l[i] = l[i].stripTrailing();
    }
    return mm.maps().isEmpty() ? new String[0] : l;
  }
}
