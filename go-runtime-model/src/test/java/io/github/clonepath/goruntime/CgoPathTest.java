package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cgo path (newm1 → _cgo_thread_start → glibc's pthread_create) and the libc-thread newosproc:
 * what the model's own calls show (glibc's TLS, the thread and clone3 counts of d_cgo.out, the
 * go1.13 profile). Their calls against the real captures a_hello_cgo and d_cgo are compared in
 * integration-tests (CgoPathCaptureTest), where the lab's strace parser reads both.
 */
class CgoPathTest {
  @Test
  void cgoMainThreadTakesItsTlsFromGlibcAndGoSetsNone() {
    Harness h = new Harness(GoOptions.DEFAULT.withCgo(true), ReferencePrograms.aHello()).run();
    List<String> prctl = h.calls("arch_prctl");
    assertEquals(1, prctl.size(), "one ARCH_SET_FS, glibc's");
    assertTrue(prctl.get(0).matches("arch_prctl\\(ARCH_SET_FS, 0x7[0-9a-f]+740\\) = 0"));
  }

  /** d_cgo: 4 goroutines in C usleep(300 ms), main sleeps 150 ms (wg.Wait as a sleep). */
  @Test
  void dCgoHasEightThreadsWhileFourGoroutinesSitInCAndSevenClone3() {
    Harness h =
        new Harness(GoOptions.DEFAULT.withCgo(true).withGomaxprocs(4), ReferencePrograms.dCgo())
            .run();
    String out = h.go.result().stdout();
    assertTrue(out.contains("while 4 goroutines sit in C: os_threads=8\n"), out);
    assertEquals(7, h.calls("clone3").size(), "d_cgo.out: clone3 calls: 7");
    assertEquals(0, h.calls("clone").size(), "plain clone calls: 0");
  }

  /**
   * threadentry's free() is each cgo thread's first malloc call, so glibc makes the thread its
   * arena between start_thread's mask restore and minit's sigaltstack, as in every child of
   * d_cgo.strace: one NORESERVE heap (the 128 MiB reservation, or the 64 MiB try at the half an
   * aligned one left) and 135168 bytes read-write. m0's malloc of the ThreadStart copies is the
   * main arena's and makes no such call.
   */
  @Test
  void dCgoEveryCgoThreadMakesItsArenaBeforeMinitAndM0None() {
    Harness h =
        new Harness(GoOptions.DEFAULT.withCgo(true).withGomaxprocs(4), ReferencePrograms.dCgo())
            .run();
    int m0 = h.go.pid();
    assertTrue(
        h.calls(m0, "mmap").stream().noneMatch(c -> c.contains("MAP_NORESERVE")),
        "m0 makes no heap");
    int heaps = 0;
    for (String clone : h.calls("clone3")) {
      int child = Integer.parseInt(clone.substring(clone.lastIndexOf("= ") + 2).trim());
      List<String> calls = h.calls(child, "mmap", "munmap", "mprotect", "sigaltstack");
      int minit =
          calls.indexOf(
              calls.stream().filter(c -> c.startsWith("sigaltstack")).findFirst().orElseThrow());
      List<String> arena = calls.subList(0, minit);
      assertEquals(
          1, arena.stream().filter(c -> c.contains("MAP_NORESERVE")).count(), "T" + child + arena);
      assertTrue(
          arena.get(0).startsWith("mmap(NULL, 134217728, PROT_NONE,")
              || arena.get(0).matches("mmap\\(0x[0-9a-f]+, 67108864, PROT_NONE, .*"),
          arena.toString());
      assertTrue(
          arena
              .get(arena.size() - 1)
              .matches("mprotect\\(0x[0-9a-f]+, 135168, PROT_READ\\|PROT_WRITE\\) = 0"),
          arena.toString());
      heaps++;
    }
    assertEquals(7, heaps, "d_cgo.strace: each of the 7 threads makes its heap");
  }

  @Test
  void libcThreadPathAlsoRunsUnderTheGo113Profile() {
    Harness h =
        new Harness(
            GoOptions.DEFAULT.withLibcThreads(true).withVersion(GoVersion.GO1_13),
            ReferencePrograms.aHello());
    h.machine.run();
    assertEquals(0, h.go.result().exitStatus(), "go1.13 profile runs the libc path too");
  }
}
