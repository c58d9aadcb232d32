package io.github.clonepath.lab.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.NoteEvent;
import io.github.clonepath.common.SourceRef;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowTest {
  private static CallEvent call(int tid, String f) {
    return new CallEvent(0, tid, 0, new SourceRef("f.c", 0, f, "glibc 2.36"));
  }

  private static final List<TraceEvent> RUN =
      List.of(
          call(1, "start"),
          call(2, "other"), // a task that existed before the window
          call(1, "create"),
          call(2, "other"),
          call(3, "child"), // a task born inside the window
          call(1, "create"),
          call(3, "child"),
          call(1, "stop"),
          call(1, "after"));

  @Test
  void keepsTheStartingTaskAndTasksBornAfterItUpToTheEndCall() {
    assertEquals(
        List.of(RUN.get(2), RUN.get(4), RUN.get(5), RUN.get(6)),
        Window.cut(RUN, "create", 1, "stop"));
  }

  @Test
  void theNthOccurrenceOpensTheWindowAndNoEndRunsToTheLogsEnd() {
    assertEquals(List.of(RUN.get(5), RUN.get(7), RUN.get(8)), Window.cut(RUN, "create", 2, null));
  }

  @Test
  void aMissingStartIsADefectOfTheTopic() {
    assertThrows(IllegalStateException.class, () -> Window.cut(RUN, "create", 3, null));
  }

  private static CallEvent call(int tid, int depth, String f) {
    return new CallEvent(0, tid, depth, new SourceRef("f.c", 0, f, "glibc 2.36"));
  }

  /** Task 1 calls a → b (which clones task 5) → a's note, then c; task 2 and 5 run meanwhile. */
  private static final List<TraceEvent> TREE =
      List.of(
          call(1, 0, "before"),
          call(1, 1, "a"),
          call(2, 0, "other"),
          call(1, 2, "b"),
          new SyscallEvent(0, 1, 3, "clone", "clone(...) = 5", 5),
          call(5, 0, "child"),
          new NoteEvent(0, 1, 1, "a's note"),
          call(5, 0, "end"),
          call(5, 0, "later"),
          call(1, 1, "c"));

  @Test
  void aSubtreeIsTheCallWithItsCalleesNotesAndClonedThreadsRebasedToDepthZero() {
    List<TraceEvent> w = Window.subtree(TREE, "a", 1, "end");
    assertEquals(
        List.of(
            call(1, 0, "a"),
            call(1, 1, "b"),
            new SyscallEvent(0, 1, 2, "clone", "clone(...) = 5", 5),
            call(5, 0, "child"),
            new NoteEvent(0, 1, 0, "a's note")),
        w);
  }

  @Test
  void theCallThatNotedATextIsFoundAndCallsBeforeItCounted() {
    assertEquals(1, Window.firstCallNoting(TREE, "a", "a's note"));
    assertEquals(1, Window.callsBefore(TREE, "b", 5));
    assertThrows(IllegalStateException.class, () -> Window.firstCallNoting(TREE, "b", "a's"));
  }
}
