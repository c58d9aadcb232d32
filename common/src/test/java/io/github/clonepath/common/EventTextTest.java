package io.github.clonepath.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events keep what happened and make their text only when, and the first time, it is read. */
class EventTextTest {
  private final EventLog log = new EventLog();
  private final Tracer tracer = new Tracer(log, true);
  private int printed;

  private final SyscallEvent.Printer close =
      e -> {
        printed++;
        return "close(" + e.arg(0) + ") = " + (e.returned() ? Long.toString(e.result()) : "?");
      };

  @Test
  void aSystemCallIsPrintedOnlyWhenItsTextIsReadAndOnlyOnce() {
    tracer.setContext(7, 0);
    tracer.syscall("close", new long[] {3}, 0, true, null, close);
    SyscallEvent e = log.syscalls().get(0);
    assertEquals(0, printed, "recording prints nothing");
    assertEquals(3, e.arg(0));
    assertEquals("close(3) = 0", e.text());
    assertEquals("close(3) = 0", e.text());
    assertEquals(1, printed, "the text is made once");
  }

  @Test
  void aCountOnlyLogNeverPrintsNorKeeps() {
    log.countOnly();
    tracer.syscall("close", new long[] {3}, 0, true, null, close);
    assertEquals(0, printed);
    assertEquals(1, log.syscallCount());
    assertTrue(log.events().isEmpty());
  }

  @Test
  void aStreamedEventIsPrintedByTheSinkThatReadsIt() {
    List<SyscallEvent> seen = new ArrayList<>();
    log.streamTo(e -> seen.add((SyscallEvent) e));
    tracer.syscall("close", new long[] {4}, -9, false, null, close);
    assertEquals(0, printed, "a sink that does not read the text does not pay for it");
    assertFalse(seen.get(0).returned());
    assertEquals("close(4) = ?", seen.get(0).text());
  }

  @Source(file = "kernel/fork.c", function = "copy_files", version = "Linux 6.2")
  private void copyFiles(int[] count) {
    try (Frame f = tracer.enter()) {
      count[0]++;
      f.note("copy_files: shared, count %d→%d", count[0] - 1, count[0]);
    }
  }

  @Test
  void aNoteKeepsItsPatternAndValuesUntilRead() {
    tracer.setContext(7, 0);
    int[] count = {1};
    copyFiles(count);
    count[0] = 9;
    NoteEvent n = (NoteEvent) log.events().get(1);
    assertEquals("copy_files: shared, count 1→2", n.text());
  }

  /** A model object whose text changes: a note must show it as it was when the note was made. */
  private static final class Counter {
    int value;

    @Override
    public String toString() {
      return "counter " + value;
    }
  }

  @Test
  void aNoteOfAChangingObjectShowsItAsItWasWhenMade() {
    Counter c = new Counter();
    c.value = 1;
    NoteEvent n = new NoteEvent(0, 7, 0, "saw %s", c);
    c.value = 2;
    assertEquals("saw counter 1", n.text());
  }

  @Test
  void eventsMadeWithTheirTextEqualEventsPrintedOnDemand() {
    SyscallEvent made = new SyscallEvent(5, 7, 0, "close", "close(3) = 0", 0);
    SyscallEvent printedLater =
        new SyscallEvent(5, 7, 0, "close", new long[] {3}, 0, true, null, close);
    assertEquals(made, printedLater);
    assertEquals(made.hashCode(), printedLater.hashCode());
  }
}
