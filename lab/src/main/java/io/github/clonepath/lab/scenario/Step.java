package io.github.clonepath.lab.scenario;

import java.util.List;

/**
 * One line of a thread program: a verb and its words, and where it was written; or a loop, {@code
 * repeat N} with the steps up to its {@code end} as its body. A loop stays a loop (it is not
 * written out N times), so its size does not depend on N; {@code $i} in its body is the round,
 * replaced when the step runs ({@link #inRound}).
 *
 * @param verb the first word, such as {@code create}; {@code repeat} for a loop
 * @param args the remaining words ({@code key=value} words included as written); a loop's one word
 *     is its count
 * @param line the line number in the scenario text, for error messages
 * @param body a loop's steps, empty for any other step
 */
public record Step(String verb, List<String> args, int line, List<Step> body) {
  /** The verb of a loop. */
  public static final String REPEAT = "repeat";

  /** Copies the words and the body. */
  public Step {
    args = List.copyOf(args);
    body = List.copyOf(body);
  }

  /**
   * A step that is not a loop.
   *
   * @param verb the first word
   * @param args the remaining words
   * @param line the line number
   */
  public Step(String verb, List<String> args, int line) {
    this(verb, args, line, List.of());
  }

  /**
   * A loop.
   *
   * @param count how many rounds, at least 1
   * @param body one round's steps, not empty
   * @param line the line of {@code repeat}
   * @return the step
   */
  static Step repeat(int count, List<Step> body, int line) {
    return new Step(REPEAT, List.of(Integer.toString(count)), line, body);
  }

  /**
   * Whether this is a loop.
   *
   * @return true for {@code repeat}
   */
  public boolean isRepeat() {
    return verb.equals(REPEAT) && !body.isEmpty();
  }

  /**
   * A loop's count.
   *
   * @return how many rounds
   */
  public int count() {
    return Integer.parseInt(args.get(0));
  }

  /**
   * The step as it runs in a round of the loop it is in: each {@code $i} word part replaced by the
   * round.
   *
   * @param round the 0-based round of the innermost loop
   * @return the step with the round in its words, or this step if it has no {@code $i}
   */
  public Step inRound(int round) {
    // the words are copied once, into the array the new step's list is made of, and the round's
    // digits are made once per step, not per word
    String[] bound = null;
    String digits = null;
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (a.indexOf('$') < 0) {
        if (bound != null) {
          bound[k] = a;
        }
        continue;
      }
      if (digits == null) {
        digits = Integer.toString(round);
      }
      String b = ScenarioParser.substituteRound(a, digits);
      if (b != a && bound == null) {
        bound = new String[args.size()];
        for (int j = 0; j < k; j++) {
          bound[j] = args.get(j);
        }
      }
      if (bound != null) {
        bound[k] = b;
      }
    }
    return bound == null ? this : new Step(verb, List.of(bound), line, body);
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
    int n = key.length();
    for (String a : args) {
      // KEY=VALUE, tested without building "KEY=" for every word of every step run
      if (a.length() > n && a.charAt(n) == '=' && a.startsWith(key)) {
        return a.substring(n + 1);
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
