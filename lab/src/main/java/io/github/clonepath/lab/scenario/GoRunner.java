package io.github.clonepath.lab.scenario;

import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.GoProgram;
import io.github.clonepath.goruntime.GoResult;
import io.github.clonepath.goruntime.GoRuntime;
import io.github.clonepath.goruntime.GoVersion;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a {@code runtime go} scenario on the Go runtime model: its programs are goroutine bodies,
 * turned into {@link GoProgram}s ({@code main} is main.main; {@code go PROGRAM} starts goroutines
 * running another program). The verbs and settings are listed in the root README, section "Go
 * programs".
 */
public final class GoRunner {
  /** Settings this runner reads. */
  static final Set<String> SETTINGS =
      Set.of(
          "GOMAXPROCS",
          "GODEBUG",
          "go.version",
          "go.cgo",
          "go.libc_threads",
          "go.seed",
          "go.randomize_scheduler",
          "go.heap_base");

  /** The verbs of a go program, as the root README lists them. */
  private static final String VERBS =
      "print, collect, print-sorted, go, compute, syscall, cgo-call, sleep, lock-os-thread,"
          + " unlock-os-thread, init-lock-os-thread, set-max-threads, make-chan, send, recv, pipe, read, write,"
          + " return";

  /** The verbs whose numbers may be a loop's round. */
  private static final Set<String> ROUND_VERBS =
      Set.of("print", "collect", "go", "pipe", "read", "write");

  private static final Pattern OPERAND = Pattern.compile("(\\$i|%arg)(?:([+-])(\\d{1,9}))?");

  private final Scenario scenario;
  private final GoOptions options;
  private final GoProgram main;

  /** What a run produced: the machine (its event log) and the program's end. */
  public record Outcome(Machine machine, GoRuntime process, GoResult result) {}

  /**
   * A runner for one scenario.
   *
   * @param scenario a scenario whose runtime is {@code go}
   * @throws ScenarioException if a setting, verb or argument is not one this runner knows
   */
  public GoRunner(Scenario scenario) {
    this.scenario = scenario;
    try {
      if (!scenario.runtime().equals("go")) {
        throw new ScenarioException(
            0, scenario.name() + " is a '" + scenario.runtime() + "' scenario, not a go one");
      }
      for (String k : scenario.settings().keySet()) {
        if (!SETTINGS.contains(k)) {
          throw new ScenarioException(
              scenario.settingLine(k),
              "unknown setting '"
                  + k
                  + "' for go; known: "
                  + String.join(", ", new java.util.TreeSet<>(SETTINGS)));
        }
      }
      GoOptions o =
          GoOptions.DEFAULT.withVersion(
              version(scenario.setting("go.version", "1.19"), scenario.settingLine("go.version")));
      o = o.withGomaxprocs(integer("GOMAXPROCS", "2"));
      o = o.withCgo(bool("go.cgo")).withLibcThreads(bool("go.libc_threads"));
      o =
          o.withSeed(
              StepArgs.number(
                  scenario.setting("go.seed", "1"),
                  "set go.seed",
                  scenario.settingLine("go.seed")));
      o = o.withRandomizeScheduler(bool("go.randomize_scheduler"));
      String heapBase = scenario.setting("go.heap_base", "");
      if (!heapBase.isEmpty()) {
        // go1.26.8's randomized heap base, to repeat one real process's draws
        o =
            o.withHeapBase(
                StepArgs.number(
                    heapBase, "set go.heap_base", scenario.settingLine("go.heap_base")));
      }
      try {
        o = o.withGodebug(scenario.setting("GODEBUG", ""));
      } catch (IllegalArgumentException e) {
        throw new ScenarioException(scenario.settingLine("GODEBUG"), e.getMessage());
      }
      this.options = o;
      this.main = program("main", new ArrayList<>(), 0);
    } catch (ScenarioException e) {
      throw e.in(scenario.source());
    } catch (IllegalArgumentException e) {
      throw new ScenarioException(0, e.getMessage()).in(scenario.source());
    }
  }

  /**
   * The runtime options the settings gave.
   *
   * @return the options
   */
  public GoOptions options() {
    return options;
  }

  /**
   * Boots a machine, starts main.main as a new process and runs the machine until no task can run.
   *
   * @param seed the machine's dispatch seed, or null for FIFO
   * @return the machine and the program's end
   */
  public Outcome run(Long seed) {
    return run(seed, true);
  }

  /**
   * Boots a machine, starts main.main as a new process and runs the machine until no task can run.
   *
   * @param seed the machine's dispatch seed, or null for FIFO
   * @param traceCalls whether the model's function calls are recorded too (system calls always are;
   *     a trace comparison needs only those)
   * @return the machine and the program's end
   */
  public Outcome run(Long seed, boolean traceCalls) {
    return run(seed, traceCalls, m -> {});
  }

  /**
   * Boots a machine, lets the caller choose where its events go, and runs the program.
   *
   * @param seed the machine's dispatch seed, or null for FIFO
   * @param traceCalls whether the model's function calls are recorded too
   * @param prepare runs on the booted machine before anything runs, such as {@code m ->
   *     m.log().streamTo(...)}
   * @return the machine and the program's end
   */
  public Outcome run(Long seed, boolean traceCalls, Consumer<Machine> prepare) {
    MachineConfig mc = MachineConfig.DEFAULT.withTraceCalls(traceCalls);
    if (seed != null) {
      mc = mc.withSeed(seed);
    }
    return run(mc, prepare);
  }

  /**
   * As {@link #run(Long, boolean)} on a machine of a given configuration (a schedule explorer's
   * chooser).
   *
   * @param mc the machine's configuration
   * @return the machine and the program's end
   */
  public Outcome run(MachineConfig mc) {
    return run(mc, m -> {});
  }

  /**
   * As {@link #run(MachineConfig)}, letting the caller choose where the events go first.
   *
   * @param mc the machine's configuration
   * @param prepare runs on the booted machine before anything runs
   * @return as {@link #run(MachineConfig)}
   */
  public Outcome run(MachineConfig mc, Consumer<Machine> prepare) {
    Machine m = Machine.boot(mc);
    prepare.accept(m);
    String base = scenario.name().substring(scenario.name().lastIndexOf('/') + 1);
    String comm = base.length() > 15 ? base.substring(0, 15) : base;
    GoRuntime go = GoRuntime.spawn(m, comm, options, main);
    m.run();
    return new Outcome(m, go, go.result());
  }

  /** Turns a scenario program into a goroutine body; {@code open} guards against a go cycle. */
  private GoProgram program(String name, List<String> open, int line) {
    if (open.contains(name)) {
      throw new ScenarioException(
          line, "program '" + name + "' starts itself (go " + String.join(" → go ", open) + ")");
    }
    List<Step> steps = scenario.program(name, line);
    open.add(name);
    GoProgram p = steps(name, steps, open, false);
    open.remove(open.size() - 1);
    return p;
  }

  /** The steps of a program, or of a loop in it, as a goroutine body. */
  private GoProgram steps(String name, List<Step> steps, List<String> open, boolean inLoop) {
    GoProgram p = GoProgram.empty();
    for (int k = 0; k < steps.size(); k++) {
      Step s = steps.get(k);
      if (s.isRepeat()) {
        p = p.repeat(s.count(), steps(name, s.body(), open, true));
        continue;
      }
      if (!ROUND_VERBS.contains(s.verb()) && s.inRound(0) != s) {
        throw new ScenarioException(
            s.line(),
            "$i (a loop's round) can be used in print and collect text, pipe numbers and go's arg="
                + " in a go scenario");
      }
      switch (s.verb()) {
        case "print" -> p = p.print(round(s.rest(), inLoop) + "\n");
        case "collect" -> p = p.collect(round(s.rest(), inLoop));
        case "print-sorted" -> p = p.printSorted();
        case "go" -> {
          String body = s.arg(0);
          int n = whole(s, s.option("count", "1"));
          if (n < 1) {
            throw new ScenarioException(s.line(), "go count= needs 1 or more, got " + n);
          }
          String fn = s.option("func", "main." + body);
          p = p.go(fn, program(body, open, s.line()), n, operand(s, s.option("arg", "0"), inLoop));
        }
        case "compute" -> p = p.compute(StepArgs.duration(s, 0));
        case "syscall" -> p = p.syscall(StepArgs.duration(s, 0));
        case "cgo-call" -> {
          if (!options.cgo()) {
            throw new ScenarioException(s.line(), "cgo-call needs a cgo binary: set go.cgo 1");
          }
          p = p.cgoCall(StepArgs.duration(s, 0));
        }
        case "sleep" -> p = p.sleep(StepArgs.duration(s, 0));
        case "lock-os-thread" -> p = p.lockOSThread();
        case "unlock-os-thread" -> p = p.unlockOSThread();
        case "init-lock-os-thread" -> {
          if (!name.equals("main") || k != 0 || inLoop) {
            throw new ScenarioException(
                s.line(), "init-lock-os-thread is main's first step (func init runs before main)");
          }
          p = p.initLockOSThread();
        }
        case "set-max-threads" -> p = p.setMaxThreads(whole(s, s.arg(0)));
        case "make-chan" -> {
          int size = whole(s, s.option("size", "0"));
          if (size < 0) {
            throw new ScenarioException(s.line(), "make-chan size= needs 0 or more, got " + size);
          }
          p = p.makeChan(channel(s), size);
        }
        case "send" -> p = p.send(channel(s));
        case "recv" -> p = p.recv(channel(s));
        case "pipe" -> p = p.pipe(pipeNumber(s, inLoop));
        case "read" -> p = p.read(pipeNumber(s, inLoop));
        case "write" -> p = p.write(pipeNumber(s, inLoop));
        case "return" -> {
          if (k != steps.size() - 1 || inLoop) {
            throw new ScenarioException(s.line(), "steps after return never run; remove them");
          }
        }
        default ->
            throw new ScenarioException(
                s.line(), "unknown verb '" + s.verb() + "' for go; known: " + VERBS);
      }
    }
    return p;
  }

  /** Print text with a loop's round: {@code $i} becomes the runtime's {@code %round}. */
  private static String round(String text, boolean inLoop) {
    return inLoop ? ScenarioParser.substituteRound(text, GoProgram.ROUND) : text;
  }

  private static int channel(Step s) {
    int ch = whole(s, s.arg(0));
    if (ch < 0) {
      throw new ScenarioException(s.line(), s.verb() + " needs a channel number of 0 or more");
    }
    return ch;
  }

  private static GoProgram.Number pipeNumber(Step s, boolean inLoop) {
    GoProgram.Number n = operand(s, s.arg(0), inLoop);
    if (n.constant() && n.plus() < 0) {
      throw new ScenarioException(s.line(), s.verb() + " needs a pipe number of 0 or more");
    }
    return n;
  }

  /**
   * A step's number: {@code N}, or {@code $i} (the loop's round) or {@code %arg} (the go
   * statement's argument), either followed by {@code +N} or {@code -N}.
   */
  private static GoProgram.Number operand(Step s, String text, boolean inLoop) {
    Matcher m = OPERAND.matcher(text);
    if (!m.matches()) {
      return GoProgram.Number.of(whole(s, text));
    }
    long plus = m.group(2) == null ? 0 : Long.parseLong(m.group(2) + m.group(3));
    if (m.group(1).equals("$i")) {
      if (!inLoop) {
        throw new ScenarioException(s.line(), "$i is a loop's round: use it inside a repeat");
      }
      return GoProgram.round(plus);
    }
    return GoProgram.arg(plus);
  }

  private static int whole(Step s, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new ScenarioException(s.line(), s.verb() + " needs a whole number, not " + text);
    }
  }

  private static GoVersion version(String text, int line) {
    return GoVersion.named(text)
        .orElseThrow(
            () ->
                new ScenarioException(
                    line,
                    "unknown go.version "
                        + text
                        + " (1.13, 1.14, 1.19, 1.21.0, 1.26.8 or 1.27.3; 1.21, 1.26 and 1.27 name those)"));
  }

  private int integer(String key, String dflt) {
    try {
      return Integer.parseInt(scenario.setting(key, dflt));
    } catch (NumberFormatException e) {
      throw new ScenarioException(
          scenario.settingLine(key), key + " needs a number: " + scenario.setting(key, dflt));
    }
  }

  private boolean bool(String key) {
    String v = scenario.setting(key, "0");
    if (!v.equals("0") && !v.equals("1")) {
      throw new ScenarioException(scenario.settingLine(key), key + " is 0 or 1, not " + v);
    }
    return v.equals("1");
  }
}
