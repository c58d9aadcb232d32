package io.github.clonepath.goruntime;

import io.github.clonepath.common.SyscallEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code strace -f} capture as complete calls per thread: {@code <unfinished ...>} lines are
 * joined with their {@code <... name resumed>} halves, and the thread-creation calls (the parent's
 * three calls around clone and the child's five minit calls) are read out of it.
 */
final class StraceFile {
  /** One complete call. */
  record Call(int tid, String text) {
    String name() {
      return text.substring(0, text.indexOf('('));
    }
  }

  /**
   * One thread creation.
   *
   * @param parent the tid that called clone
   * @param child the new tid
   * @param parentCalls the call before clone, clone, the call after (by the parent)
   * @param childCalls the child's first five calls
   */
  record Creation(int parent, int child, List<String> parentCalls, List<String> childCalls) {
    /** The creation with tids and arena addresses replaced by their roles. */
    String shape() {
      List<String> all = new ArrayList<>(parentCalls);
      all.addAll(childCalls);
      return String.join("\n", all)
          .replaceAll("child_stack=0xc0[0-9a-f]+", "child_stack=G0_STACK_HI")
          .replaceAll("tls=0xc0[0-9a-f]+", "tls=M_TLS")
          .replaceAll("ss_sp=0xc0[0-9a-f]+", "ss_sp=GSIGNAL_STACK")
          .replace("= " + child, "= CHILD");
    }
  }

  private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+(.*)$");
  private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. (\\w+) resumed>\\s*(.*)$");

  final List<Call> calls = new ArrayList<>();

  static StraceFile ofResource(String name) throws IOException {
    try (InputStream in = StraceFile.class.getResourceAsStream("/reference/" + name)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static StraceFile parse(String text) {
    StraceFile f = new StraceFile();
    Map<Integer, String> pending = new HashMap<>();
    Map<Integer, Integer> slot = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      int tid = Integer.parseInt(m.group(1));
      String rest = m.group(2).trim();
      if (rest.startsWith("+++") || rest.startsWith("---")) {
        continue;
      }
      if (rest.endsWith("<unfinished ...>")) {
        pending.put(tid, rest.substring(0, rest.length() - "<unfinished ...>".length()));
        slot.put(tid, f.calls.size());
        f.calls.add(null);
        continue;
      }
      Matcher r = RESUMED.matcher(rest);
      if (r.matches()) {
        String head = pending.remove(tid);
        f.calls.set(slot.remove(tid), new Call(tid, normalize(head + r.group(2))));
        continue;
      }
      f.calls.add(new Call(tid, normalize(rest)));
    }
    f.calls.removeIf(c -> c == null);
    return f;
  }

  /** The calls the reference captures traced ({@code strace -e trace=...}). */
  static final List<String> TRACED =
      List.of(
          "clone",
          "clone3",
          "mmap",
          "munmap",
          "mprotect",
          "rt_sigprocmask",
          "sigaltstack",
          "arch_prctl",
          "gettid",
          "futex",
          "madvise");

  static StraceFile ofModel(List<SyscallEvent> events) {
    StraceFile f = new StraceFile();
    for (SyscallEvent e : events) {
      if (TRACED.contains(e.name())) {
        f.calls.add(new Call(e.tid(), normalize(e.text())));
      }
    }
    return f;
  }

  private static String normalize(String call) {
    return call.replaceAll("\\s+", " ")
        .replace(" ,", ",")
        .replace("( )", "()")
        .replace(" )", ")")
        .replaceAll(",(?! )", ", ")
        .trim();
  }

  /** Every clone with its parent's surrounding calls and its child's first five calls. */
  List<Creation> creations() {
    List<Creation> out = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      Call c = calls.get(i);
      if (!c.name().equals("clone")) {
        continue;
      }
      int child = Integer.parseInt(c.text().substring(c.text().lastIndexOf("= ") + 2).trim());
      List<String> parent = new ArrayList<>();
      parent.add(previous(i, c.tid()));
      parent.add(c.text());
      parent.add(next(i, c.tid()));
      List<String> kid = new ArrayList<>();
      for (int j = i + 1; j < calls.size() && kid.size() < 5; j++) {
        if (calls.get(j).tid() == child) {
          kid.add(calls.get(j).text());
        }
      }
      out.add(new Creation(c.tid(), child, parent, kid));
    }
    return out;
  }

  private String previous(int i, int tid) {
    for (int j = i - 1; j >= 0; j--) {
      if (calls.get(j).tid() == tid) {
        return calls.get(j).text();
      }
    }
    return "";
  }

  private String next(int i, int tid) {
    for (int j = i + 1; j < calls.size(); j++) {
      if (calls.get(j).tid() == tid) {
        return calls.get(j).text();
      }
    }
    return "";
  }
}
