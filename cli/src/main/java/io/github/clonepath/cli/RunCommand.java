package io.github.clonepath.cli;

import io.github.clonepath.cli.scenario.GlibcRunner;
import io.github.clonepath.cli.scenario.Scenarios;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.Strace;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clonepath run SCENARIO}: runs a scenario and prints its system calls. */
@Command(
    name = "run",
    description = "Run a built-in scenario or a scenario file and print its trace.")
final class RunCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCENARIO", description = "built-in name or file")
  String scenario;

  @Option(names = "--format", defaultValue = "strace", description = "strace (default) or calls")
  String format;

  @Option(names = "--seed", description = "seeded-random dispatch instead of FIFO")
  Long seed;

  @Override
  public Integer call() {
    Machine m = new GlibcRunner(Scenarios.load(scenario)).run(seed);
    switch (format) {
      case "strace" -> spec.commandLine().getOut().print(Strace.lines(m.log().syscalls()));
      case "calls" -> spec.commandLine().getOut().print(CallTree.render(m.log().events()));
      default ->
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(), "unknown --format " + format + " (strace or calls)");
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
