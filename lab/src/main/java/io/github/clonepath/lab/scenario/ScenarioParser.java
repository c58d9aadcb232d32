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
 *   repeat N          (the lines up to the matching "end" N times; $i is the 0-based round)
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
    String name = fallbackName;
    String description = "";
    String runtime = "glibc";
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, String> settings = new LinkedHashMap<>();
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
    return new Scenario(name, description, runtime, params, settings, programs);
  }

  /** Reads steps up to the matching end; returns the index after it. */
  private static int body(
      String[] lines, int start, List<Step> out, int openLine, Map<String, String> vars) {
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
      if (w.get(0).equals("repeat")) {
        int n;
        try {
          n = Integer.parseInt(substitute(need(w, 1, lineNo), vars));
        } catch (NumberFormatException e) {
          throw new ScenarioException(lineNo, "repeat needs a count: " + w.get(1));
        }
        if (n < 0) {
          throw new ScenarioException(lineNo, "repeat needs a count of 0 or more, got " + n);
        }
        int after = i;
        for (int k = 0; k < n; k++) {
          Map<String, String> v = new LinkedHashMap<>(vars);
          v.put("i", Integer.toString(k));
          after = body(lines, i, out, lineNo, v);
        }
        if (n == 0) {
          after = body(lines, i, new ArrayList<>(), lineNo, vars);
        }
        i = after;
        continue;
      }
      List<String> args = new ArrayList<>();
      for (String a : w.subList(1, w.size())) {
        args.add(substitute(a, vars));
      }
      out.add(new Step(w.get(0), args, lineNo));
    }
    throw new ScenarioException(openLine, "no matching 'end'");
  }

  /** Replaces each {@code $NAME} whose NAME is a variable (a parameter or a round) by its value. */
  private static String substitute(String word, Map<String, String> vars) {
    Matcher m = VAR.matcher(word);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = vars.get(m.group(1));
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
