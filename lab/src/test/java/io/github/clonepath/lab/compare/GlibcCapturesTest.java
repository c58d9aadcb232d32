package io.github.clonepath.lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.lab.scenario.GlibcRunner;
import io.github.clonepath.lab.scenario.ScenarioParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture triple of the test resources' glibc-2.36 folder: a C program ({@code NAME.c}), its
 * real trace made on the reference machine with the reference filter ({@code NAME.trace}), and the
 * scenario that says the same ({@code NAME.scn}). The model's run of the scenario must match the
 * capture thread by thread.
 */
class GlibcCapturesTest {
  static Stream<String> triples() throws IOException, URISyntaxException {
    Path dir = Path.of(GlibcCapturesTest.class.getResource("/reference/glibc-2.36").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".scn"))
              .map(n -> n.substring(0, n.length() - 4))
              .sorted()
              .toList();
      for (String n : names) {
        assertTrue(Files.exists(dir.resolve(n + ".c")), n + " has no program");
        assertTrue(Files.exists(dir.resolve(n + ".trace")), n + " has no capture");
      }
      return names.stream();
    }
  }

  private static String resource(String name) throws IOException, URISyntaxException {
    Path p = Path.of(GlibcCapturesTest.class.getResource("/reference/glibc-2.36/" + name).toURI());
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("triples")
  void theModelsRunMatchesTheRealCapture(String name) throws IOException, URISyntaxException {
    var sc = ScenarioParser.parse(resource(name + ".scn"), name, Map.of(), name + ".scn");
    Machine m = new GlibcRunner(sc).run((Long) null);
    List<TraceLine> model = StraceParser.parse(Strace.lines(m.log().syscalls()));
    List<TraceLine> real = StraceParser.parse(resource(name + ".trace"));
    List<TraceComparator.ThreadResult> r = TraceComparator.compare(real, model);
    assertTrue(r.stream().allMatch(TraceComparator.ThreadResult::match), r.toString());
    assertEquals(
        TraceComparator.normalize(real).threads.keySet(),
        TraceComparator.normalize(model).threads.keySet());
  }

  /**
   * The comparison writes a realtime deadline as DEADLINE, so its value is checked here: the timed
   * join asks for the clock of its call plus 10 ms (nothing between the {@code write} before it and
   * the wait takes time), and its futex returns ETIMEDOUT exactly when the clock reaches it.
   */
  @Test
  void theTimedJoinsDeadlineIsTenMillisecondsAfterItsCall() throws Exception {
    var sc = ScenarioParser.parse(resource("timed_join.scn"), "t", Map.of(), "timed_join.scn");
    List<SyscallEvent> calls = new GlibcRunner(sc).run((Long) null).log().syscalls();
    Pattern ts = Pattern.compile("\\{tv_sec=(\\d+), tv_nsec=(\\d+)\\}");
    SyscallEvent before = null;
    for (SyscallEvent e : calls) {
      Matcher mt = ts.matcher(e.text());
      if (e.name().equals("futex") && mt.find()) {
        long deadline = Long.parseLong(mt.group(1)) * 1_000_000_000L + Long.parseLong(mt.group(2));
        assertTrue(e.text().endsWith("ETIMEDOUT (Connection timed out)"), e.text());
        assertEquals(deadline, e.time());
        assertEquals(10_000_000L, deadline - before.time(), before.text());
        return;
      }
      if (e.tid() == calls.get(0).tid()) {
        before = e;
      }
    }
    throw new AssertionError("no timed futex wait in " + calls);
  }
}
