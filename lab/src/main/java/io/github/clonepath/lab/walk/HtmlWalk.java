package io.github.clonepath.lab.walk;

import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.NoteEvent;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.glibc.pthread.StackCacheInfo;
import io.github.clonepath.glibc.pthread.ThreadStack;
import io.github.clonepath.goruntime.GoSnapshot;
import io.github.clonepath.kernel.syscall.StructInfo;
import io.github.clonepath.kernel.syscall.TaskInfo;
import io.github.clonepath.kernel.syscall.VmaInfo;
import io.github.clonepath.lab.scenario.StepStates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code walk --format html}: one self-contained page (its CSS and script inline, nothing fetched)
 * that steps through a walk. The call tree is on the left, collapsible; a cursor moves one event at
 * a time (buttons, arrow keys); beside it the step's own change (the model's note, or the system
 * call) and the whole state after it: the tasks and the five structures with their counts, the
 * process's VMAs as a strip drawn to scale with the new stacks, guards and TLS marked, glibc's
 * stack cache, and for Go the Ms ({@code allm}), the Ps and the run queues, and every G ({@code
 * allgs}) with its status. Each state is the model's own ({@link StepStates}), recorded as the
 * event was appended, never re-read from text. Every source reference links to the real file and
 * line ({@link SourceLinks}), each system call to its manual page.
 *
 * <p>The page reads {@code #step=N} (start at step N) and {@code #press=KEY*N} (press a key N times
 * once loaded) from its address, so a browser test can drive it without a driver protocol.
 */
public final class HtmlWalk {
  private HtmlWalk() {}

  /**
   * Runs a walk with each step's state recorded and writes its page, titled by the command that
   * makes it.
   *
   * @param topic what to walk
   * @param v the release and variant
   * @return the HTML document
   */
  public static String page(Topic topic, Variant v) {
    StepStates.Recorded<List<TraceEvent>> run = StepStates.record(() -> topic.run(v));
    return format(title(topic, v), run.result(), run.states());
  }

  /** The page's title: the command that made it. */
  private static String title(Topic topic, Variant v) {
    StringBuilder t =
        new StringBuilder("clonepath walk " + topic.name() + " --release '" + v.version() + "'");
    if (v.cacheHit()) {
      t.append(" --cache-hit");
    }
    if (v.cgo()) {
      t.append(" --cgo");
    }
    if (v.locked()) {
      t.append(" --locked");
    }
    v.fail().ifPresent(f -> t.append(" --fail ").append(f));
    return t.toString();
  }

  /**
   * Writes the page.
   *
   * @param title what the page walks, such as {@code walk newm (go1.13)}
   * @param events the walk's events, in order
   * @param states the state after each event
   * @return the HTML document
   */
  public static String format(
      String title, List<TraceEvent> events, Map<TraceEvent, StepStates.State> states) {
    List<Object> steps = new ArrayList<>();
    List<Object> stateList = new ArrayList<>();
    Map<String, Integer> stateIds = new HashMap<>();
    Map<Integer, List<Integer>> openCalls = new HashMap<>();
    for (TraceEvent e : events) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("tid", e.tid());
      step.put("depth", e.depth());
      List<Integer> open = openCalls.computeIfAbsent(e.tid(), t -> new ArrayList<>());
      int parent;
      if (e instanceof NoteEvent) {
        parent = e.depth() < open.size() ? open.get(e.depth()) : -1;
      } else {
        while (open.size() > e.depth()) {
          open.remove(open.size() - 1);
        }
        parent = e.depth() > 0 && e.depth() <= open.size() ? open.get(e.depth() - 1) : -1;
      }
      step.put("parent", parent);
      if (e instanceof CallEvent c) {
        step.put("kind", "call");
        step.put("text", c.source().function());
        step.put(
            "ref",
            c.source().file()
                + (c.source().line() > 0 ? ":" + c.source().line() : "")
                + " ("
                + c.source().version()
                + ")");
        String url = SourceLinks.source(c.source());
        step.put("url", url == null ? "" : url);
        open.add(steps.size());
      } else if (e instanceof NoteEvent n) {
        step.put("kind", "note");
        step.put("text", n.text());
      } else if (e instanceof SyscallEvent s) {
        step.put("kind", "syscall");
        step.put("text", s.text());
        step.put("name", s.name());
        step.put("url", SourceLinks.manPage(s.name()));
      }
      StepStates.State st = states.get(e);
      if (st != null) {
        String json = Json.write(state(st));
        Integer id = stateIds.get(json);
        if (id == null) {
          id = stateList.size();
          stateIds.put(json, id);
          stateList.add(state(st));
        }
        step.put("state", id);
      } else {
        step.put("state", -1);
      }
      steps.add(step);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("title", title);
    data.put("steps", steps);
    data.put("states", stateList);
    String json = Json.write(data).replace("</", "<\\/");
    return template().replace("@TITLE@", escape(title)).replace("@DATA@", json);
  }

  private static Map<String, Object> state(StepStates.State s) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Object> tasks = new ArrayList<>();
    for (TaskInfo t : s.tasks()) {
      Map<String, Object> tm = new LinkedHashMap<>();
      tm.put("tid", t.tid());
      tm.put("tgid", t.tgid());
      tm.put("state", t.state());
      List<Object> structs = new ArrayList<>();
      for (StructInfo si : t.structures()) {
        Map<String, Object> sm = new LinkedHashMap<>();
        sm.put("kind", si.kind().field());
        sm.put("id", si.id());
        Map<String, Object> counts = new LinkedHashMap<>(si.counts());
        sm.put("counts", counts);
        structs.add(sm);
      }
      tm.put("structures", structs);
      tasks.add(tm);
    }
    m.put("tasks", tasks);
    m.put("pid", s.pid());
    List<Object> vmas = new ArrayList<>();
    for (VmaInfo v : s.vmas()) {
      Map<String, Object> vm = new LinkedHashMap<>();
      vm.put("start", hex(v.start()));
      vm.put("end", hex(v.end()));
      vm.put("perms", v.perms());
      vm.put("stack", v.stack());
      vmas.add(vm);
    }
    m.put("vmas", vmas);
    List<Object> marks = new ArrayList<>();
    if (s.stackCache() != null) {
      StackCacheInfo c = s.stackCache();
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("actsize", c.actsize());
      cm.put("maxsize", c.maxsize());
      cm.put("cached", c.cached().stream().map(HtmlWalk::block).toList());
      cm.put("used", c.used().stream().map(HtmlWalk::block).toList());
      m.put("stackCache", cm);
      for (ThreadStack t : c.used()) {
        marks.add(mark("guard", t.block(), t.block() + t.guard()));
        marks.add(mark("stack", t.block() + t.guard(), t.stackTop()));
        marks.add(mark("TLS+TCB", t.stackTop(), t.tcb() + t.tcbSize()));
      }
    }
    if (s.go() != null) {
      GoSnapshot g = s.go();
      Map<String, Object> gm = new LinkedHashMap<>();
      List<Object> ms = new ArrayList<>();
      for (GoSnapshot.M x : g.allm()) {
        Map<String, Object> mm = new LinkedHashMap<>();
        mm.put("id", x.id());
        mm.put("addr", hex(x.addr()));
        mm.put("tid", x.tid());
        mm.put("p", x.p());
        mm.put("nextp", x.nextp());
        mm.put("spinning", x.spinning());
        mm.put("g0", hex(x.g0Lo()) + "-" + hex(x.g0Hi()));
        mm.put("gsignal", hex(x.gsignalLo()) + "-" + hex(x.gsignalHi()));
        ms.add(mm);
        if (x.g0Hi() > x.g0Lo()) {
          marks.add(mark("m" + x.id() + " g0", x.g0Lo(), x.g0Hi()));
        }
        if (x.gsignalHi() > x.gsignalLo()) {
          marks.add(mark("m" + x.id() + " gsignal", x.gsignalLo(), x.gsignalHi()));
        }
      }
      gm.put("allm", ms);
      List<Object> ps = new ArrayList<>();
      for (GoSnapshot.P p : g.ps()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("id", p.id());
        pm.put("status", p.status());
        pm.put("m", p.m());
        pm.put("runq", p.runq());
        pm.put("runnext", p.runnext());
        ps.add(pm);
      }
      gm.put("ps", ps);
      gm.put("globalRunq", g.globalRunq());
      List<Object> gs = new ArrayList<>();
      for (GoSnapshot.G x : g.allgs()) {
        Map<String, Object> gg = new LinkedHashMap<>();
        gg.put("goid", x.goid());
        gg.put("status", x.status());
        gg.put("waitReason", x.waitReason());
        gg.put("m", x.m());
        gs.add(gg);
      }
      gm.put("allgs", gs);
      m.put("go", gm);
    }
    m.put("marks", marks);
    return m;
  }

  private static Map<String, Object> block(ThreadStack t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("block", hex(t.block()));
    m.put("size", t.blockSize());
    m.put("guard", t.guard());
    return m;
  }

  private static Map<String, Object> mark(String what, long from, long to) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("what", what);
    m.put("start", hex(from));
    m.put("end", hex(to));
    return m;
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String template() {
    try (InputStream in = HtmlWalk.class.getResourceAsStream("walk-page.html")) {
      if (in == null) {
        throw new IllegalStateException("the page template walk-page.html is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
