package io.github.clonepath.cli;

import io.github.clonepath.lab.Lab;
import io.github.clonepath.lab.RunOptions;
import io.github.clonepath.lab.Verdict;
import io.github.clonepath.lab.compare.GoTraceComparator;
import io.github.clonepath.lab.compare.StraceParser;
import io.github.clonepath.lab.compare.TraceComparator;
import io.github.clonepath.lab.compare.TraceLine;
import io.github.clonepath.lab.compare.TraceLines;
import io.github.clonepath.lab.explore.Explorer;
import io.github.clonepath.lab.explore.Schedule;
import io.github.clonepath.lab.scenario.Scenario;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clonepath compare SCENARIO REAL.trace}: runs the scenario and compares its trace with a
 * real strace capture, thread by thread (rules in {@link TraceComparator}, and for Go scenarios in
 * {@link GoTraceComparator}, with the Go run's signal deliveries placed by {@link
 * io.github.clonepath.lab.compare.GoSignals}). Exit status 0 only when every thread matches (and
 * every signal the Go run took is placed as in the capture).
 */
@Command(
    name = "compare",
    description = "Run a scenario and compare its trace with a real strace -f capture.",
    footer = {
      "",
      "What is compared: for glibc scenarios every thread's calls after the first write; for Go"
          + " scenarios m0's start-up calls, then each thread's birth (the creator's mask, clone"
          + " and restore, and the child's five minit calls); and each signal the Go run takes"
          + " (--- SIGURG ... ---, sysmon's preemption, which an explored schedule may make)"
          + " must be one the capture shows on the same thread after the same call.",
      "",
      "Exit status, as diff's: 0 when every thread matches, 1 when one differs (or the model"
          + " fails), 2 for bad usage or an input that cannot be read: a missing file, a"
          + " directory, or a trace with no strace lines."
    })
final class CompareCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private final java.io.InputStream in;

  /** The command over the process's standard input. */
  CompareCommand() {
    this(System.in);
  }

  /**
   * The command over a given standard input.
   *
   * @param in what a {@code -} argument reads
   */
  CompareCommand(java.io.InputStream in) {
    this.in = in;
  }

  @Parameters(
      index = "0",
      paramLabel = "SCENARIO",
      description =
          "A built-in name (see 'clonepath list'), a scenario file, or - for standard input.")
  String scenario;

  @Parameters(
      index = "1",
      paramLabel = "REAL.trace",
      description = "The capture (strace -f output), or - for standard input.")
  String real;

  @Option(names = "--seed", description = "seeded-random dispatch instead of FIFO")
  Long seed;

  @Option(
      names = "--schedule",
      paramLabel = "TOKEN",
      description = "run the schedule that 'clonepath explore' printed, instead of the default one")
  String schedule;

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
      names = "--explore",
      description =
          "search schedules for one whose trace matches (glibc scenarios): DFS with 0, 1, 2, 3"
              + " departures from the default schedule")
  boolean explore;

  @Option(
      names = "--budget",
      defaultValue = "20000",
      description = "with --explore: the most schedules to run")
  int budget;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description =
          "with --explore: schedules run at a time (default: one per core; 1: sequential); the"
              + " match is the same for any N")
  Integer jobs;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (scenario.equals(Inputs.STDIN) && real.equals(Inputs.STDIN)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "only one of SCENARIO and REAL.trace can be - (standard input)");
    }
    Schedule sched = null;
    if (schedule != null) {
      if (seed != null || explore) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--schedule excludes --seed and --explore");
      }
      sched = RunCommand.schedule(spec, schedule);
    }
    Scenario sc = Inputs.scenario(scenario, params, in).withSettings(sets);
    List<TraceLine> realLines = Inputs.traceLines(real, in);
    if (StraceParser.noCalls(realLines)) {
      throw new Main.BadInput(
          (real.equals(Inputs.STDIN) ? "standard input" : real) + ": no strace lines found");
    }
    if (explore) {
      if (sc.runtime().equals("go") || seed != null) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--explore takes a glibc scenario and no --seed");
      }
      Explorer.Search s = ExploreCommand.explorer(spec, sc, jobs).search(realLines, budget);
      out.print(Lab.compare(false, realLines, StraceParser.parse(s.run().strace())).details());
      out.printf(
          "%s schedule %s (after %d schedules)%n",
          s.match() ? "matching" : "no match within the budget; closest",
          s.run().schedule().token(),
          s.tried());
      out.flush();
      return s.match() ? 0 : 1;
    }
    boolean go = sc.runtime().equals("go");
    // a release that draws its heap base runs with the base the captured process drew
    sc = Lab.asCaptured(sc, realLines);
    TraceLines realSide = Lab.lines(go);
    realLines.forEach(realSide);
    // a glibc comparison runs as it always did, with the modeled calls recorded too; the model's
    // calls stream into the comparison as they happen
    RunOptions options = RunOptions.DEFAULT.withSeed(seed).withTraceCalls(!go);
    if (sched != null) {
      options = options.withChooser(Explorer.replay(sched));
    }
    Verdict v = Lab.compare(sc, options, realSide);
    out.print(v.report());
    out.flush();
    return v.match() ? 0 : 1;
  }
}
