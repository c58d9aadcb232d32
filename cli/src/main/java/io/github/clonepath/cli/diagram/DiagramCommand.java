package io.github.clonepath.cli.diagram;

import com.google.common.collect.ImmutableList;
import io.github.clonepath.cli.support.Subcommands;
import io.github.clonepath.lab.DiagramFormat;
import io.github.clonepath.lab.diagram.Diagram;
import io.github.clonepath.lab.diagram.DiagramKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clonepath diagram KIND}: draws live model state.
 *
 * <p>An unknown kind or format exits 2 with one line saying what to do; an error inside the model
 * exits 1.
 */
@Command(
    name = "diagram",
    description = "Draw model state: Mermaid or Graphviz DOT text, or SVG.",
    sortOptions = false)
public final class DiagramCommand implements Callable<Integer> {
  private final ImmutableList<DiagramKind> kinds;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /** The values of {@code --format}. */
  static final class Formats extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Formats() {
      super(java.util.List.of("mermaid", "dot", "svg"));
    }
  }

  @Parameters(
      index = "0",
      paramLabel = "KIND",
      description = "What to draw: one of the kinds below.")
  private String kindName;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "mermaid",
      completionCandidates = Formats.class,
      description =
          "${COMPLETION-CANDIDATES}: Mermaid or Graphviz DOT text, or SVG drawn in Java (default:"
              + " ${DEFAULT-VALUE}).")
  private String format;

  /**
   * The command over a set of kinds.
   *
   * @param kinds the kinds it offers
   */
  public DiagramCommand(ImmutableList<DiagramKind> kinds) {
    this.kinds = kinds;
  }

  /**
   * Adds this command to {@code clonepath}, with the kinds listed at the end of its help.
   *
   * @param parent the top-level command line
   */
  public void register(CommandLine parent) {
    Map<String, String> entries = new LinkedHashMap<>();
    kinds.forEach(t -> entries.put(t.name(), t.summary()));
    Subcommands.register(parent, "diagram", this, "Kinds", entries);
  }

  @Override
  public Integer call() {
    DiagramKind kind =
        kinds.stream()
            .filter(k -> k.name().equals(kindName))
            .findFirst()
            .orElseThrow(
                () ->
                    usage(
                        "unknown kind '"
                            + kindName
                            + "'; kinds: "
                            + kinds.stream()
                                .map(DiagramKind::name)
                                .collect(Collectors.joining(", "))));
    if (!format.equals("mermaid") && !format.equals("dot") && !format.equals("svg")) {
      throw usage("--format takes mermaid, dot or svg, not '" + format + "'");
    }
    Diagram d = kind.draw();
    String text =
        switch (format) {
          case "dot" -> DiagramFormat.DOT.write(d);
          case "svg" -> Svg.render(d) + "\n";
          default -> DiagramFormat.MERMAID.write(d);
        };
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
