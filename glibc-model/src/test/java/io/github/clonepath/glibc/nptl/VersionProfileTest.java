package io.github.clonepath.glibc.nptl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.glibc.pthread.LibcConfig;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The glibc 2.31 profile: what the glibc-2.31 sources do differently from glibc-2.36. */
class VersionProfileTest {
  static final LibcConfig V231 = LibcConfig.DEFAULT.withVersion(GlibcVersion.GLIBC_2_31);

  @Test
  @DisplayName(
      "2.31: legacy clone with child_stack = stack top - 16, no clone3, no rseq, no signal blocking around creation")
  void legacyCloneNoRseqNoBlocking() {
    Driver d = new Driver(V231).create("a").join("a").run();
    assertTrue(d.calls("clone3").isEmpty());
    assertTrue(d.calls("rseq").isEmpty());
    Door.Call clone = d.after("clone").get(0);
    long b = d.after("mmap").get(0).result();
    long top = b + 8392704;
    long t = (top - 2368) & ~63L;
    assertEquals(0x3d0f00, clone.arg(0));
    assertEquals(top - 4224 - 16, clone.arg(1));
    assertEquals(t, clone.arg(4));
    List<Door.Call> masks = d.after("rt_sigprocmask");
    assertTrue(
        masks.isEmpty(), "no blocking in the creator, no restore in the child, no exit block");
    Door.Call join = d.after("futex").get(0);
    assertEquals(0, join.arg(1), "2.31 joins with plain FUTEX_WAIT");
  }

  @Test
  @DisplayName(
      "2.31: SIGCANCEL and SIGSETXID handlers and their unblocking happen at start-up, not at the first create")
  void handlersAtStartup() {
    Driver d = new Driver(V231).create("a").join("a").run();
    assertEquals(2, d.calls("rt_sigaction").size());
    assertTrue(d.after("rt_sigaction").isEmpty());
  }

  @Test
  @DisplayName(
      "2.31: a fresh block whose size is a multiple of 64 KiB gets one more page (MULTI_PAGE_ALIASING)")
  void multiPageAliasing() {
    Driver d = new Driver(V231).create("a", Driver.stack(65536 - 4096)).join("a").run();
    assertEquals(69632, d.after("mmap").get(0).arg(1));
    Driver e = new Driver().create("a", Driver.stack(65536 - 4096)).join("a").run();
    assertEquals(65536, e.after("mmap").get(0).arg(1), "2.36 has no aliasing rule");
  }

  @Test
  @DisplayName("2.31 refuses the tunables it does not have")
  void tunablesRefused() {
    assertThrows(IllegalArgumentException.class, () -> V231.withStackCacheSize(0));
    assertThrows(IllegalArgumentException.class, () -> V231.withRseq(false));
  }
}
