package io.github.clonepath.cli;

import io.github.clonepath.lab.scenario.Scenarios;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code clonepath list}: every built-in scenario with its one-line description. */
@Command(
    name = "list",
    description = {
      "List the built-in scenarios with their descriptions.",
      "One line each, the name then the scenario's describe line: the glibc scenarios, then the Go"
          + " ones, each sorted by name. Any of the names works where a command takes a SCENARIO."
    })
final class ListCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> names = Scenarios.builtIns();
    int width = names.stream().mapToInt(String::length).max().orElse(0);
    for (String name : names) {
      out.printf("%-" + width + "s  %s%n", name, Scenarios.load(name).description());
    }
    out.flush();
    return 0;
  }
}
