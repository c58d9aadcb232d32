package io.github.clonepath.glibc.nptl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;

import io.github.clonepath.kernel.syscall.Errno;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The S8 failures of pthread_create (the s8_fail_* captures), faults injected at the syscall door
 * with Mockito.
 */
class FailureTableTest {

  @Test
  @DisplayName("S8 RLIMIT_AS: mmap ENOMEM with no cached stack makes pthread_create return EAGAIN")
  void mmapEnomemBecomesEagain() {
    Driver d = new Driver();
    doReturn(Errno.ENOMEM.result())
        .when(d.kernel)
        .mmap(anyLong(), eq(8392704L), anyInt(), anyInt(), anyInt(), anyLong());
    d.create("a").run();
    assertEquals(11, d.createRc.get("a"));
    assertTrue(d.after("clone3").isEmpty());
  }

  @Test
  @DisplayName(
      "S8 RLIMIT_AS: with a cached 8 MiB stack free there is no mmap and the create succeeds")
  void cachedStackAvoidsTheFailingMmap() {
    Driver d = new Driver().create("w").join("w");
    d.step(
        (c, next) -> {
          doReturn(Errno.ENOMEM.result())
              .when(d.kernel)
              .mmap(anyLong(), eq(8392704L), anyInt(), anyInt(), anyInt(), anyLong());
          next.run();
        });
    d.create("a").create("b").run();
    assertEquals(0, d.createRc.get("a"));
    assertEquals(11, d.createRc.get("b"));
  }

  @Test
  @DisplayName("S8 huge stack: PROT_NONE map succeeds, mprotect RW ENOMEM, munmap(B, L), EAGAIN")
  void mprotectEnomemUnmapsAndReturnsEagain() {
    Driver d = new Driver();
    doReturn(Errno.ENOMEM.result()).when(d.kernel).mprotect(anyLong(), anyLong(), eq(3));
    d.create("a", Driver.stack(1L << 46)).run();
    assertEquals(11, d.createRc.get("a"));
    Door.Call mmap = d.after("mmap").get(0);
    assertEquals(70368744181760L, mmap.arg(1));
    Door.Call munmap = d.after("munmap").get(0);
    assertEquals(mmap.result(), munmap.arg(0));
    assertEquals(70368744181760L, munmap.arg(1));
    assertEquals(0, d.libc.stacks().actsize(), "not cached");
  }

  @Test
  @DisplayName("S8 guardsize SIZE_MAX-100: EINVAL with no syscall")
  void hugeGuardIsEinvalWithoutSyscall() {
    Driver d = new Driver().create("a", Driver.guard(-101L)).run();
    assertEquals(22, d.createRc.get("a"));
    assertTrue(
        d.after("mmap", "mprotect", "clone3", "rt_sigprocmask").stream()
            .allMatch(c -> c.name().equals("rt_sigprocmask")));
    assertTrue(d.after("mmap", "clone3").isEmpty());
  }

  @ParameterizedTest(name = "clone3 -> {0}: pthread_create returns {1}")
  @DisplayName(
      "S8 clone3 failures: ENOMEM→EAGAIN, EAGAIN and EPERM pass through; the stack goes back to the cache")
  @CsvSource({"ENOMEM, 11", "EAGAIN, 11", "EPERM, 1"})
  void clone3FailureReturnsTranslatedErrorAndCachesTheStack(String errno, int rc) {
    Driver d = new Driver();
    doReturn(Errno.valueOf(errno).result()).when(d.kernel).clone3(anyLong(), anyLong(), any());
    d.create("a").create("b");
    d.check(x -> assertEquals(1, x.libc.nthreads(), "__nptl_nthreads is back to 1"));
    d.run();
    assertEquals(rc, d.createRc.get("a"));
    assertEquals(rc, d.createRc.get("b"));
    assertEquals(1, d.after("mmap").size(), "the 2nd attempt reuses the cached block");
    assertTrue(d.after("munmap").isEmpty());
    assertEquals(8392704, d.libc.stacks().actsize());
    long restores = d.after("rt_sigprocmask").stream().filter(c -> c.arg(0) == 2).count();
    assertEquals(2, restores, "the mask is always restored with SIG_SETMASK");
  }

  @Test
  @DisplayName(
      "S8 clone3 ENOSYS: legacy clone with child_stack = B + stack_size - 16, clone3 tried again every create")
  void clone3EnosysFallsBackToClone() {
    Driver d = new Driver();
    doReturn(Errno.ENOSYS.result()).when(d.kernel).clone3(anyLong(), anyLong(), any());
    d.create("a").join("a").create("b").join("b").run();
    assertEquals(0, d.createRc.get("a"));
    assertEquals(0, d.createRc.get("b"));
    assertEquals(2, d.after("clone").size());
    Door.Call clone = d.after("clone").get(0);
    long b = d.after("mmap").get(0).result();
    assertEquals(0x3d0f00, clone.arg(0));
    assertEquals(b + 0x7fff80 - 16, clone.arg(1));
    long t = (b + 8392704 - 2368) & ~63L;
    assertEquals(t + 0x2d0, clone.arg(2));
    assertEquals(t + 0x2d0, clone.arg(3));
    assertEquals(t, clone.arg(4));
  }
}
