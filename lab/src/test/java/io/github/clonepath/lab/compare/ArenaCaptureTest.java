package io.github.clonepath.lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.lab.scenario.GlibcRunner;
import io.github.clonepath.lab.scenario.ScenarioParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A thread other than main that maps a fresh stack mallocs its DTV, and its first malloc makes a
 * malloc arena: the real capture {@code worker_creates.trace} (glibc 2.36, Linux 6.18, made by
 * {@code worker_creates.c}) shows the 128 MiB reservation, its two trims and the 132 KiB opened
 * read-write in the first worker only; the second worker takes the arena the first one left.
 */
class ArenaCaptureTest {
  private static String resource(String name) throws IOException {
    try (InputStream in =
        ArenaCaptureTest.class.getResourceAsStream("/reference/glibc-2.36/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theFirstWorkersArenaAndTheSecondsReuseMatchTheRealTrace() throws IOException {
    var sc =
        ScenarioParser.parse(
            resource("worker_creates.scn"), "worker_creates", Map.of(), "worker_creates.scn");
    Machine m = new GlibcRunner(sc).run((Long) null);
    List<TraceLine> model = StraceParser.parse(Strace.lines(m.log().syscalls()));
    List<TraceLine> real = StraceParser.parse(resource("worker_creates.trace"));
    List<TraceComparator.ThreadResult> r = TraceComparator.compare(real, model);
    assertTrue(r.stream().allMatch(TraceComparator.ThreadResult::match), r.toString());
    assertEquals(5, r.size());
    // the arena is made once, by the first worker (T2), right after its thread's stack
    List<String> t2 = TraceComparator.normalize(model).threads.get("T2");
    assertEquals(
        List.of(
            "mmap(NULL, 134217728, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) = A3",
            "munmap(A3, heap-front) = 0",
            "munmap(H1+0x4000000, heap-back) = 0",
            "mprotect(H1, 135168, PROT_READ|PROT_WRITE) = 0"),
        t2.subList(5, 9));
    long reservations =
        model.stream().filter(l -> l.text().contains("134217728, PROT_NONE")).count();
    assertEquals(1, reservations);
  }
}
