package io.github.clonepath.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TracerTest {
  private final EventLog log = new EventLog();
  private final Tracer tracer = new Tracer(log, true);

  @Source(file = "kernel/fork.c", line = 2015, function = "copy_process", version = "Linux 6.2")
  private void copyProcess() {
    try (Frame f = tracer.enter()) {
      copyFiles();
      f.note("pid %d", 1235);
    }
  }

  @Source(file = "kernel/fork.c", function = "copy_files", version = "Linux 6.2")
  private void copyFiles() {
    try (Frame f = tracer.enter()) {
      f.note("copy_files: shared, count %d→%d", 2, 3);
    }
  }

  private void unannotated() {
    try (Frame f = tracer.enter()) {
      f.note("never");
    }
  }

  @Test
  void enterRecordsTheCallersSourceReferenceAndNesting() {
    tracer.setContext(1234, 5);
    copyProcess();
    List<TraceEvent> events = log.events();
    assertEquals(4, events.size());
    CallEvent outer = (CallEvent) events.get(0);
    CallEvent inner = (CallEvent) events.get(1);
    assertEquals("kernel/fork.c:2015 copy_process (Linux 6.2)", outer.source().toString());
    assertEquals("kernel/fork.c copy_files (Linux 6.2)", inner.source().toString());
    assertEquals(0, outer.depth());
    assertEquals(1, inner.depth());
    assertEquals(1234, inner.tid());
    assertEquals("copy_files: shared, count 2→3", ((NoteEvent) events.get(2)).text());
    assertEquals(0, ((NoteEvent) events.get(3)).depth());
  }

  @Source(file = "kernel/fork.c", function = "kernel_clone", version = "Linux 6.2")
  @Test
  void aFrameSaysWhetherItsNotesAreRecorded() {
    try (Frame f = tracer.enter()) {
      assertTrue(f.recording());
    }
    try (Frame f = new Tracer(new EventLog(), false).enter()) {
      assertFalse(f.recording(), "with call tracing off a note does nothing");
    }
  }

  @Test
  void depthReturnsToZeroAfterTheOutermostCallCloses() {
    copyProcess();
    copyProcess();
    assertEquals(0, ((CallEvent) log.events().get(4)).depth());
  }

  @Source(file = "kernel/fork.c", function = "kernel_clone", version = "Linux 6.2")
  @Test
  void depthIsKeptPerTask() {
    tracer.setContext(1, 0);
    try (Frame f = tracer.enter()) {
      tracer.setContext(2, 0);
      copyFiles();
      tracer.setContext(1, 0);
    }
    assertEquals(0, ((CallEvent) log.events().get(1)).depth());
  }

  @Test
  void aModeledCallWithoutSourceIsRefusedWithAMessageSayingWhatToDo() {
    IllegalStateException e = assertThrows(IllegalStateException.class, this::unannotated);
    assertTrue(e.getMessage().contains("unannotated") && e.getMessage().contains("@Source"));
  }

  @Source(file = "kernel/fork.c", function = "copy_process", version = "Linux 6.2")
  @Test
  void withCallTracingOffNothingIsRecordedAndNoStackIsWalked() {
    Tracer off = new Tracer(log, false);
    Frame a = off.enter();
    Frame b = off.enter();
    assertSame(a, b);
    a.note("x");
    assertTrue(log.events().isEmpty());
  }

  @Test
  void syscallsAreRecordedAtTheCurrentDepth() {
    tracer.setContext(7, 100);
    tracer.syscall("gettid", "gettid() = 7", 7);
    SyscallEvent s = log.syscalls().get(0);
    assertEquals(7, s.tid());
    assertEquals(100, s.time());
    assertEquals("gettid() = 7", s.text());
  }

  @Test
  void sourceRefWithoutLineOmitsIt() {
    assertEquals(
        "runtime/proc.go newm (go1.19)",
        new SourceRef("runtime/proc.go", 0, "newm", "go1.19").toString());
    assertThrows(IllegalArgumentException.class, () -> new SourceRef("f", -1, "g", "go1.19"));
  }
}
