package io.github.clonepath.cli.perfetto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code run --format perfetto}: valid trace-event JSON, a named track per task, a flow per clone.
 */
class RunPerfettoTest {

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertTrue(status == 0 || status == 2 && !err.toString().isBlank(), err.toString());
    return out.toString();
  }

  private static Set<String> names(List<Map<String, Object>> events, String metadata) {
    return events.stream()
        .filter(e -> metadata.equals(e.get("name")))
        .map(e -> (String) ((Map<?, ?>) e.get("args")).get("name"))
        .collect(Collectors.toSet());
  }

  private static long count(List<Map<String, Object>> events, String ph, String cat) {
    return events.stream().filter(e -> ph.equals(e.get("ph")) && cat.equals(e.get("cat"))).count();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "go/a_hello",
        "go/b_syscalls",
        "go/c_lockosthread",
        "glibc/s1_seq",
        "glibc/s2_concurrent",
        "glibc/s7_cache",
        "glibc/s9_fork"
      })
  void everyScenarioGivesValidTraceEvents(String scenario) {
    String json = run("run", scenario, "--format", "perfetto");
    assertEquals(List.of(), TraceEventFormat.problems(json));
    List<Map<String, Object>> events = TraceEventFormat.events(json);
    long clones =
        run("run", scenario)
            .lines()
            .filter(l -> l.matches("\\d+ +(clone|clone3|fork|vfork)\\(.*= [1-9]\\d*"))
            .count();
    assertEquals(clones, count(events, "s", "clone"), "one flow per successful clone");
    assertEquals(clones, count(events, "f", "clone"));
    long tids = run("run", scenario).lines().map(l -> l.split(" +")[0]).distinct().count();
    assertEquals(tids, names(events, "thread_name").size(), "one named track per task");
  }

  @Test
  void goThreadsAreNamedByTheirMAndHowTheyWereMade() {
    List<Map<String, Object>> events =
        TraceEventFormat.events(run("run", "go/a_hello", "--format", "perfetto"));
    // a real Go program's first clone is sysmon's thread, made from main before any goroutine
    assertTrue(
        names(events, "thread_name").contains("m0 (main thread)"),
        names(events, "thread_name").toString());
    assertTrue(
        names(events, "thread_name").contains("m1 (sysmon)"),
        names(events, "thread_name").toString());
    assertEquals(Set.of("go/a_hello"), names(events, "process_name"));
  }

  @Test
  void aForkIsASecondProcess() {
    List<Map<String, Object>> events =
        TraceEventFormat.events(run("run", "glibc/s9_fork", "--format", "perfetto"));
    long processes = events.stream().filter(e -> "process_name".equals(e.get("name"))).count();
    // the parent, its plain fork, its fork while a second thread runs, posix_spawn's vfork child;
    // the threads made with CLONE_THREAD (one in the parent, one in the second child) add none
    assertEquals(4, processes);
  }

  @Test
  void recordedCallsNestAroundTheSystemCalls() {
    String json = run("run", "go/a_hello", "--format", "perfetto", "--calls");
    assertEquals(List.of(), TraceEventFormat.problems(json));
    List<Map<String, Object>> events = TraceEventFormat.events(json);
    assertTrue(
        events.stream().anyMatch(e -> "call".equals(e.get("cat")) && "newm".equals(e.get("name"))));
    assertTrue(count(events, "X", "call") > 0);
  }

  @Test
  void futexWaitsAreBlockedSlices() {
    List<Map<String, Object>> events =
        TraceEventFormat.events(run("run", "glibc/s1_seq", "--format", "perfetto"));
    // the main thread's pthread_join waits on the child's tid in futex until the child exits
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    "blocked in futex".equals(e.get("name"))
                        && ((BigDecimal) e.get("dur")).signum() > 0),
        "a blocked futex slice");
  }

  // ---------------------------------------------------------------- the checker can fail

  private static final String GOOD =
      """
      {"traceEvents": [
        {"name": "process_name", "ph": "M", "pid": 1, "tid": 1, "args": {"name": "p"}},
        {"name": "thread_name", "ph": "M", "pid": 1, "tid": 1, "args": {"name": "T1"}},
        {"name": "thread_name", "ph": "M", "pid": 1, "tid": 2, "args": {"name": "T2"}},
        {"name": "f", "cat": "call", "ph": "X", "ts": 0, "dur": 3, "pid": 1, "tid": 1},
        {"name": "clone", "cat": "syscall", "ph": "X", "ts": 1, "dur": 1, "pid": 1, "tid": 1},
        {"name": "clone", "cat": "clone", "ph": "s", "id": 2, "ts": 1, "pid": 1, "tid": 1},
        {"name": "gettid", "cat": "syscall", "ph": "X", "ts": 4, "dur": 1, "pid": 1, "tid": 2},
        {"name": "clone", "cat": "clone", "ph": "f", "id": 2, "ts": 4, "pid": 1, "tid": 2, "bp": "e"}
      ]}
      """;

  @Test
  void theCheckerAcceptsAHandWrittenValidTrace() {
    assertEquals(List.of(), TraceEventFormat.problems(GOOD));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"dur\": 3, \"pid\": 1, \"tid\": 1}|\"dur\": 1.5, \"pid\": 1, \"tid\": 1}",
        "\"args\": {\"name\": \"T2\"}|\"args\": {}}, {\"name\": \"x\", \"ph\": \"M\", \"pid\": 1, \"tid\": 9, \"args\": {\"name\": \"T9\"}",
        "\"ph\": \"f\", \"id\": 2|\"ph\": \"f\", \"id\": 3",
        "\"ts\": 4, \"pid\": 1, \"tid\": 2, \"bp\"|\"ts\": 9, \"pid\": 1, \"tid\": 2, \"bp\"",
        "]}|]",
        "\"ph\": \"X\", \"ts\": 4|\"ph\": \"B\", \"ts\": 4",
        "\"pid\": 1, \"tid\": 2, \"args\"|\"pid\": 5, \"tid\": 2, \"args\""
      })
  void theCheckerCatchesEachBrokenRule(String edit) {
    String[] parts = edit.split("\\|", 2);
    assertTrue(GOOD.contains(parts[0]), parts[0]);
    String broken =
        GOOD.replaceFirst(
            java.util.regex.Pattern.quote(parts[0]),
            java.util.regex.Matcher.quoteReplacement(parts[1]));
    assertFalse(TraceEventFormat.problems(broken).isEmpty(), broken);
  }
}
