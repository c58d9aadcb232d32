package io.github.clonepath.cli.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Helpers shared by the subcommands that offer a list of named things (topics, kinds). */
public final class Subcommands {
  private static final String SECTION = "clonepathEntries";

  private Subcommands() {}

  /**
   * Adds a subcommand whose help ends with the list of what it offers, a two-column table that
   * picocli wraps to the terminal (a long summary continues under its own column), and whose first
   * positional parameter completes to the names.
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
    CommandLine sub = parent.getSubcommands().get(name);
    CommandSpec spec = sub.getCommandSpec();
    PositionalParamSpec first = spec.positionalParameters().get(0);
    spec.remove(first);
    spec.addPositional(
        PositionalParamSpec.builder(first)
            .completionCandidates(List.copyOf(entries.keySet()))
            .build());
    sub.getHelpSectionMap()
        .put(
            SECTION,
            help -> {
              int longest = entries.keySet().stream().mapToInt(String::length).max().orElse(0);
              int nameColumn = longest + 4;
              int width = help.commandSpec().usageMessage().width();
              TextTable table =
                  TextTable.forColumns(
                      help.colorScheme(),
                      new Column(nameColumn, 2, Column.Overflow.SPAN),
                      new Column(width - nameColumn, 0, Column.Overflow.WRAP));
              entries.forEach(table::addRowValues);
              return String.format("%n%s:%n", heading) + table;
            });
    List<String> keys = new ArrayList<>(sub.getHelpSectionKeys());
    keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), SECTION);
    sub.setHelpSectionKeys(keys);
  }
}
