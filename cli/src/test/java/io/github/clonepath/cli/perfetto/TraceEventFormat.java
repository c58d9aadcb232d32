package io.github.clonepath.cli.perfetto;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a document against the Chrome trace-event format (the "Trace Event Format" document that
 * chrome://tracing and ui.perfetto.dev read), for the phases clonepath writes: complete events
 * ({@code X}), metadata ({@code M}) and flow start/finish ({@code s}/{@code f}). Returns the
 * problems found, none for a valid trace. Includes its own small JSON reader so a malformed
 * document is caught too.
 */
final class TraceEventFormat {
  private static final Set<String> METADATA =
      Set.of("process_name", "thread_name", "process_sort_index", "thread_sort_index");

  private TraceEventFormat() {}

  /** The parsed {@code traceEvents} array; throws on malformed JSON. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> events(String json) {
    Object doc = new Reader(json).document();
    if (!(doc instanceof Map<?, ?> m) || !(m.get("traceEvents") instanceof List<?> list)) {
      throw new IllegalArgumentException("not a JSON object with a traceEvents array");
    }
    return (List<Map<String, Object>>) list;
  }

  static List<String> problems(String json) {
    List<String> problems = new ArrayList<>();
    List<Map<String, Object>> events;
    try {
      events = events(json);
    } catch (IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
    Map<String, List<BigDecimal[]>> slices = new LinkedHashMap<>();
    Map<Object, Object> pidOfTid = new HashMap<>();
    Set<String> namedThreads = new HashSet<>();
    Set<Object> namedProcesses = new HashSet<>();
    Map<Object, Map<String, Object>> flowStarts = new HashMap<>();
    Map<Object, Map<String, Object>> flowEnds = new HashMap<>();
    for (Map<String, Object> e : events) {
      Object ph = e.get("ph");
      if (!(e.get("name") instanceof String)) {
        problems.add("event without a string name: " + e);
      }
      if (!(e.get("pid") instanceof BigDecimal) || !(e.get("tid") instanceof BigDecimal)) {
        problems.add("event without numeric pid and tid: " + e);
        continue;
      }
      Object prior = pidOfTid.putIfAbsent(e.get("tid"), e.get("pid"));
      if (prior != null && !prior.equals(e.get("pid"))) {
        problems.add("tid " + e.get("tid") + " in two processes");
      }
      String track = e.get("pid") + "/" + e.get("tid");
      if ("X".equals(ph)) {
        if (!(e.get("ts") instanceof BigDecimal ts) || !(e.get("dur") instanceof BigDecimal dur)) {
          problems.add("complete event without numeric ts and dur: " + e);
          continue;
        }
        if (ts.signum() < 0 || dur.signum() < 0) {
          problems.add("negative ts or dur: " + e);
        }
        slices
            .computeIfAbsent(track, t -> new ArrayList<>())
            .add(new BigDecimal[] {ts, ts.add(dur)});
      } else if ("M".equals(ph)) {
        if (!METADATA.contains(e.get("name"))) {
          problems.add("unknown metadata event: " + e.get("name"));
        } else if (!(e.get("args") instanceof Map<?, ?>)) {
          problems.add("metadata without args: " + e);
        } else if (e.get("name").equals("thread_name")) {
          namedThreads.add(track);
        } else if (e.get("name").equals("process_name")) {
          namedProcesses.add(e.get("pid"));
        }
      } else if ("s".equals(ph) || "f".equals(ph)) {
        if (e.get("id") == null
            || !(e.get("ts") instanceof BigDecimal)
            || !(e.get("cat") instanceof String)) {
          problems.add("flow event without id, ts and cat: " + e);
          continue;
        }
        Map<Object, Map<String, Object>> side = "s".equals(ph) ? flowStarts : flowEnds;
        if (side.put(e.get("cat") + "#" + e.get("id"), e) != null) {
          problems.add("two flow " + ph + " events with id " + e.get("id"));
        }
      } else {
        problems.add("a phase clonepath does not write: " + ph);
      }
    }
    slices.forEach((track, list) -> problems.addAll(nesting(track, list)));
    for (String track : slices.keySet()) {
      if (!namedThreads.contains(track)) {
        problems.add("track " + track + " has no thread_name");
      }
    }
    for (Object pid : new HashSet<>(pidOfTid.values())) {
      if (!namedProcesses.contains(pid)) {
        problems.add("process " + pid + " has no process_name");
      }
    }
    flowStarts.forEach(
        (id, s) -> {
          Map<String, Object> f = flowEnds.get(id);
          if (f == null) {
            problems.add("flow " + id + " never finishes");
            return;
          }
          if (((BigDecimal) f.get("ts")).compareTo((BigDecimal) s.get("ts")) < 0) {
            problems.add("flow " + id + " finishes before it starts");
          }
          for (Map<String, Object> end : List.of(s, f)) {
            if (!enclosed(
                slices.get(end.get("pid") + "/" + end.get("tid")), (BigDecimal) end.get("ts"))) {
              problems.add("flow " + id + " " + end.get("ph") + " is inside no slice of its track");
            }
          }
        });
    flowEnds.keySet().stream()
        .filter(id -> !flowStarts.containsKey(id))
        .forEach(id -> problems.add("flow " + id + " finishes without a start"));
    return problems;
  }

  /** Slices on one track must nest: each one inside, or after, the ones open at its start. */
  private static List<String> nesting(String track, List<BigDecimal[]> list) {
    List<BigDecimal[]> sorted = new ArrayList<>(list);
    sorted.sort((a, b) -> a[0].compareTo(b[0]) != 0 ? a[0].compareTo(b[0]) : b[1].compareTo(a[1]));
    List<BigDecimal[]> open = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (BigDecimal[] s : sorted) {
      while (!open.isEmpty() && open.get(open.size() - 1)[1].compareTo(s[0]) <= 0) {
        open.remove(open.size() - 1);
      }
      if (!open.isEmpty() && s[1].compareTo(open.get(open.size() - 1)[1]) > 0) {
        problems.add(
            "track "
                + track
                + ": slice ["
                + s[0]
                + ", "
                + s[1]
                + ") overlaps its parent's end "
                + open.get(open.size() - 1)[1]);
      }
      open.add(s);
    }
    return problems;
  }

  private static boolean enclosed(List<BigDecimal[]> slices, BigDecimal ts) {
    if (slices == null) {
      return false;
    }
    return slices.stream().anyMatch(s -> s[0].compareTo(ts) <= 0 && ts.compareTo(s[1]) < 0);
  }

  /** Reads JSON values: objects, arrays, strings, numbers (as BigDecimal), true, false, null. */
  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    Object document() {
      Object v = value();
      space();
      if (i != s.length()) {
        throw error("text after the document");
      }
      return v;
    }

    private Object value() {
      space();
      if (i >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(i);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        case 't':
          return literal("true", Boolean.TRUE);
        case 'f':
          return literal("false", Boolean.FALSE);
        case 'n':
          return literal("null", null);
        default:
          return number();
      }
    }

    private Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      i++;
      space();
      if (peek() == '}') {
        i++;
        return m;
      }
      while (true) {
        space();
        String key = string();
        space();
        expect(':');
        m.put(key, value());
        space();
        if (peek() == ',') {
          i++;
        } else {
          expect('}');
          return m;
        }
      }
    }

    private List<Object> array() {
      List<Object> l = new ArrayList<>();
      i++;
      space();
      if (peek() == ']') {
        i++;
        return l;
      }
      while (true) {
        l.add(value());
        space();
        if (peek() == ',') {
          i++;
        } else {
          expect(']');
          return l;
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c < 0x20) {
          throw error("control character in a string");
        }
        if (c == '\\') {
          char e = s.charAt(i++);
          switch (e) {
            case '"', '\\', '/' -> b.append(e);
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case 'r' -> b.append('\r');
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'u' -> {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> throw error("bad escape \\" + e);
          }
        } else {
          b.append(c);
        }
      }
    }

    private BigDecimal number() {
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      String t = s.substring(start, i);
      if (!t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
        throw error("bad number '" + t + "'");
      }
      return new BigDecimal(t);
    }

    private Object literal(String word, Object v) {
      if (!s.startsWith(word, i)) {
        throw error("bad literal");
      }
      i += word.length();
      return v;
    }

    private void space() {
      while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }

    private char peek() {
      return i < s.length() ? s.charAt(i) : 0;
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      i++;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("malformed JSON at offset " + i + ": " + what);
    }
  }
}
