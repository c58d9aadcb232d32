package io.github.clonepath.lab.walk;

import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer for the walkthrough's tree: objects ({@link Map}, written in the map's
 * order), arrays ({@link List}), strings, numbers and booleans, indented by two spaces per level,
 * with empty arrays and objects written as {@code []} and {@code {}}.
 */
public final class Json {
  private Json() {}

  /**
   * Writes a value.
   *
   * @param value maps, lists, strings, numbers and booleans
   * @return the JSON text, ending with a newline
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, 0);
    return out.append('\n').toString();
  }

  private static void write(StringBuilder out, Object value, int level) {
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append("  ".repeat(level + 1));
        string(out, String.valueOf(e.getKey()));
        out.append(": ");
        write(out, e.getValue(), level + 1);
        out.append(++i < map.size() ? ",\n" : "\n");
      }
      out.append("  ".repeat(level)).append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      for (int i = 0; i < list.size(); i++) {
        out.append("  ".repeat(level + 1));
        write(out, list.get(i), level + 1);
        out.append(i + 1 < list.size() ? ",\n" : "\n");
      }
      out.append("  ".repeat(level)).append(']');
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      throw new IllegalArgumentException(
          "JSON can hold maps, lists, strings, numbers and booleans, not " + value);
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (ch < 0x20) {
            out.append(String.format("\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    out.append('"');
  }
}
