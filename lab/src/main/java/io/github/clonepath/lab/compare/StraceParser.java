package io.github.clonepath.lab.compare;

import io.github.clonepath.common.SyscallEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code strace -f} output (with or without {@code -tt} times): each line is a pid, an
 * optional time and a call. A call split by another thread ({@code <unfinished ...>} then {@code
 * <... NAME resumed>}) is joined back into one line. A signal delivery ({@code --- SIGURG {...}
 * ---}) is handed on in its place as a line named {@link #SIGNAL}, which no comparator's filter
 * keeps as a call ({@link GoSignals} reads them); exit lines ({@code +++}) are dropped.
 */
public final class StraceParser {
  /** The name of a signal delivery's line, as strace starts it. */
  public static final String SIGNAL = "---";

  private static final Pattern LINE =
      Pattern.compile("^(\\d{1,10})\\s+(?:\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?\\s+)?(.*)$");
  private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. (\\w+) resumed>(.*)$");
  private static final String UNFINISHED = " <unfinished ...>";

  private StraceParser() {}

  /**
   * Parses a whole trace.
   *
   * @param text the file's contents
   * @return the calls and signal deliveries in file order (a resumed call at the place it
   *     completed)
   */
  public static List<TraceLine> parse(String text) {
    List<TraceLine> out = new ArrayList<>();
    Reader r = new Reader(out::add);
    for (String raw : text.split("\n")) {
      r.line(raw);
    }
    return out;
  }

  /**
   * Reads a trace line by line, handing each call on as it is complete: only the heads of calls
   * another thread split are kept until they resume.
   *
   * @param in the trace
   * @param into receives the calls and signal deliveries in file order (a resumed call at the place
   *     it completed)
   * @return how many calls were handed on (signal deliveries not counted)
   * @throws IOException if the trace cannot be read
   */
  public static long parse(BufferedReader in, Consumer<? super TraceLine> into) throws IOException {
    Reader r = new Reader(into);
    for (String raw = in.readLine(); raw != null; raw = in.readLine()) {
      r.line(raw);
    }
    return r.calls;
  }

  /**
   * Whether parsed lines hold no call at all (nothing, or signal deliveries only): a text that is
   * no trace.
   *
   * @param lines what {@link #parse} handed on
   * @return true when none of them is a call
   */
  public static boolean noCalls(List<TraceLine> lines) {
    return lines.stream().allMatch(l -> l.name().equals(SIGNAL));
  }

  /**
   * A model call as this parser reads the line {@link io.github.clonepath.kernel.syscall.Strace}
   * prints for it, without printing and reading it back.
   *
   * @param e the model's call
   * @return the call, or null for a text the parser would drop
   */
  public static TraceLine line(SyscallEvent e) {
    String text = e.text().strip();
    return e.name().equals(SIGNAL) ? signal(e.tid(), text) : call(e.tid(), text);
  }

  /** The parser's state between lines: the heads of unfinished calls, by pid. */
  private static final class Reader {
    private final Consumer<? super TraceLine> into;
    private final Map<Integer, String> pending = new HashMap<>();
    private long calls;

    Reader(Consumer<? super TraceLine> into) {
      this.into = into;
    }

    void line(String raw) {
      Matcher m = LINE.matcher(raw.strip());
      if (!m.matches()) {
        return;
      }
      long number = Long.parseLong(m.group(1));
      if (number > Integer.MAX_VALUE) {
        // no pid_t holds it: not a line strace wrote
        return;
      }
      int pid = (int) number;
      String call = m.group(2);
      if (call.endsWith(UNFINISHED)) {
        if (!call.startsWith("+++") && !call.startsWith("---")) {
          pending.put(pid, call.substring(0, call.length() - UNFINISHED.length()));
        }
        return;
      }
      Matcher r = RESUMED.matcher(call);
      if (r.matches()) {
        String head = pending.remove(pid);
        if (head == null) {
          return;
        }
        call = head + r.group(2);
      }
      TraceLine s = signal(pid, call);
      if (s != null) {
        into.accept(s);
        return;
      }
      TraceLine l = call(pid, call);
      if (l != null) {
        calls++;
        into.accept(l);
      }
    }
  }

  /** A signal delivery's line ({@code --- NAME {...} ---}), or null for any other text. */
  private static TraceLine signal(int pid, String text) {
    return text.startsWith(SIGNAL + " ") && text.endsWith(" " + SIGNAL)
        ? new TraceLine(pid, SIGNAL, text)
        : null;
  }

  private static TraceLine call(int pid, String call) {
    if (call.startsWith("+++") || call.startsWith("---")) {
      return null;
    }
    int paren = call.indexOf('(');
    if (paren <= 0) {
      return null;
    }
    return new TraceLine(pid, call.substring(0, paren), call.replaceAll("\\s+=", " ="));
  }
}
