package io.github.clonepath.lab.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The signal deliveries of a Go trace ({@code --- SIGURG {...} ---} lines), compared between a
 * model run and a real capture. The thread comparison of {@link GoTraceComparator} drops these
 * lines (they are no calls, and how many a run takes depends on timing: a_hello's capture has four,
 * the default model schedule none); here each delivery the model prints must be one the capture
 * has, in the same place:
 *
 * <ul>
 *   <li>the receiving thread, named as {@link GoTraceComparator} names them (T1 the first task,
 *       then the children of successful clones in the order the calls completed);
 *   <li>the line, with {@code si_pid} written as the sending process's thread name (the tgid is
 *       T1);
 *   <li>the receiving thread's last call before it among the calls the captures traced ({@link
 *       GoTraceComparator#FILTER}; the kernel delivers on a return to user mode, so that is the
 *       call the signal came back from, or the last one before the interrupted user code), with
 *       addresses written {@code ADDR}.
 * </ul>
 */
public final class GoSignals {
  /**
   * One delivery.
   *
   * @param thread the receiving thread's name
   * @param line the signal line, si_pid named
   * @param after the receiving thread's last traced call before it, or "" for none
   */
  public record Delivery(String thread, String line, String after) {}

  private static final Pattern LINE =
      Pattern.compile("^(\\d{1,10})\\s+(?:\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?\\s+)?(.*)$");
  private static final Pattern SIGNAL = Pattern.compile("^--- (\\w+) \\{(.*)\\} ---$");
  private static final Pattern SI_PID = Pattern.compile("si_pid=(\\d+)");
  private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. (\\w+) resumed>(.*)$");
  private static final Pattern CLONE_RESULT = Pattern.compile("^clone3?\\(.* = (\\d+)$");
  private static final Pattern ADDR = Pattern.compile("0x[0-9a-f]{6,}");
  private static final String UNFINISHED = " <unfinished ...>";

  private GoSignals() {}

  /**
   * Reads the deliveries of an {@code strace -f} text (a capture, or a model run's strace).
   *
   * @param trace the trace, one line per call or signal, with or without {@code -tt} times
   * @return the deliveries in file order
   */
  public static List<Delivery> read(String trace) {
    Map<Integer, String> names = new HashMap<>();
    Map<Integer, String> last = new HashMap<>();
    Map<Integer, String> pending = new HashMap<>();
    List<Delivery> out = new ArrayList<>();
    for (String raw : trace.split("\n")) {
      Matcher m = LINE.matcher(raw.strip());
      if (!m.matches() || m.group(1).length() > 9) {
        continue;
      }
      int pid = Integer.parseInt(m.group(1));
      names.putIfAbsent(pid, names.isEmpty() ? "T1" : "T?" + pid);
      String text = m.group(2);
      Matcher s = SIGNAL.matcher(text);
      if (s.matches()) {
        out.add(new Delivery(names.get(pid), named(text, names), last.getOrDefault(pid, "")));
        continue;
      }
      if (text.startsWith("+++")) {
        continue;
      }
      if (text.endsWith(UNFINISHED)) {
        pending.put(pid, text.substring(0, text.length() - UNFINISHED.length()));
        continue;
      }
      Matcher r = RESUMED.matcher(text);
      if (r.matches()) {
        String head = pending.remove(pid);
        if (head == null) {
          continue;
        }
        text = head + r.group(2);
      }
      String call = text.replaceAll("\\s+=", " =");
      int paren = call.indexOf('(');
      if (paren <= 0 || !GoTraceComparator.FILTER.contains(call.substring(0, paren))) {
        continue;
      }
      Matcher c = CLONE_RESULT.matcher(call);
      if (c.matches()) {
        int child = Integer.parseInt(c.group(1));
        long clones = names.values().stream().filter(n -> !n.startsWith("T?")).count();
        names.put(child, "T" + (clones + 1));
      }
      last.put(pid, ADDR.matcher(call).replaceAll("ADDR"));
    }
    return out;
  }

  /** The line with si_pid as a thread name (a sender outside the trace stays a number). */
  private static String named(String line, Map<Integer, String> names) {
    Matcher p = SI_PID.matcher(line);
    if (!p.find()) {
      return line;
    }
    String name = names.get(Integer.parseInt(p.group(1)));
    return name == null ? line : p.replaceFirst("si_pid=" + name);
  }

  /**
   * The model's deliveries that the capture has none like: same thread, same line, after the same
   * call. An empty list means every signal line of the model run is one a real run showed there.
   *
   * @param real the capture's deliveries
   * @param model the model's
   * @return the model's deliveries without a match, in the model's order
   */
  public static List<Delivery> unmatched(List<Delivery> real, List<Delivery> model) {
    List<Delivery> out = new ArrayList<>();
    for (Delivery d : model) {
      if (!real.contains(d)) {
        out.add(d);
      }
    }
    return out;
  }
}
