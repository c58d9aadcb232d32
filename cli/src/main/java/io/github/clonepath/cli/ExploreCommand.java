package io.github.clonepath.cli;

import io.github.clonepath.lab.explore.Explorer;
import io.github.clonepath.lab.explore.Strategy;
import io.github.clonepath.lab.scenario.Scenario;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clonepath explore SCENARIO}: runs a scenario under many schedules and prints its distinct
 * outcomes, each with a token that {@code run --schedule} replays.
 */
@Command(
    name = "explore",
    description = "Run a scenario under many schedules and print its distinct outcomes.",
    footer = {
      "",
      "A schedule answers each scheduling point (which runnable task runs; whether a task is"
          + " switched out at a system call's entry). Each outcome shows how many runs ended so,"
          + " the threads and clones made, the exit status, the output and a token; replay one"
          + " with 'clonepath run SCENARIO --schedule TOKEN'.",
      "",
      "Exit status: 0, or 1 if an invariant broke in a run (or the model fails), 2 for bad usage"
          + " or an unreadable scenario."
    })
final class ExploreCommand implements Callable<Integer> {
  /** The values of {@code --strategy}. */
  static final class Strategies extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Strategies() {
      for (Strategy s : Strategy.values()) {
        add(s.name().toLowerCase(Locale.ROOT));
      }
    }
  }

  /** The values of {@code --format}. */
  static final class Formats extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Formats() {
      super(java.util.List.of("text", "json"));
    }
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private final java.io.InputStream in;

  /** The command over the process's standard input. */
  ExploreCommand() {
    this(System.in);
  }

  /**
   * The command over a given standard input.
   *
   * @param in what {@code explore -} reads
   */
  ExploreCommand(java.io.InputStream in) {
    this.in = in;
  }

  @Parameters(
      index = "0",
      paramLabel = "SCENARIO",
      description =
          "A built-in name (see 'clonepath list'), a scenario file, or - for standard input.")
  String scenario;

  @Option(
      names = "--strategy",
      defaultValue = "random",
      completionCandidates = Strategies.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  String strategy;

  @Option(names = "--runs", defaultValue = "1000", description = "schedules to run (DFS: at most)")
  int runs;

  @Option(names = "--seed", defaultValue = "1", description = "first run's seed (random, pct)")
  long seed;

  @Option(
      names = "--preemptions",
      defaultValue = "2",
      description = "DFS: most departures from the default schedule")
  int preemptions;

  @Option(
      names = "--no-reduction",
      description =
          "DFS: run every schedule within the bound (no sleep-set skipping of switches before a"
              + " task's own calls)")
  boolean noReduction;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description =
          "schedules run at a time (default: one per core; 1: sequential); the result is the same"
              + " for any N")
  Integer jobs;

  @Option(names = "--depth", defaultValue = "3", description = "PCT: the bug depth d")
  int depth;

  @Option(
      names = "--format",
      defaultValue = "text",
      completionCandidates = Formats.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  String format;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description = "a value for a scenario parameter, such as n=32 for go/b_syscalls")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "override a scenario setting, such as glibc.version=2.41 (as a 'set' line would)")
  Map<String, String> sets = new LinkedHashMap<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Strategy st;
    try {
      st = Strategy.valueOf(strategy.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "unknown --strategy " + strategy + " (random, pct, dfs)");
    }
    if (!format.equals("text") && !format.equals("json")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "unknown --format " + format + " (text, json)");
    }
    if (runs < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--runs must be >= 1");
    }
    Scenario sc = Inputs.scenario(scenario, params, in).withSettings(sets);
    Explorer.Result r =
        explorer(spec, sc, jobs).explore(st, runs, seed, preemptions, depth, !noReduction);
    boolean broken = r.outcomes().stream().anyMatch(f -> !f.outcome().violation().isEmpty());
    out.print(format.equals("json") ? json(r) : text(r));
    out.flush();
    return broken ? 1 : 0;
  }

  /**
   * The explorer of a scenario with {@code --jobs}.
   *
   * @param spec the command, for a usage error
   * @param sc the scenario
   * @param jobs the option's value, null for one worker per core
   * @return the explorer
   */
  static Explorer explorer(picocli.CommandLine.Model.CommandSpec spec, Scenario sc, Integer jobs) {
    if (jobs != null && jobs < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--jobs must be >= 1");
    }
    Explorer e = new Explorer(sc);
    return jobs == null ? e : e.withJobs(jobs);
  }

  static String text(Explorer.Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append(r.runs()).append(" runs, ").append(r.outcomes().size()).append(" outcomes\n");
    for (Explorer.Found f : r.outcomes()) {
      Explorer.Outcome o = f.outcome();
      sb.append(
          String.format(
              Locale.ROOT,
              "%6d  %5.1f%%  threads %d, clones %d, mmaps %d, failed calls %d, exit %d, schedule %s%n",
              f.count(),
              100.0 * f.count() / r.runs(),
              o.threads(),
              o.clones(),
              o.mmaps(),
              o.failed(),
              o.exit(),
              f.schedule().token()));
      if (!o.violation().isEmpty()) {
        sb.append("        INVARIANT BROKEN: ").append(o.violation()).append('\n');
      }
      if (!o.output().isEmpty()) {
        sb.append("        output: ").append(o.output().replace("\n", "\\n")).append('\n');
      }
    }
    return sb.toString();
  }

  static String json(Explorer.Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"runs\": ").append(r.runs()).append(", \"outcomes\": [");
    for (int i = 0; i < r.outcomes().size(); i++) {
      Explorer.Found f = r.outcomes().get(i);
      Explorer.Outcome o = f.outcome();
      sb.append(i == 0 ? "\n  " : ",\n  ")
          .append("{\"count\": ")
          .append(f.count())
          .append(", \"schedule\": ")
          .append(quote(f.schedule().token()))
          .append(", \"threads\": ")
          .append(o.threads())
          .append(", \"clones\": ")
          .append(o.clones())
          .append(", \"exit\": ")
          .append(o.exit())
          .append(", \"output\": ")
          .append(quote(o.output()))
          .append(", \"mmaps\": ")
          .append(o.mmaps())
          .append(", \"failed\": ")
          .append(o.failed())
          .append(", \"violation\": ")
          .append(quote(o.violation()))
          .append('}');
    }
    sb.append(r.outcomes().isEmpty() ? "]}\n" : "\n]}\n");
    return sb.toString();
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
