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
 * The first unwind of a process loads the unwinder: the real capture {@code worker_exits.trace}
 * (glibc 2.36, Linux 6.18, made by {@code worker_exits.c}) shows the first worker's pthread_exit
 * mapping the loader's cache, making its malloc arena, mapping libgcc_s.so.1's span and segments,
 * protecting its RELRO page, unmapping the cache, and waking libgcc's once word; the second
 * worker's pthread_exit does none of it.
 */
class UnwinderCaptureTest {
  private static String resource(String name) throws IOException {
    try (InputStream in =
        UnwinderCaptureTest.class.getResourceAsStream("/reference/glibc-2.36/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<TraceComparator.ThreadResult> compare(String name, Machine m)
      throws IOException {
    List<TraceLine> model = StraceParser.parse(Strace.lines(m.log().syscalls()));
    List<TraceLine> real = StraceParser.parse(resource(name + ".trace"));
    return TraceComparator.compare(real, model);
  }

  private static Machine run(String name) throws IOException {
    var sc = ScenarioParser.parse(resource(name + ".scn"), name, Map.of(), name + ".scn");
    return new GlibcRunner(sc).run((Long) null);
  }

  @Test
  void theFirstPthreadExitLoadsTheUnwinderAndTheSecondDoesNot() throws IOException {
    Machine m = run("worker_exits");
    List<TraceComparator.ThreadResult> r = compare("worker_exits", m);
    assertTrue(r.stream().allMatch(TraceComparator.ThreadResult::match), r.toString());
    assertEquals(3, r.size());
    var threads = TraceComparator.normalize(StraceParser.parse(Strace.lines(m.log().syscalls())));
    List<String> t2 = threads.threads.get("T2");
    assertTrue(
        t2.stream()
            .anyMatch(
                l ->
                    l.startsWith("mmap(NULL, 127688, PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, 3, 0)")),
        t2.toString());
    assertTrue(
        t2.stream().anyMatch(l -> l.contains("FUTEX_WAKE_PRIVATE, 2147483647")), t2.toString());
    List<String> t3 = threads.threads.get("T3");
    assertTrue(
        t3.stream().noneMatch(l -> l.startsWith("mmap(") || l.startsWith("futex(")), t3.toString());
  }

  @Test
  void pthreadCancelLoadsTheUnwinderAndTheCancelledSleeperUnwinds() throws IOException {
    Machine m = run("cancel_sleeping");
    List<TraceComparator.ThreadResult> r = compare("cancel_sleeping", m);
    assertTrue(r.stream().allMatch(TraceComparator.ThreadResult::match), r.toString());
    assertEquals(2, r.size());
    var threads = TraceComparator.normalize(StraceParser.parse(Strace.lines(m.log().syscalls())));
    // the canceller loads the unwinder, then blocks all signals around its tgkill
    List<String> t1 = threads.threads.get("T1");
    assertTrue(t1.stream().anyMatch(l -> l.contains("127688, PROT_READ")), t1.toString());
    // the sleeper, after SIGCANCEL, wakes libgcc's once word and ends without returning
    List<String> t2 = threads.threads.get("T2");
    assertTrue(
        t2.stream().anyMatch(l -> l.contains("FUTEX_WAKE_PRIVATE, 2147483647")), t2.toString());
    assertTrue(m.log().syscalls().stream().anyMatch(e -> e.toString().contains("tgkill")));
  }

  /** The file calls (outside the compared filter) of the first thread that writes "worker". */
  private static List<String> workerFileCalls(List<TraceLine> trace) {
    int pid =
        trace.stream()
            .filter(l -> l.name().equals("write") && l.text().contains("worker"))
            .findFirst()
            .orElseThrow()
            .pid();
    return trace.stream()
        .filter(l -> l.pid() == pid)
        .filter(l -> List.of("openat", "newfstatat", "close").contains(l.name()))
        .map(l -> l.text().replaceAll("\\s+=", " ="))
        .toList();
  }

  @Test
  void theLoadersFileCallsMatchTheUnfilteredCapture() throws IOException {
    Machine m = run("worker_exits");
    List<String> model = workerFileCalls(StraceParser.parse(Strace.lines(m.log().syscalls())));
    List<String> real = workerFileCalls(StraceParser.parse(resource("worker_exits_full.trace")));
    assertEquals(real, model);
    assertEquals(6, model.size());
  }
}
