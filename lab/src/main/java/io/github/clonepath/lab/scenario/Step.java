package io.github.clonepath.lab.scenario;

import java.util.List;

/**
 * One line of a thread program: a verb and its words, and where it was written.
 *
 * @param verb the first word, such as {@code create}
 * @param args the remaining words ({@code key=value} words included as written)
 * @param line the line number in the scenario text, for error messages
 */
public record Step(String verb, List<String> args, int line) {
  /** Copies the words. */
  public Step {
    args = List.copyOf(args);
  }

  /**
   * A positional word.
   *
   * @param i its index
   * @return the word
   * @throws ScenarioException if the step has fewer words
   */
  public String arg(int i) {
    if (i >= args.size()) {
      throw new ScenarioException(line, verb + " needs at least " + (i + 1) + " argument(s)");
    }
    return args.get(i);
  }

  /**
   * The value of a {@code key=value} word.
   *
   * @param key the key
   * @param dflt the value when absent
   * @return the value
   */
  public String option(String key, String dflt) {
    for (String a : args) {
      if (a.startsWith(key + "=")) {
        return a.substring(key.length() + 1);
      }
    }
    return dflt;
  }

  /**
   * Whether a bare word is present.
   *
   * @param word the word
   * @return true if one of the arguments is exactly it
   */
  public boolean has(String word) {
    return args.contains(word);
  }

  /**
   * The words after the verb joined by single spaces (for {@code write}).
   *
   * @return the rest of the line
   */
  public String rest() {
    return String.join(" ", args);
  }
}
