package io.github.clonepath.glibc.nptl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.glibc.pthread.PthreadAttr;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code allocate_stack}'s layout and size arithmetic (nptl/allocatestack.c, glibc 2.36), one case
 * per size and guard the reference program was run with.
 */
class LayoutRulesTest {

  @ParameterizedTest(
      name = "stack {0} guard {1}: mmap {2}, mprotect {3}, stack_size {4}, madvise {7}")
  @DisplayName(
      "§3 table: mmap length, RW mprotect, clone3 stack_size, getattr size/guard, exit madvise")
  @CsvSource({
    // stacksize, guard, mmap, mprotectLen(-1 none), stack_size, getattrSize, getattrGuard,
    // madvise(-1 none)
    "0, 4096, 8392704, 8388608, 0x7fff80, 8388608, 4096, 8368128",
    "65536, 4096, 69632, 65536, 0xff80, 65536, 4096, 45056",
    "1048576, 4096, 1052672, 1048576, 0xfff80, 1048576, 4096, 1028096",
    "16385, 4096, 20480, 16384, 0x3f80, 16384, 4096, -1",
    "16484, 4096, 20544, 16448, 0x3fc0, 16448, 4096, -1",
    "16384, 4096, 20480, 16384, 0x3f80, 16384, 4096, -1",
    "0, 0, 8388608, -1, 0x7fef80, 8388608, 0, 8364032",
    "0, 12288, 8400896, 8388608, 0x801f80, 8388608, 12288, 8376320",
    "0, 1, 8392704, 8388608, 0x7fff80, 8388608, 4096, 8368128",
    "16384, 1073741824, 1073758208, 16384, 0x40002f80, 16384, 1073741824, 1073733632"
  })
  void sizeArithmetic(
      long stacksize,
      long guard,
      long mmapLen,
      long mprotectLen,
      String stackSizeHex,
      long getattrSize,
      long getattrGuard,
      long madviseLen) {
    PthreadAttr a = new PthreadAttr();
    if (stacksize != 0) {
      assertEquals(0, a.setstacksize(stacksize));
    }
    a.setguardsize(guard);
    Driver d = new Driver().create("t", a).yield().getattr("t").join("t").run();
    assertEquals(0, d.createRc.get("t"));
    List<Door.Call> mmaps = d.after("mmap");
    assertEquals(1, mmaps.size());
    Door.Call mmap = mmaps.get(0);
    long b = mmap.result();
    assertEquals(mmapLen, mmap.arg(1));
    assertEquals(guard == 0 ? 3 : 0, mmap.arg(2), "PROT_NONE with a guard, RW without");
    assertEquals(0x20022, mmap.arg(3), "MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK");
    List<Door.Call> mp = d.after("mprotect");
    if (mprotectLen < 0) {
      assertTrue(mp.isEmpty(), "guard 0 maps RW directly, no mprotect");
    } else {
      assertEquals(1, mp.size());
      assertEquals(b + Layout.roundUp(guard, 4096), mp.get(0).arg(0));
      assertEquals(mprotectLen, mp.get(0).arg(1));
      assertEquals(3, mp.get(0).arg(2));
    }
    Door.Call clone3 = d.after("clone3").get(0);
    long top = b + mmapLen;
    long t = (top - 2368) & ~63L;
    assertEquals(0x3d0f00, clone3.arg(0), "the 9 thread flags");
    assertEquals(t + 0x2d0, clone3.arg(2), "child_tid = &pd->tid");
    assertEquals(t + 0x2d0, clone3.arg(3), "parent_tid = &pd->tid");
    assertEquals(0, clone3.arg(4), "exit_signal 0");
    assertEquals(b, clone3.arg(5), "stack = block base, guard included");
    assertEquals(Long.decode(stackSizeHex), clone3.arg(6));
    assertEquals(t, clone3.arg(7), "tls = pd");
    PthreadAttr got = d.getattr.get("t");
    assertEquals(getattrSize, got.stacksize());
    assertEquals(getattrGuard, got.getguardsize());
    assertEquals(top - getattrSize, got.getstackaddr());
    List<Door.Call> madv = d.after("madvise");
    if (madviseLen < 0) {
      assertTrue(madv.isEmpty(), "no madvise for stacks of 16 KiB");
    } else {
      assertEquals(1, madv.size());
      assertEquals(b, madv.get(0).arg(0), "madvise starts at the block base");
      assertEquals(madviseLen, madv.get(0).arg(1));
      assertEquals(4, madv.get(0).arg(2));
    }
  }

  @ParameterizedTest(name = "setstacksize({0}) = EINVAL")
  @DisplayName("§3: setstacksize below PTHREAD_STACK_MIN is EINVAL")
  @CsvSource({"16383", "8192", "0"})
  void setstacksizeBelowMinimumIsEinval(long size) {
    assertEquals(22, new PthreadAttr().setstacksize(size));
  }

  @ParameterizedTest(name = "static TLS 1052800, stack {0}: rc {1}")
  @DisplayName("§3 tlsbig: static TLS comes out of the stack; too small is EINVAL with no syscall")
  @CsvSource({
    "16384, 22, -1",
    "65536, 22, -1",
    "1048576, 22, -1",
    "1114112, 0, 0xff80",
    "0, 0, 0x6fff80"
  })
  void staticTlsIsTakenFromTheStack(long stack, int rc, String stackSize) {
    PthreadAttr a = stack == 0 ? null : Driver.stack(stack);
    Driver d =
        new Driver(io.github.clonepath.glibc.pthread.LibcConfig.DEFAULT.withStaticTlsSize(1052800))
            .create("t", a)
            .join("t")
            .run();
    assertEquals(rc, d.createRc.get("t"));
    if (rc != 0) {
      assertTrue(d.after("mmap", "mprotect", "clone3").isEmpty(), "no syscall on EINVAL");
    } else {
      assertEquals(Long.decode(stackSize), d.after("clone3").get(0).arg(6));
    }
  }

  @ParameterizedTest(name = "RLIMIT_STACK {0} gives default stack {1}")
  @DisplayName("§1: default stacksize from RLIMIT_STACK; unlimited gives 2 MiB")
  @CsvSource({"8388608, 8388608", "4194304, 4194304", "102400, 102400", "-1, 2097152"})
  void defaultStackFromRlimit(long rlimit, long expected) {
    Driver d =
        new Driver(io.github.clonepath.glibc.pthread.LibcConfig.DEFAULT.withRlimitStack(rlimit));
    d.run();
    assertEquals(expected, d.libc.pthreadAttrGetstacksize(new PthreadAttr()));
    assertEquals(4096, d.libc.pthreadGetattrDefaultNp().getguardsize());
  }
}
