package io.github.clonepath.cli;

import io.github.clonepath.goruntime.GoResult;
import io.github.clonepath.kernel.syscall.Budget;
import io.github.clonepath.kernel.syscall.BudgetExceeded;
import io.github.clonepath.lab.Lab;
import io.github.clonepath.lab.RunOptions;
import io.github.clonepath.lab.ScenarioRun;
import io.github.clonepath.lab.StraceStream;
import io.github.clonepath.lab.explore.Explorer;
import io.github.clonepath.lab.explore.Schedule;
import io.github.clonepath.lab.scenario.Scenario;
import io.github.clonepath.lab.scenario.ScenarioException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clonepath run SCENARIO}: runs a scenario and prints its system calls. */
@Command(
    name = "run",
    description = "Run a built-in scenario or a scenario file and print its trace.",
    footer = {
      "",
      "Exit status: a Go scenario (go/...) exits with the modeled program's own status (0, or 2"
          + " after a fatal error such as thread exhaustion, whose message goes to stderr); a"
          + " glibc scenario exits 0. Otherwise 1 for a model error, 2 for bad usage or an"
          + " unreadable scenario."
    })
final class RunCommand implements Callable<Integer> {
  /** The values of {@code --format}; the last two only for Go scenarios. */
  static final class Formats extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Formats() {
      super(java.util.List.of("strace", "calls", "perfetto", "census", "output"));
    }
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private final java.io.InputStream in;

  /** The command over the process's standard input. */
  RunCommand() {
    this(System.in);
  }

  /**
   * The command over a given standard input.
   *
   * @param in what {@code run -} reads
   */
  RunCommand(java.io.InputStream in) {
    this.in = in;
  }

  @Parameters(
      index = "0",
      paramLabel = "SCENARIO",
      description =
          "A built-in name (see 'clonepath list'), a scenario file, or - for standard input.")
  String scenario;

  @Option(
      names = "--format",
      defaultValue = "strace",
      completionCandidates = Formats.class,
      description =
          "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}): strace's lines, the modeled call"
              + " tree, Chrome trace-event JSON for ui.perfetto.dev, and for Go scenarios only the"
              + " path that created each thread or the program's stdout")
  String format;

  @Option(
      names = "--calls",
      description =
          "with --format perfetto: record the modeled calls too, nested around the system calls"
              + " (glibc scenarios always record them)")
  boolean calls;

  @Option(names = "--seed", description = "seeded-random dispatch instead of FIFO")
  Long seed;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description = "a value for a scenario parameter, such as n=32 for go/b_syscalls")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "override a scenario setting, such as glibc.version=2.41 or GOMAXPROCS=2 (as a 'set'"
              + " line would)")
  Map<String, String> sets = new LinkedHashMap<>();

  @Option(
      names = "--schedule",
      paramLabel = "TOKEN",
      description = "replay a schedule that 'clonepath explore' printed")
  String schedule;

  @Option(
      names = "--explain",
      description =
          "with --schedule: print where the schedule departs from the default one, not the trace")
  boolean explain;

  @Option(
      names = "--max-steps",
      paramLabel = "N",
      description =
          "stop the run after N steps: dispatches (a task running from one block to the next),"
              + " and the steps a glibc program runs without blocking; default 100000000")
  long maxSteps = Budget.DEFAULT.maxSteps();

  @Option(
      names = "--max-time",
      paramLabel = "DURATION",
      description =
          "stop the run when virtual time would pass DURATION, such as 10s, 500ms or 20000ns;"
              + " default 3600s")
  String maxTime;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Budget budget = budget();
    Scenario sc = Inputs.scenario(scenario, params, in).withSettings(sets);
    Schedule sched = null;
    if (schedule != null) {
      if (seed != null) {
        throw new ParameterException(
            spec.commandLine(), "--schedule and --seed exclude each other");
      }
      sched = schedule(spec, schedule);
    } else if (explain) {
      throw new ParameterException(spec.commandLine(), "--explain needs --schedule TOKEN");
    }
    if (explain) {
      java.util.List<String> lines = new Explorer(sc).explain(sched);
      out.println(
          lines.isEmpty() ? "the default schedule: no departures" : String.join("\n", lines));
      out.flush();
      return 0;
    }
    boolean go = sc.runtime().equals("go");
    java.util.List<String> formats = go ? new Formats() : new Formats().subList(0, 3);
    if (!formats.contains(format)) {
      throw new ParameterException(
          spec.commandLine(),
          "unknown --format "
              + format
              + " for "
              + sc.name()
              + " ("
              + String.join(", ", formats)
              + ")");
    }
    boolean stream = format.equals("strace");
    try {
      return run(sc, go, out, stream, sched, budget);
    } catch (BudgetExceeded e) {
      out.flush();
      spec.commandLine()
          .getErr()
          .println(
              "clonepath: "
                  + sc.name()
                  + ": "
                  + e.getMessage()
                  + (e.kind() == BudgetExceeded.Kind.STEPS
                      ? "; raise it with --max-steps N"
                      : "; raise it with --max-time DURATION"));
      return Main.EXIT_MODEL_ERROR;
    } catch (RuntimeException e) {
      if (stream && StraceStream.closed(e)) {
        return 0;
      }
      throw e;
    }
  }

  /**
   * A schedule token that {@code clonepath explore} printed, refused as bad usage when it is not
   * one.
   *
   * @param spec the command, for the usage error
   * @param token the token
   * @return the schedule
   */
  static Schedule schedule(picocli.CommandLine.Model.CommandSpec spec, String token) {
    try {
      return Schedule.parse(token);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Runs the scenario; a strace trace is streamed line by line as the machine makes it. */
  private int run(
      Scenario sc, boolean go, PrintWriter out, boolean stream, Schedule sched, Budget budget) {
    RunOptions options = RunOptions.DEFAULT.withSeed(seed).withBudget(budget);
    if (sched != null) {
      options = options.withChooser(Explorer.replay(sched));
    }
    if (stream) {
      options = options.streamingTo(new StraceStream(out));
    }
    if (!go) {
      ScenarioRun r = Lab.run(sc, options.withTraceCalls(!stream));
      out.print(
          switch (format) {
            case "perfetto" -> r.perfetto();
            case "calls" -> r.calls();
            default -> ""; // strace: streamed while the machine ran
          });
      out.flush();
      java.util.Optional<String> deadlock = r.deadlock();
      if (deadlock.isPresent()) {
        throw ScenarioException.outcome(0, deadlock.get());
      }
      return 0;
    }
    ScenarioRun o =
        Lab.run(
            sc,
            options.withTraceCalls(format.equals("calls") || format.equals("perfetto") && calls));
    GoResult r = o.go().orElseThrow();
    switch (format) {
      case "census" -> out.print(o.census());
      case "perfetto" -> out.print(o.perfetto());
      case "output" -> out.print(r.stdout());
      case "calls" -> out.print(o.calls());
      default -> {
        // strace: streamed while the machine ran
      }
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.print(r.stderr());
    err.flush();
    if (r.exitStatus() < 0) {
      throw new IllegalStateException(
          "the Go program did not exit: every thread of the model is blocked (see --format calls)");
    }
    return r.exitStatus();
  }

  /** The run's budget from --max-steps and --max-time, refused as bad usage when out of range. */
  private Budget budget() {
    if (maxSteps < 1) {
      throw new ParameterException(
          spec.commandLine(), "--max-steps needs a whole number of at least 1, got " + maxSteps);
    }
    Budget b = Budget.DEFAULT.withMaxSteps(maxSteps);
    return maxTime == null ? b : b.withMaxNanos(nanos(maxTime));
  }

  /** A duration in nanoseconds: digits with ns, us, ms or s (no unit: nanoseconds). */
  private long nanos(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{1,19})(ns|us|ms|s)?").matcher(text);
    if (m.matches()) {
      String unit = m.group(2) == null ? "ns" : m.group(2);
      long scale =
          switch (unit) {
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            default -> 1L;
          };
      try {
        long v = Math.multiplyExact(Long.parseLong(m.group(1)), scale);
        if (v >= 1) {
          return v;
        }
      } catch (ArithmeticException | NumberFormatException e) {
        // out of range: refused below
      }
    }
    throw new ParameterException(
        spec.commandLine(),
        "--max-time needs a positive duration up to 2^63-1 ns, such as 10s, 500ms or 20000ns,"
            + " got '"
            + text
            + "'");
  }
}
