package io.github.clonepath.lab.explore;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Chooser;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.lab.compare.StraceParser;
import io.github.clonepath.lab.compare.TraceComparator;
import io.github.clonepath.lab.compare.TraceLine;
import io.github.clonepath.lab.scenario.GlibcRunner;
import io.github.clonepath.lab.scenario.GoRunner;
import io.github.clonepath.lab.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Runs one scenario under many schedules, each on its own machine, and groups the runs by outcome.
 * Machines share nothing, so the runs of every strategy go in parallel across the cores ({@link
 * #withJobs}; DFS splits its tree, see {@link Dfs}), and the result is the same for any number of
 * workers; each run's schedule is recorded, so any outcome can be replayed from its token.
 */
public final class Explorer {
  /**
   * What one run ended with.
   *
   * @param threads distinct tasks of the program that made a system call
   * @param clones successful clone and clone3 calls
   * @param mmaps mmap calls (thread stacks among them: how many blocks the stack cache saved)
   * @param failed calls that returned an error (a lost race's EAGAIN among them)
   * @param exit the main process's exit code, -1 if it did not exit
   * @param output what it wrote on fd 1 (as strace shows it for glibc programs)
   * @param violation the first broken invariant, or empty
   */
  public record Outcome(
      int threads, int clones, int mmaps, int failed, int exit, String output, String violation) {}

  /**
   * One run.
   *
   * @param schedule the schedule it followed
   * @param outcome how it ended
   * @param strace its system calls in strace's syntax; empty for the runs of the random and PCT
   *     strategies, which are only grouped by outcome (formatting the trace was a large part of a
   *     run's cost)
   * @param deviations its non-default answers
   */
  public record Run(Schedule schedule, Outcome outcome, String strace, int deviations) {}

  /**
   * One distinct outcome.
   *
   * @param outcome the outcome
   * @param count how many runs ended so
   * @param schedule the token of the first such run (fewest departures from the default)
   */
  public record Found(Outcome outcome, int count, Schedule schedule) {}

  /**
   * What an exploration found.
   *
   * @param runs schedules run
   * @param outcomes distinct outcomes, most frequent first
   */
  public record Result(int runs, List<Found> outcomes) {}

  private final Scenario scenario;
  private final GoRunner go; // null for a glibc scenario; it keeps no state between runs
  private final GlibcRunner glibc; // null for a Go scenario; each run takes a fresh() copy
  private final int jobs;

  /**
   * An explorer of one scenario.
   *
   * @param scenario the loaded scenario
   * @throws io.github.clonepath.lab.scenario.ScenarioException when the scenario or one of its
   *     settings is wrong: found once here, before any schedule runs, not once per run
   */
  public Explorer(Scenario scenario) {
    this.scenario = scenario;
    boolean isGo = scenario.runtime().equals("go");
    this.go = isGo ? new GoRunner(scenario) : null;
    this.glibc = isGo ? null : new GlibcRunner(scenario);
    this.jobs = Runtime.getRuntime().availableProcessors();
  }

  private Explorer(Explorer base, int jobs) {
    this.scenario = base.scenario;
    this.go = base.go;
    this.glibc = base.glibc;
    this.jobs = jobs;
  }

  /**
   * The same explorer with another number of workers (by default, one per core).
   *
   * @param jobs how many runs at a time; 1 runs every schedule on the calling thread
   * @return the explorer
   * @throws IllegalArgumentException if {@code jobs} is below 1
   */
  public Explorer withJobs(int jobs) {
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs must be >= 1, not " + jobs);
    }
    return new Explorer(this, jobs);
  }

  /**
   * A chooser that replays a schedule, for a machine the caller boots ({@code run --schedule}).
   *
   * @param schedule the schedule
   * @return its chooser (answers past its end are 0)
   */
  public static Chooser replay(Schedule schedule) {
    return new Recorder(schedule, null);
  }

  /**
   * Runs the scenario under one schedule (answers past its end are 0).
   *
   * @param schedule the schedule
   * @return the run
   * @throws IllegalArgumentException if the schedule has an answer its point cannot take
   */
  public Run run(Schedule schedule) {
    Recorder rec = new Recorder(schedule, null);
    Run r = run(rec);
    if (rec.misfit()) {
      throw new IllegalArgumentException(
          "schedule " + schedule.token() + " does not fit " + scenario.name());
    }
    return r;
  }

  /**
   * Runs the scenario under one random schedule: the run {@code explore --strategy random} makes
   * with this seed.
   *
   * @param seed the run's seed
   * @return the run
   */
  public Run random(long seed) {
    return run(new Recorder(Schedule.DEFAULT, Strategy.random(seed)), false);
  }

  /**
   * Says where a schedule departs from the default one, in the program's terms.
   *
   * @param schedule the schedule
   * @return one line per non-default answer
   */
  public List<String> explain(Schedule schedule) {
    Recorder rec = new Recorder(schedule, null);
    Machine m = machine(rec).machine();
    Machine normal = machine(new Recorder(Schedule.DEFAULT, null)).machine();
    return Explain.lines(rec.decisions(), m.log().syscalls(), normal.log().syscalls());
  }

  /** How a machine's run ended. */
  private record End(
      Machine machine, List<SyscallEvent> calls, int exit, String output, String violation) {}

  /** Runs the scenario on a machine driven by {@code rec}. */
  private End machine(Recorder rec) {
    MachineConfig mc = MachineConfig.DEFAULT.withChooser(rec);
    if (go != null) {
      GoRunner.Outcome o = go.run(mc);
      return new End(
          o.machine(),
          o.machine().log().syscalls(),
          o.result().exitStatus(),
          o.result().stdout(),
          o.process().violations());
    }
    GlibcRunner runner = glibc.fresh();
    rec.watchStackCache(runner::stackCache, runner::pid);
    Machine m = runner.run(mc);
    List<SyscallEvent> calls = m.log().syscalls();
    int exit = calls.isEmpty() ? -1 : m.waitStatus(calls.get(0).tid());
    return new End(m, calls, exit, glibcOutput(calls), "");
  }

  Run run(Recorder rec) {
    return run(rec, true);
  }

  /** Runs under {@code rec}; {@code text}: whether the run's strace text is wanted. */
  private Run run(Recorder rec, boolean text) {
    List<SyscallEvent> calls;
    int exit;
    String output;
    String violation;
    try {
      End end = machine(rec);
      // the log's calls are filtered out of it once per run
      calls = end.calls();
      exit = end.exit();
      output = end.output();
      violation = end.violation();
    } catch (RuntimeException e) {
      Outcome o = new Outcome(0, 0, 0, 0, -1, "", "model error: " + e);
      Schedule sched = rec.schedule();
      return new Run(sched, o, "", sched.deviations());
    }
    if (violation.isEmpty()) {
      violation = rec.violation();
    }
    if (violation.isEmpty() && exit < 0) {
      violation = "the program did not exit";
    }
    // the counts in one pass over the calls (this runs once per explored schedule)
    int clones = 0;
    int mmaps = 0;
    int failed = 0;
    for (SyscallEvent c : calls) {
      long r = c.result();
      boolean ok = r >= 0 || r < -4095;
      String name = c.name();
      if (ok && (name.equals("clone") || name.equals("clone3"))) {
        clones++;
      } else if (ok && name.equals("mmap")) {
        mmaps++;
      }
      if (r < 0 && r > -4096) {
        failed++;
      }
    }
    Outcome o = new Outcome(threads(calls), clones, mmaps, failed, exit, output, violation);
    String strace = text ? Strace.lines(calls) : "";
    Schedule sched = rec.schedule();
    return new Run(sched, o, strace, sched.deviations());
  }

  /**
   * Explores, DFS with its sleep-set reduction.
   *
   * @param strategy how schedules are chosen
   * @param runs how many runs (for DFS, the most)
   * @param seed the first run's seed (random and PCT; run i uses seed + i)
   * @param bound DFS's bound on departures from the default schedule
   * @param depth PCT's bug depth
   * @return the distinct outcomes
   */
  public Result explore(Strategy strategy, int runs, long seed, int bound, int depth) {
    return explore(strategy, runs, seed, bound, depth, true);
  }

  /**
   * Explores.
   *
   * @param strategy how schedules are chosen
   * @param runs how many runs (for DFS, the most)
   * @param seed the first run's seed (random and PCT; run i uses seed + i)
   * @param bound DFS's bound on departures from the default schedule
   * @param depth PCT's bug depth
   * @param reduce whether DFS skips the switches {@link Reduction} shows redundant (false: every
   *     schedule within the bound; Go scenarios are always explored without it)
   * @return the distinct outcomes
   */
  public Result explore(
      Strategy strategy, int runs, long seed, int bound, int depth, boolean reduce) {
    List<Run> all =
        switch (strategy) {
          case DFS -> dfs(runs, bound, reduce && go == null);
          case RANDOM -> parallel(runs, i -> random(seed + i));
          case PCT -> {
            int points = defaultPoints();
            yield parallel(
                runs,
                i ->
                    run(
                        new Recorder(Schedule.DEFAULT, Strategy.pct(seed + i, depth, points)),
                        false));
          }
        };
    return group(all);
  }

  /** Runs {@code f(0)} ... {@code f(n - 1)} on {@code jobs} workers; the results in order. */
  private List<Run> parallel(int n, IntFunction<Run> f) {
    if (jobs == 1) {
      return IntStream.range(0, n).mapToObj(f).toList();
    }
    ForkJoinPool pool = new ForkJoinPool(jobs);
    try {
      // a parallel stream started inside a pool's task runs on that pool
      return Dfs.join(pool.submit(() -> IntStream.range(0, n).parallel().mapToObj(f).toList()));
    } finally {
      pool.shutdownNow();
    }
  }

  private int defaultPoints() {
    Recorder rec = new Recorder(Schedule.DEFAULT, null);
    run(rec);
    return rec.answers().size();
  }

  /**
   * Every schedule with at most {@code bound} non-default answers, depth first (see {@link Dfs}):
   * run a prefix with zeros after it, then each non-default answer at each later point, deepest
   * first. With {@code reduce}, a switch that {@link Reduction} shows reaches only the states of a
   * switch one call later is skipped; if a run turns out to send signals, signal masks stop being
   * their tasks' own business and the search starts again without counting them so.
   */
  List<Run> dfs(int max, int bound, boolean reduce) {
    return dfs(max, bound, reduce, r -> r, r -> false);
  }

  /** The DFS's runs, each turned into a T, ending after the first that {@code last} accepts. */
  private <T> List<T> dfs(
      int max, int bound, boolean reduce, Function<Run, T> map, Predicate<T> last) {
    List<T> out = new Dfs<>(this, bound, reduce, true, map, last).walk(max, jobs);
    if (out == null) {
      out = new Dfs<>(this, bound, reduce, false, map, last).walk(max, jobs);
    }
    return out;
  }

  static Result group(List<Run> runs) {
    Map<Outcome, Found> by = new LinkedHashMap<>();
    for (Run r : runs) {
      by.merge(
          r.outcome(),
          new Found(r.outcome(), 1, r.schedule()),
          (x, y) ->
              new Found(
                  x.outcome(),
                  x.count() + 1,
                  y.schedule().deviations() < x.schedule().deviations()
                      ? y.schedule()
                      : x.schedule()));
    }
    List<Found> list = new ArrayList<>(by.values());
    list.sort(Comparator.comparingInt(Found::count).reversed());
    return new Result(runs.size(), list);
  }

  /**
   * Searches for a schedule whose trace matches a real capture by {@link TraceComparator}'s rules
   * (glibc scenarios): DFS with bounds 0, 1, 2, 3, until the budget is spent. The result is the
   * first match in DFS order (the runs count the schedules before it in that order), however many
   * workers search; without a match, the closest run, the first of the best score in that order.
   *
   * @param real the capture's lines
   * @param budget the most runs
   * @return the matching run, or the closest one
   */
  public Search search(List<TraceLine> real, int budget) {
    Search best = null;
    int spent = 0;
    for (int bound = 0; bound <= 3 && spent < budget; bound++) {
      // the workers score their runs; the first match in DFS order ends the bound's search
      for (Search s :
          dfs(budget - spent, bound, go == null, r -> score(real, r, 0), Search::match)) {
        spent++;
        s = new Search(s.run(), s.match(), s.score(), spent);
        if (best == null || s.score() > best.score()) {
          best = s;
        }
        if (s.match()) {
          return s;
        }
      }
    }
    return best;
  }

  /**
   * A search's end.
   *
   * @param run the best run
   * @param match whether every thread matched
   * @param score matching threads, then matching calls (higher is closer)
   * @param tried runs made before it was found
   */
  public record Search(Run run, boolean match, long score, int tried) {}

  private static Search score(List<TraceLine> real, Run r, int tried) {
    List<TraceComparator.ThreadResult> res =
        TraceComparator.compare(real, StraceParser.parse(r.strace()));
    long score = 0;
    boolean all = !res.isEmpty();
    for (TraceComparator.ThreadResult t : res) {
      score += t.match() ? 1_000_000 : t.index();
      all &= t.match();
    }
    return new Search(r, all, score, tried);
  }

  /** Distinct tids among the calls. */
  private static int threads(List<SyscallEvent> calls) {
    java.util.HashSet<Integer> tids = new java.util.HashSet<>();
    int last = Integer.MIN_VALUE;
    for (SyscallEvent c : calls) {
      // a task's calls mostly come in runs: the set is asked only when the tid changes
      if (c.tid() != last) {
        last = c.tid();
        tids.add(last);
      }
    }
    return tids.size();
  }

  /** What the program wrote on fd 1, as strace quotes it (a long write ends in "..."). */
  private static String glibcOutput(List<SyscallEvent> calls) {
    StringBuilder sb = new StringBuilder();
    for (SyscallEvent e : calls) {
      // the name first: a call's strace text is formatted when it is first asked for
      if (!e.name().equals("write")) {
        continue;
      }
      String t = e.text();
      if (!t.startsWith("write(1, \"")) {
        continue;
      }
      int k = 10;
      while (k < t.length() && t.charAt(k) != '"') {
        k += t.charAt(k) == '\\' ? 2 : 1;
      }
      sb.append(t, 10, Math.min(k, t.length()));
      if (t.startsWith("...", k + 1)) {
        sb.append("...");
      }
    }
    return sb.toString();
  }
}
