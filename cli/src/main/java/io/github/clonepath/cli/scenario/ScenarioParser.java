package io.github.clonepath.cli.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the scenario text format: line-based, {@code #} comments, words split on blanks.
 *
 * <pre>
 * scenario NAME
 * describe ONE LINE OF TEXT
 * set KEY VALUE
 * program NAME
 *   VERB ARG...
 *   repeat N          (the lines up to the matching "end" N times; $i is the 0-based round)
 *     VERB ARG...
 *   end
 * end
 * </pre>
 *
 * The parser knows no verbs: any word starting a line inside a program is a step, so the same
 * format serves the glibc thread programs and, later, goroutine programs.
 */
public final class ScenarioParser {
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
    String name = fallbackName;
    String description = "";
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
        case "set" -> {
          need(w, 2, lineNo);
          settings.put(w.get(1), String.join(" ", w.subList(2, w.size())));
        }
        case "program" -> {
          String pname = need(w, 1, lineNo);
          if (programs.containsKey(pname)) {
            throw new ScenarioException(lineNo, "program '" + pname + "' is defined twice");
          }
          List<Step> steps = new ArrayList<>();
          i = body(lines, i, steps, lineNo, Map.of());
          programs.put(pname, steps);
        }
        default ->
            throw new ScenarioException(
                lineNo, "expected scenario, describe, set or program, not '" + w.get(0) + "'");
      }
    }
    if (!programs.containsKey("main")) {
      throw new ScenarioException(0, "a scenario needs a program named main");
    }
    return new Scenario(name, description, settings, programs);
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
          n = Integer.parseInt(need(w, 1, lineNo));
        } catch (NumberFormatException e) {
          throw new ScenarioException(lineNo, "repeat needs a count: " + w.get(1));
        }
        int after = i;
        for (int k = 0; k < n; k++) {
          Map<String, String> v = new LinkedHashMap<>(vars);
          v.put("$i", Integer.toString(k));
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
        String s = a;
        for (Map.Entry<String, String> e : vars.entrySet()) {
          s = s.replace(e.getKey(), e.getValue());
        }
        args.add(s);
      }
      out.add(new Step(w.get(0), args, lineNo));
    }
    throw new ScenarioException(openLine, "no matching 'end'");
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
        out.add(s);
      }
    }
    return out;
  }
}
