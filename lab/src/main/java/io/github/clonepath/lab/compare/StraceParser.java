package io.github.clonepath.lab.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code strace -f} output (with or without {@code -tt} times): each line is a pid, an
 * optional time and a call. A call split by another thread ({@code <unfinished ...>} then {@code
 * <... NAME resumed>}) is joined back into one line. Signal ({@code ---}) and exit ({@code +++})
 * lines are not calls and are dropped.
 */
public final class StraceParser {
  private static final Pattern LINE =
      Pattern.compile("^(\\d{1,10})\\s+(?:\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?\\s+)?(.*)$");
  private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. (\\w+) resumed>(.*)$");
  private static final String UNFINISHED = " <unfinished ...>";

  private StraceParser() {}

  /**
   * Parses a whole trace.
   *
   * @param text the file's contents
   * @return the calls in file order (a resumed call at the place it completed)
   */
  public static List<TraceLine> parse(String text) {
    List<TraceLine> out = new ArrayList<>();
    Map<Integer, String> pending = new HashMap<>();
    for (String raw : text.split("\n")) {
      Matcher m = LINE.matcher(raw.strip());
      if (!m.matches()) {
        continue;
      }
      long number = Long.parseLong(m.group(1));
      if (number > Integer.MAX_VALUE) {
        // no pid_t holds it: not a line strace wrote
        continue;
      }
      int pid = (int) number;
      String call = m.group(2);
      if (call.startsWith("+++") || call.startsWith("---")) {
        continue;
      }
      if (call.endsWith(UNFINISHED)) {
        pending.put(pid, call.substring(0, call.length() - UNFINISHED.length()));
        continue;
      }
      Matcher r = RESUMED.matcher(call);
      if (r.matches()) {
        String head = pending.remove(pid);
        if (head == null) {
          continue;
        }
        call = head + r.group(2);
      }
      int paren = call.indexOf('(');
      if (paren <= 0) {
        continue;
      }
      out.add(new TraceLine(pid, call.substring(0, paren), call.replaceAll("\\s+=", " =")));
    }
    return out;
  }
}
