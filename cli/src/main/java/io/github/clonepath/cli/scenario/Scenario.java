package io.github.clonepath.cli.scenario;

import java.util.List;
import java.util.Map;

/**
 * A parsed scenario: its name, a description, settings ({@code set KEY VALUE}) and named thread
 * programs. The text format is generic: verbs are not checked here but by the interpreter that runs
 * the scenario (see the root README, section "Scenarios").
 *
 * @param name the scenario's name, such as {@code glibc/s1_seq}
 * @param description one line saying what it reproduces
 * @param settings the {@code set} lines, in order
 * @param programs the programs by name; {@code main} is the process's first thread
 */
public record Scenario(
    String name,
    String description,
    Map<String, String> settings,
    Map<String, List<Step>> programs) {

  /** Copies the parts. */
  public Scenario {
    settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    programs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(programs));
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
   * A program by name.
   *
   * @param name the name
   * @param line where it was asked for, for the error
   * @return its steps
   */
  public List<Step> program(String name, int line) {
    List<Step> p = programs.get(name);
    if (p == null) {
      throw new ScenarioException(line, "no program named '" + name + "' in " + this.name);
    }
    return p;
  }
}
