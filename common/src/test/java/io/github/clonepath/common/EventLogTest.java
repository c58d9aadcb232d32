package io.github.clonepath.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {
  private final EventLog log = new EventLog();
  private final Tracer tracer = new Tracer(log, false);

  @Test
  void clearDropsEveryRecordedEventAndLaterEventsAreRecordedAfresh() {
    tracer.setContext(100, 1);
    tracer.syscall("getpid", "getpid() = 100", 100);
    tracer.syscall("gettid", "gettid() = 100", 100);
    List<TraceEvent> view = log.events();
    assertEquals(2, view.size());

    log.clear();

    assertTrue(log.events().isEmpty(), "events after clear");
    assertTrue(log.syscalls().isEmpty(), "syscalls after clear");
    assertTrue(view.isEmpty(), "a view handed out before clear shows the emptied log");
    tracer.syscall("getppid", "getppid() = 1", 1);
    assertEquals(1, log.syscalls().size());
    assertEquals("getppid", log.syscalls().get(0).name());
    assertEquals(1, view.size(), "the old view grows with the log again");
  }
}
