package io.github.clonepath.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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

  @Test
  void aStreamingLogHandsEachEventOnAsItHappensAndKeepsNone() {
    List<String> seen = new ArrayList<>();
    log.streamTo(e -> seen.add(((SyscallEvent) e).text()));
    tracer.syscall("getpid", "getpid() = 100", 100);
    assertEquals(List.of("getpid() = 100"), seen, "handed on before the next call");
    tracer.syscall("gettid", "gettid() = 100", 100);

    assertEquals(List.of("getpid() = 100", "gettid() = 100"), seen);
    assertTrue(log.events().isEmpty(), "nothing kept");
    assertEquals(2, log.syscallCount());
  }

  @Test
  void aRingKeepsOnlyTheLastEvents() {
    log.keepLast(2);
    for (int i = 0; i < 5; i++) {
      tracer.syscall("getpid", "getpid() = " + i, i);
    }
    assertEquals(
        List.of("getpid() = 3", "getpid() = 4"),
        log.syscalls().stream().map(SyscallEvent::text).toList());
    assertEquals(5, log.count());
    assertThrows(IllegalArgumentException.class, () -> log.keepLast(0));
  }

  @Test
  void aCountingLogCountsWithoutKeepingOrBuildingEvents() {
    log.countOnly();
    tracer.syscall("getpid", "getpid() = 100", 100);
    tracer.syscall("gettid", "gettid() = 100", 100);

    assertTrue(log.events().isEmpty());
    assertEquals(2, log.syscallCount());
    assertEquals(false, tracer.syscallTextWanted());
  }

  @Test
  void callRecordingOffNeitherWalksTheStackNorFormats() {
    // This test method has no @Source: were the stack walked, enter() would refuse it.
    Frame f = tracer.enter();
    f.note(
        "%s",
        new Object() {
          @Override
          public String toString() {
            throw new AssertionError("a note was formatted with call recording off");
          }
        });
    f.close();
    assertTrue(log.events().isEmpty());
  }
}
