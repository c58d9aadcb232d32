package io.github.clonepath.lab.scenario;

import java.util.List;
import java.util.Map;

/**
 * A parsed scenario: its name, a description, settings ({@code set KEY VALUE}) and named thread
 * programs. The text format is generic: verbs are not checked here but by the interpreter that runs
 * the scenario (see the root README, section "Scenarios").
 *
 * @param name the scenario's name, such as {@code glibc/s1_seq}
 * @param description one line saying what it reproduces
 * @param runtime the interpreter its verbs are for: {@code glibc} or {@code go}
 * @param params its parameters ({@code param NAME DEFAULT}) with the values used
 * @param settings the {@code set} lines, in order
 * @param programs the programs by name; {@code main} is the process's first thread
 * @param source where its text came from, as its errors name it: the file as the user gave it, a
 *     built-in's name, or {@code <stdin>}
 * @param settingLines the line of each {@code set} line, so that a runner refusing a setting can
 *     name it (a setting given with {@code --set} has none)
 */
public record Scenario(
    String name,
    String description,
    String runtime,
    Map<String, String> params,
    Map<String, String> settings,
    Map<String, List<Step>> programs,
    String source,
    Map<String, Integer> settingLines) {

  /** Copies the parts. */
  public Scenario {
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    programs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(programs));
    settingLines = Map.copyOf(settingLines);
  }

  /**
   * Where a setting was set.
   *
   * @param key the key
   * @return its {@code set} line, 0 if it was not set in the text
   */
  public int settingLine(String key) {
    return settingLines.getOrDefault(key, 0);
  }

  /**
   * A setting.
   *
   * @param key the key
   * @param dflt the value when not set
   * @return the value
   */
  public String setting(String key, String dflt) {
    return settings.getOrDefault(key, dflt);
  }

  /**
   * The same scenario with some settings replaced or added, as {@code --set KEY=VALUE} gives them
   * (the runner still rejects a key it does not know).
   *
   * @param overrides the settings to put over the scenario's own
   * @return the scenario with them
   */
  public Scenario withSettings(Map<String, String> overrides) {
    Map<String, String> all = new java.util.LinkedHashMap<>(settings);
    all.putAll(overrides);
    Map<String, Integer> lines = new java.util.HashMap<>(settingLines);
    lines.keySet().removeAll(overrides.keySet());
    return new Scenario(name, description, runtime, params, all, programs, source, lines);
  }

  /**
   * A program by name.
   *
   * @param name the name
   * @param line where it was asked for, for the error
   * @return its steps
   */
  public List<Step> program(String name, int line) {
    List<Step> p = programs.get(name);
    if (p == null) {
      throw error(
          line,
          "no program named '" + name + "'; programs: " + String.join(", ", programs.keySet()));
    }
    return p;
  }

  /**
   * A mistake in this scenario's text, naming its file.
   *
   * @param line the line, or 0
   * @param message what is wrong
   * @return the error, to throw
   */
  public ScenarioException error(int line, String message) {
    return new ScenarioException(line, message).in(source);
  }
}
