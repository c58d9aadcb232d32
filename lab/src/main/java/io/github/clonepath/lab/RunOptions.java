package io.github.clonepath.lab;

import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.kernel.syscall.Budget;
import io.github.clonepath.kernel.syscall.Chooser;
import io.github.clonepath.kernel.syscall.MachineConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * How {@link Lab#run(io.github.clonepath.lab.scenario.Scenario, RunOptions)} runs a scenario: the
 * same knobs as {@code clonepath run}'s options, so a test can pin exactly the run a reader can
 * repeat on the command line. Immutable; each {@code with...} returns a changed copy.
 *
 * @param seed empty for FIFO dispatch (the reference runs), else the seed of a random order
 * @param settings values put over the scenario's own {@code set} lines, as {@code --set}
 * @param traceCalls whether the modeled function calls are recorded beside the system calls
 * @param budget how far the run may go before it stops with {@link
 *     io.github.clonepath.kernel.syscall.BudgetExceeded}
 * @param chooser who decides each scheduling point (a replayed schedule), or empty for FIFO
 * @param sink where each event goes as it happens instead of being kept, or empty to keep them
 */
public record RunOptions(
    OptionalLong seed,
    Map<String, String> settings,
    boolean traceCalls,
    Budget budget,
    Optional<Chooser> chooser,
    Optional<Consumer<? super TraceEvent>> sink) {

  /** FIFO dispatch, the scenario's own settings, system calls only, the default budget. */
  public static final RunOptions DEFAULT =
      new RunOptions(
          OptionalLong.empty(),
          Map.of(),
          false,
          Budget.DEFAULT,
          Optional.empty(),
          Optional.empty());

  /** Copies the settings and checks that nothing is missing. */
  public RunOptions {
    Objects.requireNonNull(seed, "seed");
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(chooser, "chooser");
    Objects.requireNonNull(sink, "sink");
  }

  /**
   * With a seeded random dispatch order: another interleaving that is still repeatable.
   *
   * @param s the seed
   * @return a changed copy
   */
  public RunOptions withSeed(long s) {
    return new RunOptions(OptionalLong.of(s), settings, traceCalls, budget, chooser, sink);
  }

  /**
   * With a seed or none, as an optional command-line value gives it.
   *
   * @param s the seed, or null for FIFO
   * @return a changed copy
   */
  public RunOptions withSeed(Long s) {
    OptionalLong o = s == null ? OptionalLong.empty() : OptionalLong.of(s);
    return new RunOptions(o, settings, traceCalls, budget, chooser, sink);
  }

  /**
   * With one setting over the scenario's, such as {@code glibc.version=2.41}: one scenario file
   * then serves every profile. The runner still refuses a key it does not know.
   *
   * @param key the setting
   * @param value its value
   * @return a changed copy
   */
  public RunOptions withSetting(String key, String value) {
    Map<String, String> all = new LinkedHashMap<>(settings);
    all.put(key, value);
    return new RunOptions(seed, all, traceCalls, budget, chooser, sink);
  }

  /**
   * With several settings over the scenario's, later ones winning.
   *
   * @param more the settings
   * @return a changed copy
   */
  public RunOptions withSettings(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(settings);
    all.putAll(more);
    return new RunOptions(seed, all, traceCalls, budget, chooser, sink);
  }

  /**
   * With or without the modeled calls: needed for {@link ScenarioRun#calls()} and a richer
   * timeline, not for a trace comparison.
   *
   * @param on whether to record them
   * @return a changed copy
   */
  public RunOptions withTraceCalls(boolean on) {
    return new RunOptions(seed, settings, on, budget, chooser, sink);
  }

  /**
   * With a step and virtual-time budget, so a program that never ends fails the test instead of
   * hanging it.
   *
   * @param b the budget
   * @return a changed copy
   */
  public RunOptions withBudget(Budget b) {
    return new RunOptions(seed, settings, traceCalls, b, chooser, sink);
  }

  /**
   * With a chooser deciding each scheduling point, such as a replayed schedule; a seed wins over
   * it.
   *
   * @param c the chooser
   * @return a changed copy
   */
  public RunOptions withChooser(Chooser c) {
    return new RunOptions(seed, settings, traceCalls, budget, Optional.of(c), sink);
  }

  /**
   * Streaming every event to {@code s} as the machine makes it and keeping none, so a long run's
   * memory does not grow with its trace; the run's {@link ScenarioRun#events()} is then empty.
   *
   * @param s receives each event once, in order, inside the machine's step
   * @return a changed copy
   */
  public RunOptions streamingTo(Consumer<? super TraceEvent> s) {
    return new RunOptions(seed, settings, traceCalls, budget, chooser, Optional.of(s));
  }

  /** The machine these options describe. */
  MachineConfig machineConfig() {
    MachineConfig mc = MachineConfig.DEFAULT.withTraceCalls(traceCalls);
    if (seed.isPresent()) {
      mc = mc.withSeed(seed.getAsLong());
    }
    return chooser.isPresent() ? mc.withChooser(chooser.get()) : mc;
  }
}
