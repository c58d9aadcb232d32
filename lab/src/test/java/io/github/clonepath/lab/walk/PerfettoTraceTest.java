package io.github.clonepath.lab.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The timeline view on small hand-made runs; expected values worked out from the documented clock.
 */
class PerfettoTraceTest {
  private static final PerfettoTrace.Names DEFAULT =
      new PerfettoTrace.Names(tid -> null, pid -> "p" + pid);

  private static String compact(String json) {
    return json.replaceAll("\\s+", "");
  }

  @Test
  void aSyscallIsOneStepAtItsPlaceInTheLog() {
    List<TraceEvent> run =
        new Events()
            .on(7)
            .syscall(0, "gettid", "gettid() = 7", 7)
            .syscall(0, "x", "x() = 0", 0)
            .list();
    String json = compact(PerfettoTrace.format(run, DEFAULT));
    assertTrue(
        json.contains(
            "{\"name\":\"x\",\"cat\":\"syscall\",\"ph\":\"X\",\"ts\":1.000,\"dur\":1.000,"
                + "\"pid\":7,\"tid\":7,"),
        json);
    assertTrue(json.contains("\"name\":\"T1main\""), json);
    assertTrue(json.contains("\"name\":\"p7\""), json);
  }

  @Test
  void aCallSpansEverythingUnderItAndKeepsItsNotes() {
    List<TraceEvent> run =
        new Events()
            .on(7)
            .call(0, "a.c", 10, "f")
            .note(0, "changed")
            .syscall(1, "x", "x() = 0", 0)
            .syscall(0, "y", "y() = 0", 0)
            .list();
    String json = compact(PerfettoTrace.format(run, DEFAULT));
    // f opens at event 0 and its last event is event 2 (x): 0 µs for 3 steps
    assertTrue(
        json.contains("{\"name\":\"f\",\"cat\":\"call\",\"ph\":\"X\",\"ts\":0.000,\"dur\":3.000,"),
        json);
    assertTrue(json.contains("\"notes\":[\"changed\"]"), json);
  }

  @Test
  void aCloneWithClonThreadIsAThreadOfTheSameProcessWithAFlowToItsFirstSlice() {
    List<TraceEvent> run =
        new Events()
            .on(7)
            .syscall(0, "clone3", "clone3({flags=CLONE_VM|CLONE_THREAD}, 88) = 8", 8)
            .on(8)
            .syscall(0, "gettid", "gettid() = 8", 8)
            .list();
    String json = compact(PerfettoTrace.format(run, DEFAULT));
    assertTrue(json.contains("\"ph\":\"s\",\"id\":8,\"ts\":0.000,\"pid\":7,\"tid\":7"), json);
    assertTrue(
        json.contains("\"ph\":\"f\",\"id\":8,\"ts\":1.000,\"pid\":7,\"tid\":8,\"bp\":\"e\""), json);
    assertTrue(json.contains("\"name\":\"T2pthread\""), json);
  }

  @Test
  void aForkIsAProcessOfItsOwn() {
    List<TraceEvent> run =
        new Events()
            .on(7)
            .syscall(0, "clone", "clone(child_stack=NULL, flags=SIGCHLD) = 9", 9)
            .on(9)
            .syscall(0, "getpid", "getpid() = 9", 9)
            .list();
    String json = compact(PerfettoTrace.format(run, DEFAULT));
    assertTrue(json.contains("\"pid\":9,\"tid\":9,\"args\":{\"name\":\"p9\"}"), json);
    assertTrue(json.contains("\"name\":\"T2fork\""), json);
  }

  @Test
  void aCallThatOtherTasksRanDuringGetsABlockedSliceInside() {
    List<TraceEvent> run = new ArrayList<>();
    run.add(new SyscallEvent(0, 7, 0, "a", "a() = 0", 0));
    run.add(new SyscallEvent(0, 8, 0, "b", "b() = 0", 0));
    run.add(new SyscallEvent(5000, 7, 0, "futex", "futex(...) = 0", 0));
    String json = compact(PerfettoTrace.format(run, DEFAULT));
    // event 0 ends at 1 µs; the futex returns at event 2: 5000 ns + 2 steps = 7 µs, ends at 8 µs
    assertTrue(
        json.contains(
            "{\"name\":\"futex\",\"cat\":\"syscall\",\"ph\":\"X\",\"ts\":1.000,\"dur\":7.000,"),
        json);
    assertTrue(
        json.contains(
            "{\"name\":\"blockedinfutex\",\"cat\":\"blocked\",\"ph\":\"X\",\"ts\":1.000,\"dur\":6.000,"),
        json);
    assertTrue(json.contains("\"since_virtual_ns\":0,\"until_virtual_ns\":5000"), json);
  }

  @Test
  void theCallersNamesWin() {
    List<TraceEvent> run = new Events().on(7).syscall(0, "x", "x() = 0", 0).list();
    String json =
        PerfettoTrace.format(run, new PerfettoTrace.Names(tid -> "m0 (main thread)", pid -> "go"));
    assertTrue(json.contains("\"name\": \"m0 (main thread)\""), json);
    assertEquals(1, json.split("thread_name", -1).length - 1);
  }
}
