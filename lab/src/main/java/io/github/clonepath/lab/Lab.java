package io.github.clonepath.lab;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.goruntime.GoResult;
import io.github.clonepath.goruntime.GoVersion;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.lab.compare.GoTraceComparator;
import io.github.clonepath.lab.compare.StraceParser;
import io.github.clonepath.lab.compare.TraceComparator;
import io.github.clonepath.lab.compare.TraceLine;
import io.github.clonepath.lab.compare.TraceLines;
import io.github.clonepath.lab.diagram.Diagram;
import io.github.clonepath.lab.diagram.DiagramKind;
import io.github.clonepath.lab.diagram.DiagramKinds;
import io.github.clonepath.lab.scenario.GlibcRunner;
import io.github.clonepath.lab.scenario.GoRunner;
import io.github.clonepath.lab.scenario.Scenario;
import io.github.clonepath.lab.scenario.ScenarioParser;
import io.github.clonepath.lab.scenario.Scenarios;
import io.github.clonepath.lab.walk.Topic;
import io.github.clonepath.lab.walk.Topics;
import io.github.clonepath.lab.walk.WalkFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The four jobs of {@code clonepath} as plain Java calls, for a test in another project: run a
 * scenario, compare it with a real strace capture, walk through a thread's birth, draw model state.
 * The command line is a thin layer over these calls, so what a test sees here is what the commands
 * print.
 *
 * <pre>{@code
 * ScenarioRun run = Lab.run(Lab.load("glibc/s1_seq"), RunOptions.DEFAULT);
 * Verdict v = Lab.compare(run, Path.of("s1_seq.trace"));
 * assertTrue(v.match(), v.report());
 * String walk = Lab.walk("pthread_create").format(WalkFormat.MARKDOWN);
 * String picture = Lab.diagram("thread-stack", DiagramFormat.MERMAID);
 * }</pre>
 *
 * <p>Mistakes in a scenario throw {@link io.github.clonepath.lab.scenario.ScenarioException} with
 * the file and line; a run that outgrows its budget throws {@link
 * io.github.clonepath.kernel.syscall.BudgetExceeded}.
 */
public final class Lab {
  private Lab() {}

  /**
   * The built-in scenarios, the real programs the model is checked against.
   *
   * @return names such as {@code glibc/s1_seq} and {@code go/a_hello}, glibc first
   */
  public static List<String> builtIns() {
    return Scenarios.builtIns();
  }

  /**
   * A built-in scenario or a scenario file, with its parameters' defaults.
   *
   * @param nameOrPath a built-in name or a path
   * @return the parsed scenario
   * @throws io.github.clonepath.lab.scenario.ScenarioException if there is none or its text is
   *     wrong
   */
  public static Scenario load(String nameOrPath) {
    return Scenarios.load(nameOrPath);
  }

  /**
   * A built-in scenario or a scenario file with values for its parameters ({@code param NAME
   * DEFAULT}), such as {@code n=32} for {@code go/b_syscalls}: parameters are read as the text is
   * parsed, settings later at run time.
   *
   * @param nameOrPath a built-in name or a path
   * @param params values for parameters the scenario declares
   * @return the parsed scenario
   * @throws io.github.clonepath.lab.scenario.ScenarioException as {@link #load(String)}, or when a
   *     value names no parameter
   */
  public static Scenario load(String nameOrPath, Map<String, String> params) {
    return Scenarios.load(nameOrPath, params);
  }

  /**
   * A scenario written in the test itself.
   *
   * @param text the scenario text (format in the README, section "Scenarios")
   * @param name its name when the text has no {@code scenario} line; errors name it as the file
   * @param params values for parameters the text declares
   * @return the parsed scenario
   * @throws io.github.clonepath.lab.scenario.ScenarioException with {@code NAME:LINE: what is
   *     wrong}
   */
  public static Scenario parse(String text, String name, Map<String, String> params) {
    return ScenarioParser.parse(text, name, params, name);
  }

  /**
   * Runs a built-in scenario or a scenario file as {@code clonepath run} does by default.
   *
   * @param nameOrPath a built-in name or a path
   * @return the finished run
   */
  public static ScenarioRun run(String nameOrPath) {
    return run(load(nameOrPath), RunOptions.DEFAULT);
  }

  /**
   * Runs a scenario on a freshly booted machine until no task can run, on the interpreter its
   * {@code runtime} line names (glibc or Go).
   *
   * @param scenario the scenario
   * @param options seed, settings, call tracing, budget, schedule and sink
   * @return the finished run
   * @throws io.github.clonepath.lab.scenario.ScenarioException if a setting, verb or argument is
   *     wrong
   * @throws io.github.clonepath.kernel.syscall.BudgetExceeded if the run outgrows the budget
   */
  public static ScenarioRun run(Scenario scenario, RunOptions options) {
    Scenario sc = scenario.withSettings(options.settings());
    MachineConfig mc = options.machineConfig();
    Consumer<Machine> prepare =
        m -> {
          m.setBudget(options.budget());
          options.sink().ifPresent(s -> m.log().streamTo(s));
        };
    if (sc.runtime().equals("go")) {
      GoRunner.Outcome o = new GoRunner(sc).run(mc, prepare);
      return new ScenarioRun(sc, o.machine(), Optional.<GoResult>of(o.result()));
    }
    return new ScenarioRun(sc, new GlibcRunner(sc).run(mc, prepare), Optional.empty());
  }

  /**
   * Compares a run with a real {@code strace -f} capture, thread by thread, by the rules of its
   * runtime (glibc: every thread's calls after the first write; Go: m0's start-up, then each
   * thread's birth).
   *
   * @param run a run that kept its events (no sink)
   * @param realTrace the capture's text, with or without {@code -tt} times
   * @return the verdict
   * @throws IllegalArgumentException if the text holds no strace lines
   */
  public static Verdict compare(ScenarioRun run, String realTrace) {
    List<TraceLine> real = StraceParser.parse(realTrace);
    if (StraceParser.noCalls(real)) {
      throw new IllegalArgumentException("no strace lines found in the real trace");
    }
    return compare(run, real);
  }

  /**
   * Compares a run with a capture saved in a file.
   *
   * @param run a run that kept its events (no sink)
   * @param realTrace the capture file
   * @return the verdict
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it holds no strace lines
   */
  public static Verdict compare(ScenarioRun run, Path realTrace) throws IOException {
    List<TraceLine> real = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(realTrace, StandardCharsets.UTF_8)) {
      StraceParser.parse(in, real::add);
    }
    if (StraceParser.noCalls(real)) {
      throw new IllegalArgumentException(realTrace + ": no strace lines found");
    }
    return compare(run, real);
  }

  /**
   * The scenario as the real process behind a capture ran it. A Go release that draws its heap base
   * at random in each process (go1.26.8 and later) gets the base that process drew, read off the
   * capture: m0's first 32 KiB signal stack is the heap's first stack, 32 KiB above the base in the
   * model's start-up. Anything else, and a scenario that sets {@code go.heap_base} itself, is
   * returned as it is.
   *
   * @param sc the scenario
   * @param real the capture's calls
   * @return the scenario to run for the comparison
   */
  public static Scenario asCaptured(Scenario sc, List<TraceLine> real) {
    if (!sc.runtime().equals("go") || !sc.setting("go.heap_base", "").isEmpty()) {
      return sc;
    }
    Optional<GoVersion> v = GoVersion.named(sc.setting("go.version", "1.19"));
    if (v.isEmpty() || v.get().compareTo(GoVersion.GO1_26) < 0) {
      return sc;
    }
    for (TraceLine l : real) {
      Matcher m = M0_SIGNAL_STACK.matcher(l.text());
      if (m.find()) {
        long base = Long.decode(m.group(1)) - 4 * 8192;
        return sc.withSettings(Map.of("go.heap_base", "0x" + Long.toHexString(base)));
      }
    }
    return sc;
  }

  private static final Pattern M0_SIGNAL_STACK =
      Pattern.compile("sigaltstack\\(\\{ss_sp=(0x[0-9a-f]+), ss_flags=0, ss_size=32768\\}");

  /**
   * Compares a run with capture lines already parsed ({@link StraceParser#parse}). For Go, the
   * signal deliveries the lines hold (the parser hands them on) are compared too: lines made some
   * other way without them make every delivery of the model's run one the capture lacks.
   *
   * @param run a run that kept its events (no sink)
   * @param real the capture's calls and signal deliveries
   * @return the verdict
   * @throws IllegalStateException if the run streamed its calls to a sink and kept none, which
   *     would otherwise read as a model that made no calls
   */
  public static Verdict compare(ScenarioRun run, List<TraceLine> real) {
    if (run.syscalls().isEmpty() && run.machine().log().syscallCount() > 0) {
      throw new IllegalStateException(
          run.scenario().name()
              + ": the run streamed its calls to a sink and kept none; compare a run without one");
    }
    TraceLines r = lines(run.isGo());
    real.forEach(r);
    TraceLines m = lines(run.isGo());
    for (SyscallEvent e : run.syscalls()) {
      m.model(e);
    }
    return compare(r, m);
  }

  /**
   * Runs a scenario with its system calls streamed into the comparison as they happen: the run
   * keeps no events, and the comparison only the calls its rules look at.
   *
   * @param scenario the scenario, as {@link #asCaptured} made it for a Go capture
   * @param options how to run it; its sink is replaced by the comparison's
   * @param real the capture, read into {@link #lines} of the scenario's runtime
   * @return the verdict
   */
  public static Verdict compare(Scenario scenario, RunOptions options, TraceLines real) {
    TraceLines m = lines(scenario.runtime().equals("go"));
    run(scenario, options.streamingTo(m.modelSink()));
    return compare(real, m);
  }

  /**
   * An empty side of a comparison by the rules of a runtime.
   *
   * @param go whether the Go rules apply rather than glibc's
   * @return the lines to feed
   */
  public static TraceLines lines(boolean go) {
    return go ? new GoTraceComparator.Lines() : new TraceComparator.Lines();
  }

  private static Verdict compare(TraceLines real, TraceLines model) {
    if (real instanceof GoTraceComparator.Lines r && model instanceof GoTraceComparator.Lines m) {
      return Verdict.ofGo(GoTraceComparator.compare(r, m), r.signals(), m.signals());
    }
    return Verdict.ofGlibc(
        TraceComparator.compare((TraceComparator.Lines) real, (TraceComparator.Lines) model));
  }

  /**
   * Compares two parsed traces, for a model trace that came from elsewhere (a replayed schedule).
   *
   * @param go whether the Go rules apply rather than glibc's
   * @param real the capture's calls
   * @param model the model's calls
   * @return the verdict
   */
  public static Verdict compare(boolean go, List<TraceLine> real, List<TraceLine> model) {
    TraceLines r = lines(go);
    real.forEach(r);
    TraceLines m = lines(go);
    model.forEach(m);
    return compare(r, m);
  }

  /**
   * The walkthrough topics this build offers.
   *
   * @return the topics, in the order {@code clonepath walk --help} lists them
   */
  public static List<Topic> topics() {
    return Topics.ALL;
  }

  /**
   * A walkthrough of a topic with its defaults; set a release or a variant flag on it, then {@link
   * Walk#format(WalkFormat)} or {@link Walk#events()}.
   *
   * @param topic a topic's name, such as {@code newm} or {@code pthread_create}
   * @return the walk
   * @throws IllegalArgumentException naming the topics when there is none of that name
   */
  public static Walk walk(String topic) {
    return Walk.of(
        Topics.ALL.stream()
            .filter(t -> t.name().equals(topic))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown topic '"
                            + topic
                            + "'; topics: "
                            + Topics.ALL.stream()
                                .map(Topic::name)
                                .collect(Collectors.joining(", ")))));
  }

  /**
   * The diagram kinds this build offers.
   *
   * @return the kinds, in the order {@code clonepath diagram --help} lists them
   */
  public static List<DiagramKind> kinds() {
    return DiagramKinds.ALL;
  }

  /**
   * Runs a kind's scenario and pictures the state it leaves, for a test to assert on the nodes.
   *
   * @param kind a kind's name, such as {@code thread-stack}
   * @return the picture
   * @throws IllegalArgumentException naming the kinds when there is none of that name
   */
  public static Diagram diagram(String kind) {
    return DiagramKinds.ALL.stream()
        .filter(k -> k.name().equals(kind))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown kind '"
                        + kind
                        + "'; kinds: "
                        + DiagramKinds.ALL.stream()
                            .map(DiagramKind::name)
                            .collect(Collectors.joining(", "))))
        .draw();
  }

  /**
   * Runs a kind's scenario and writes the picture as text.
   *
   * @param kind a kind's name
   * @param format Mermaid or DOT
   * @return the text, as {@code clonepath diagram KIND --format mermaid|dot} prints it
   * @throws IllegalArgumentException naming the kinds when there is none of that name
   */
  public static String diagram(String kind, DiagramFormat format) {
    return format.write(diagram(kind));
  }
}
