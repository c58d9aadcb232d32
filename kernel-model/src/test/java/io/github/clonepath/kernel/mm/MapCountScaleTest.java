package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmTesting.ANON;
import static io.github.clonepath.kernel.mm.MmTesting.PAGE;
import static io.github.clonepath.kernel.mm.MmTesting.RW;
import static io.github.clonepath.kernel.mm.MmTesting.err;
import static io.github.clonepath.kernel.mm.MmTesting.mm;
import static io.github.clonepath.kernel.syscall.Errno.EAGAIN;
import static io.github.clonepath.kernel.syscall.Errno.ENOMEM;
import static io.github.clonepath.kernel.syscall.Prot.PROT_EXEC;
import static io.github.clonepath.kernel.syscall.Prot.PROT_NONE;
import static io.github.clonepath.kernel.syscall.Prot.PROT_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Madvise;
import io.github.clonepath.kernel.syscall.MapFlags;
import org.junit.jupiter.api.Test;

/**
 * The real run on the reference kernel: one big read-only map, every other page made PROT_NONE
 * until a split fails at vm.max_map_count (65530), then each call that would split fails — munmap
 * and mprotect with ENOMEM, madvise with EAGAIN — while a new map is refused only above the limit.
 */
class MapCountScaleTest {
  @Test
  void at65530VmasSplitsFailAsOnTheReferenceKernel() {
    MmStruct mm = mm();
    long n = 70000;
    long base = mm.mmap(0, n * 2 * PAGE, PROT_READ, ANON | MapFlags.MAP_NORESERVE, -1, 0);
    long i = 0;
    while (mm.mprotect(base + 2 * i * PAGE, PAGE, PROT_NONE) == 0) {
      i++;
    }
    assertEquals(65530, mm.mapCount());
    long t = base + 2 * (i + 5) * PAGE;
    assertEquals(err(ENOMEM), mm.munmap(t, PAGE));
    assertEquals(err(EAGAIN), mm.madvise(t, PAGE, Madvise.MADV_DONTFORK));
    assertEquals(err(ENOMEM), mm.mprotect(t, PAGE, RW));
    assertTrue(mm.mmap(0, PAGE, PROT_EXEC, ANON, -1, 0) > 0);
    assertEquals(err(ENOMEM), mm.mmap(0, PAGE, PROT_EXEC | PROT_READ, ANON, -1, 0));
    assertEquals(0, mm.munmap(base, n * 2 * PAGE));
    assertEquals(1, mm.mapCount());
  }
}
