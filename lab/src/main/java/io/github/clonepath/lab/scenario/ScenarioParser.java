package io.github.clonepath.lab.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the scenario text format: line-based, {@code #} comments, words split on blanks.
 *
 * <pre>
 * scenario NAME
 * describe ONE LINE OF TEXT
 * runtime glibc|go    (which interpreter runs the programs; glibc when absent)
 * param NAME DEFAULT  (a value $NAME in later lines; a caller may override it)
 * set KEY VALUE
 * program NAME
 *   VERB ARG...
 *   repeat N          (the lines up to the matching "end" N times; $i is the 0-based round
 *                      of the innermost repeat; the loop is kept, not written out)
 *     VERB ARG...
 *   end
 * end
 * </pre>
 *
 * <p>{@code \#} is a literal {@code #} (a {@code #} at the start of a word starts a comment).
 *
 * <p>The parser knows no verbs: any word starting a line inside a program is a step, so the same
 * format serves the glibc thread programs and the goroutine programs.
 */
public final class ScenarioParser {
  private static final Pattern VAR = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");

  private ScenarioParser() {}

  /**
   * Parses a scenario text.
   *
   * @param text the scenario
   * @param fallbackName the name when the text has no {@code scenario} line
   * @return the scenario
   * @throws ScenarioException with the line of the first error
   */
  public static Scenario parse(String text, String fallbackName) {
    return parse(text, fallbackName, Map.of());
  }

  /**
   * Parses a scenario text with values for its parameters.
   *
   * @param text the scenario
   * @param fallbackName the name when the text has no {@code scenario} line
   * @param overrides values for parameters the text declares with {@code param}
   * @return the scenario
   * @throws ScenarioException with the line of the first error, or when an override names no
   *     declared parameter
   */
  public static Scenario parse(String text, String fallbackName, Map<String, String> overrides) {
    return parse(text, fallbackName, overrides, fallbackName);
  }

  /**
   * Parses a scenario text that came from a file.
   *
   * @param text the scenario
   * @param fallbackName the name when the text has no {@code scenario} line
   * @param overrides values for parameters the text declares with {@code param}
   * @param source the file as the user named it, for the errors ({@code FILE:LINE: ...})
   * @return the scenario
   * @throws ScenarioException as {@link #parse(String, String, Map)}, naming the file
   */
  public static Scenario parse(
      String text, String fallbackName, Map<String, String> overrides, String source) {
    try {
      return parseText(text, fallbackName, overrides, source);
    } catch (ScenarioException e) {
      throw e.in(source);
    }
  }

  private static Scenario parseText(
      String text, String fallbackName, Map<String, String> overrides, String source) {
    String name = fallbackName;
    String description = "";
    String runtime = "glibc";
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, Integer> settingLines = new LinkedHashMap<>();
    Map<String, List<Step>> programs = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    int i = 0;
    while (i < lines.length) {
      int lineNo = i + 1;
      List<String> w = words(lines[i]);
      i++;
      if (w.isEmpty()) {
        continue;
      }
      switch (w.get(0)) {
        case "scenario" -> name = need(w, 1, lineNo);
        case "describe" -> description = String.join(" ", w.subList(1, w.size()));
        case "runtime" -> runtime = need(w, 1, lineNo);
        case "param" -> {
          need(w, 2, lineNo);
          params.put(w.get(1), overrides.getOrDefault(w.get(1), w.get(2)));
        }
        case "set" -> {
          need(w, 2, lineNo);
          settings.put(w.get(1), substitute(String.join(" ", w.subList(2, w.size())), params));
          settingLines.put(w.get(1), lineNo);
        }
        case "program" -> {
          String pname = need(w, 1, lineNo);
          if (programs.containsKey(pname)) {
            throw new ScenarioException(lineNo, "program '" + pname + "' is defined twice");
          }
          List<Step> steps = new ArrayList<>();
          i = body(lines, i, steps, lineNo, params);
          programs.put(pname, steps);
        }
        default ->
            throw new ScenarioException(
                lineNo,
                "expected scenario, describe, runtime, param, set or program, not '"
                    + w.get(0)
                    + "'");
      }
    }
    for (String k : overrides.keySet()) {
      if (!params.containsKey(k)) {
        throw new ScenarioException(
            0, "no parameter named '" + k + "' in " + name + " (parameters: " + params + ")");
      }
    }
    if (!programs.containsKey("main")) {
      throw new ScenarioException(0, "a scenario needs a program named main");
    }
    return new Scenario(
        name, description, runtime, params, settings, programs, source, settingLines);
  }

  /**
   * Reads steps up to the matching end into {@code out}; returns the index after it. A {@code
   * repeat} becomes one loop step holding its body ({@code $i} left for the round to replace); a
   * loop that runs no step (a count of 0, or a body with no step) is dropped.
   */
  private static int body(
      String[] lines, int start, List<Step> out, int openLine, Map<String, String> params) {
    int i = start;
    while (i < lines.length) {
      int lineNo = i + 1;
      List<String> w = words(lines[i]);
      i++;
      if (w.isEmpty()) {
        continue;
      }
      if (w.get(0).equals("end")) {
        return i;
      }
      if (w.get(0).equals(Step.REPEAT)) {
        int n = count(substitute(need(w, 1, lineNo), params), lineNo);
        List<Step> loop = new ArrayList<>();
        i = body(lines, i, loop, lineNo, params);
        if (n > 0 && !loop.isEmpty()) {
          out.add(Step.repeat(n, loop, lineNo));
        }
        continue;
      }
      List<String> args = new ArrayList<>();
      for (String a : w.subList(1, w.size())) {
        args.add(substitute(a, params));
      }
      out.add(new Step(w.get(0), args, lineNo));
    }
    throw new ScenarioException(openLine, "no matching 'end'");
  }

  /** A repeat count: a whole number from 0 to 2^31-1. */
  private static int count(String text, int line) {
    try {
      int n = Integer.parseInt(text);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new ScenarioException(
        line, "repeat needs a count of 0 or more (at most 2147483647), got '" + text + "'");
  }

  /**
   * Replaces each {@code $i} in a word by a loop's round.
   *
   * @param word a step's word
   * @param round the round
   * @return the word with the round, or the same instance if it has no {@code $i}
   */
  static String substituteRound(String word, int round) {
    // most words have no $: the round's digits are made only for one that may name it
    return word.indexOf('$') < 0 ? word : substituteRound(word, Integer.toString(round));
  }

  /**
   * Replaces each {@code $i} in a word by a text.
   *
   * @param word a step's word
   * @param value what stands for the round
   * @return the word with it, or the same instance if it has no {@code $i}
   */
  static String substituteRound(String word, String value) {
    // a scan, not VAR's matcher: this runs for every step of a loop's every round, and it finds
    // exactly VAR's matches ($ then a name), replacing only those whose name is "i"
    int d = word.indexOf('$');
    if (d < 0) {
      return word;
    }
    StringBuilder sb = null;
    int copied = 0;
    while (d >= 0) {
      int end = d + 1;
      if (end < word.length() && nameStart(word.charAt(end))) {
        end++;
        while (end < word.length() && namePart(word.charAt(end))) {
          end++;
        }
        if (end == d + 2 && word.charAt(d + 1) == 'i') {
          if (sb == null) {
            sb = new StringBuilder(word.length() + value.length());
          }
          sb.append(word, copied, d).append(value);
          copied = end;
        }
      }
      d = word.indexOf('$', end);
    }
    if (sb == null) {
      return word;
    }
    return sb.append(word, copied, word.length()).toString();
  }

  /** A character that can start a name in {@link #VAR}: {@code [A-Za-z_]}. */
  private static boolean nameStart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }

  /** A character that can go on a name in {@link #VAR}: {@code [A-Za-z0-9_]}. */
  private static boolean namePart(char c) {
    return nameStart(c) || (c >= '0' && c <= '9');
  }

  /**
   * Replaces each {@code $NAME} whose NAME is a parameter by its value; {@code $i}, a loop's round,
   * is replaced when the step runs.
   */
  private static String substitute(String word, Map<String, String> vars) {
    Matcher m = VAR.matcher(word);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = m.group(1).equals("i") ? null : vars.get(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String need(List<String> w, int i, int line) {
    if (w.size() <= i) {
      throw new ScenarioException(line, "'" + w.get(0) + "' needs " + i + " argument(s)");
    }
    return w.get(i);
  }

  private static List<String> words(String line) {
    String l = line;
    int hash = l.indexOf('#');
    if (hash >= 0 && (hash == 0 || Character.isWhitespace(l.charAt(hash - 1)))) {
      l = l.substring(0, hash);
    }
    List<String> out = new ArrayList<>();
    for (String s : l.trim().split("\\s+")) {
      if (!s.isEmpty()) {
        out.add(s.replace("\\#", "#"));
      }
    }
    return out;
  }
}
