package io.github.clonepath.lab.walk;

import io.github.clonepath.common.SourceRef;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The walkthrough as JSON for tools: the {@link CallTree}, one entry per task.
 *
 * <pre>{@code
 * {"tasks": [{"tid": 1235,
 *             "calls": [{"function": "newm",
 *                        "source": {"file": "runtime/proc.go", "line": 2385,
 *                                   "function": "newm", "version": "go1.21.0"},
 *                        "notes": ["..."],
 *                        "syscalls": [{"name": "clone", "text": "clone(...) = 1236", "result": 1236}],
 *                        "children": [...]}],
 *             "syscalls": [...], "notes": [...]}]}
 * }</pre>
 *
 * A call's {@code syscalls} are those it made directly; a task's are those made outside any modeled
 * call. Keys come in the order shown; the text is indented by two spaces per level.
 */
public final class JsonWalk {
  private JsonWalk() {}

  /**
   * Prints a run.
   *
   * @param events the run's events, in order
   * @return a JSON document ending with a newline
   */
  public static String format(List<? extends TraceEvent> events) {
    List<Object> tasks =
        CallTree.of(events).tasks().stream().map(JsonWalk::task).map(Object.class::cast).toList();
    return Json.write(Map.of("tasks", tasks));
  }

  private static Map<String, Object> task(CallTree.TaskCalls t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tid", t.tid());
    m.put("calls", t.calls().stream().map(JsonWalk::call).toList());
    m.put("syscalls", t.syscalls().stream().map(JsonWalk::syscall).toList());
    m.put("notes", t.notes());
    return m;
  }

  private static Map<String, Object> call(CallTree.CallNode n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("function", n.source().function());
    m.put("source", source(n.source()));
    m.put("notes", n.notes());
    m.put("syscalls", n.syscalls().stream().map(JsonWalk::syscall).toList());
    m.put("children", n.children().stream().map(JsonWalk::call).toList());
    return m;
  }

  private static Map<String, Object> source(SourceRef r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", r.file());
    m.put("line", r.line());
    m.put("function", r.function());
    m.put("version", r.version());
    return m;
  }

  private static Map<String, Object> syscall(SyscallEvent s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("text", s.text());
    m.put("result", s.result());
    return m;
  }
}
