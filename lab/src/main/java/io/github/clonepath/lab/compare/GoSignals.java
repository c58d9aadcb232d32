package io.github.clonepath.lab.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The signal deliveries of a Go trace ({@code --- SIGURG {...} ---} lines), compared between a
 * model run and a real capture. The thread comparison of {@link GoTraceComparator} leaves these
 * lines out (they are no calls, and how many a run takes depends on timing: a_hello's capture has
 * four, the default model schedule none); its {@link GoTraceComparator.Lines} reads them here, and
 * the verdict requires each delivery the model prints to be one the capture has, in the same place:
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

  private static final Pattern SI_PID = Pattern.compile("si_pid=(\\d+)");
  private static final Pattern CLONE_RESULT = Pattern.compile("^clone3?\\(.* = (\\d+)$");
  private static final Pattern ADDR = Pattern.compile("0x[0-9a-f]{6,}");

  private GoSignals() {}

  /**
   * Reads the deliveries of an {@code strace -f} text (a capture, or a model run's strace).
   *
   * @param trace the trace, one line per call or signal, with or without {@code -tt} times
   * @return the deliveries in file order
   */
  public static List<Delivery> read(String trace) {
    Reader r = new Reader();
    StraceParser.parse(trace).forEach(r);
    return r.deliveries();
  }

  /**
   * The deliveries of one trace, read line by line as {@link StraceParser} hands them on (calls
   * joined, signal deliveries in their place): what {@link GoTraceComparator.Lines} keeps of them.
   */
  public static final class Reader implements Consumer<TraceLine> {
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Integer, String> last = new HashMap<>();
    private final List<Delivery> out = new ArrayList<>();
    private int clones;

    /** A reader that has seen nothing. */
    public Reader() {}

    @Override
    public void accept(TraceLine l) {
      names.putIfAbsent(l.pid(), names.isEmpty() ? "T1" : "T?" + l.pid());
      if (l.name().equals(StraceParser.SIGNAL)) {
        out.add(
            new Delivery(
                names.get(l.pid()), named(l.text(), names), last.getOrDefault(l.pid(), "")));
        return;
      }
      if (!GoTraceComparator.FILTER.contains(l.name())) {
        return;
      }
      Matcher c = CLONE_RESULT.matcher(l.text());
      if (c.matches()) {
        names.put(Integer.parseInt(c.group(1)), "T" + (++clones + 1));
      }
      last.put(l.pid(), ADDR.matcher(l.text()).replaceAll("ADDR"));
    }

    /**
     * The deliveries read so far.
     *
     * @return them in trace order
     */
    public List<Delivery> deliveries() {
      return java.util.Collections.unmodifiableList(out);
    }
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
