package io.github.clonepath.cli;

import io.github.clonepath.cli.compare.StraceParser;
import io.github.clonepath.cli.compare.TraceComparator;
import io.github.clonepath.cli.compare.TraceLine;
import io.github.clonepath.cli.scenario.GlibcRunner;
import io.github.clonepath.cli.scenario.Scenarios;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.Strace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clonepath compare SCENARIO REAL.trace}: runs the scenario and compares its trace with a
 * real strace capture, thread by thread (rules in {@link TraceComparator}). Exit status 0 only when
 * every thread matches.
 */
@Command(
    name = "compare",
    description = "Run a scenario and compare its trace with a real strace -f capture.")
final class CompareCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCENARIO")
  String scenario;

  @Parameters(index = "1", paramLabel = "REAL.trace")
  Path real;

  @Option(names = "--seed", description = "seeded-random dispatch instead of FIFO")
  Long seed;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Machine m = new GlibcRunner(Scenarios.load(scenario)).run(seed);
    List<TraceLine> model = StraceParser.parse(Strace.lines(m.log().syscalls()));
    List<TraceLine> realLines = StraceParser.parse(Files.readString(real));
    boolean all = true;
    for (TraceComparator.ThreadResult r : TraceComparator.compare(realLines, model)) {
      if (r.match()) {
        out.printf(
            "%s (real %d, model %d): match, %d calls%n",
            r.name(), r.realPid(), r.modelPid(), r.count());
      } else {
        all = false;
        out.printf(
            "%s (real %d, model %d): DIFFERS at call %d%n  real:  %s%n  model: %s%n",
            r.name(), r.realPid(), r.modelPid(), r.index() + 1, r.real(), r.model());
      }
    }
    out.println(all ? "all threads match" : "traces differ");
    out.flush();
    return all ? 0 : 1;
  }
}
