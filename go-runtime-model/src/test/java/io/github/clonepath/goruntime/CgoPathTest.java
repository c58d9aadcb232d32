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
