package io.github.clonepath.cli.support;

import java.util.Map;
import picocli.CommandLine;

/** Helpers shared by the subcommands that offer a list of named things (topics, kinds). */
public final class Subcommands {
  private Subcommands() {}

  /**
   * Adds a subcommand whose help ends with the list of what it offers.
   *
   * @param parent the top-level command line
   * @param name the subcommand's name
   * @param command the annotated command object
   * @param heading the list's heading, such as {@code Topics}
   * @param entries name → one-line summary, in the order to list them
   */
  public static void register(
      CommandLine parent,
      String name,
      Object command,
      String heading,
      Map<String, String> entries) {
    parent.addSubcommand(name, command);
    StringBuilder footer = new StringBuilder("%n").append(heading).append(":%n");
    entries.forEach(
        (n, summary) ->
            footer.append(String.format("  %-18s %s%%n", n, summary.replace("%", "%%"))));
    parent.getSubcommands().get(name).getCommandSpec().usageMessage().footer(footer.toString());
  }
}
