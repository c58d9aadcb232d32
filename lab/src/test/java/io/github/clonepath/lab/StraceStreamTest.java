package io.github.clonepath.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.lab.scenario.GlibcRunner;
import io.github.clonepath.lab.scenario.ScenarioParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming sink writes what a collected run prints and stops when its reader goes away. */
class StraceStreamTest {
  private static final String LOOP =
      String.join(
          "\n",
          "param n 3",
          "program main",
          "  write header",
          "  repeat $n",
          "    create t worker",
          "    join t",
          "  end",
          "end",
          "program worker",
          "end",
          "");

  private static GlibcRunner runner(int n) {
    return new GlibcRunner(ScenarioParser.parse(LOOP, "loop", Map.of("n", Integer.toString(n))));
  }

  @Test
  void theStreamedTraceIsTheCollectedOneAndNothingIsKept() {
    String collected = Strace.lines(runner(3).run((Long) null).log().syscalls());
    StringWriter sw = new StringWriter();
    PrintWriter out = new PrintWriter(sw);
    Machine m = runner(3).run(null, false, x -> x.log().streamTo(new StraceStream(out)));
    out.flush();

    assertEquals(collected, sw.toString());
    assertTrue(m.log().events().isEmpty(), "a streamed run keeps no events");
  }

  @Test
  void aClosedOutputStopsTheRunAtItsFirstLine() {
    OutputStream closed =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    PrintWriter out = new PrintWriter(closed);
    Machine[] m = new Machine[1];
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                runner(40_000)
                    .run(
                        null,
                        false,
                        x -> {
                          m[0] = x;
                          x.log().streamTo(new StraceStream(out));
                        }));
    assertTrue(StraceStream.closed(e), e.toString());
    assertEquals(1, m[0].log().syscallCount(), "stopped at the first line, not 400,000 later");
  }
}
