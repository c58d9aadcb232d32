package io.github.clonepath.cli.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.SourceRef;
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
}
