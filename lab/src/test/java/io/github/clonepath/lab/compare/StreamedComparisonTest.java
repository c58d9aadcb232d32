package io.github.clonepath.lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.lab.Lab;
import io.github.clonepath.lab.RunOptions;
import io.github.clonepath.lab.ScenarioRun;
import io.github.clonepath.lab.Verdict;
import io.github.clonepath.lab.scenario.Scenario;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A comparison fed as the run goes (the model's calls streamed into the comparator's lines, the
 * capture read line by line) reaches the very verdict of one that prints the whole model trace and
 * parses it back with the capture's parser: the same rules on the same calls.
 */
class StreamedComparisonTest {
  private static Path capture(String name) throws URISyntaxException {
    return Path.of(StreamedComparisonTest.class.getResource("/reference/" + name).toURI());
  }

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("glibc/s1_seq", "glibc-2.36/s1_seq.trace"),
        Arguments.of("glibc/s2_concurrent", "glibc-2.36/s2_concurrent.trace"),
        Arguments.of("go/a_hello", "go-1.19/a_hello.strace"),
        Arguments.of("go/a_hello_cgo", "go-1.19/a_hello_cgo.strace"),
        Arguments.of("go/b_syscalls", "go-1.19/b_syscalls.strace"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void theStreamedVerdictIsTheVerdictOfTheWholePrintedTrace(String scenario, String real)
      throws Exception {
    Path file = capture(real);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<TraceLine> whole = StraceParser.parse(text);
    List<TraceLine> byLine = new ArrayList<>();
    StraceParser.parse(new BufferedReader(new StringReader(text)), byLine::add);
    assertEquals(whole, byLine, "the line-by-line parser reads the same calls");

    Scenario sc = Lab.asCaptured(Lab.load(scenario), whole);
    ScenarioRun kept = Lab.run(sc, RunOptions.DEFAULT);
    Verdict printed = Lab.compare(kept.isGo(), whole, StraceParser.parse(kept.strace()));

    TraceLines realSide = Lab.lines(kept.isGo());
    whole.forEach(realSide);
    Verdict streamed = Lab.compare(sc, RunOptions.DEFAULT, realSide);
    assertEquals(printed.report(), streamed.report());
    assertEquals(printed.match(), streamed.match());
    assertEquals(printed.report(), Lab.compare(kept, whole).report(), "from the kept events");

    for (SyscallEvent e : kept.syscalls()) {
      assertTrue(
          e.text().startsWith(e.name() + "("),
          "a call's text starts with its name, so the filter can skip printing it: " + e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void aCaptureReadFromItsFileGivesTheVerdictOfItsText(String scenario, String real)
      throws IOException, URISyntaxException {
    Path file = capture(real);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Scenario sc = Lab.asCaptured(Lab.load(scenario), StraceParser.parse(text));
    ScenarioRun run = Lab.run(sc, RunOptions.DEFAULT);
    assertEquals(Lab.compare(run, text).report(), Lab.compare(run, file).report());
  }
}
