package io.github.clonepath.common;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ordered events of one machine, handed to the sink its caller chose: kept in memory (the
 * default: tests, comparators, small runs), streamed to a consumer as they happen and then
 * forgotten (the command line's output), only the last N kept (a bounded ring), or only counted.
 * One per machine, never shared. The models never read it back: it exists for output only, so a
 * sink that keeps nothing keeps the run's memory flat in the number of events.
 *
 * <p>Whatever the sink, {@link #count()} and {@link #syscallCount()} are kept, in O(1) per event.
 */
public final class EventLog {
  /** What happens to an event after it is counted. */
  private enum Mode {
    COLLECT,
    STREAM,
    RING,
    COUNT
  }

  private final List<Consumer<? super TraceEvent>> observers = new ArrayList<>();

  private final List<TraceEvent> events = new ArrayList<>();
  private final ArrayDeque<TraceEvent> ring = new ArrayDeque<>();
  private Mode mode = Mode.COLLECT;
  private Consumer<? super TraceEvent> consumer;
  private int ringSize;
  private long count;
  private long syscallCount;

  /** An empty log that keeps every event. */
  public EventLog() {}

  /**
   * Hands every later event to {@code sink} as it happens and keeps none: {@link #events()} stays
   * empty. The consumer runs inside the machine's step, so it should only format and write.
   *
   * @param sink receives each event once, in order
   */
  public void streamTo(Consumer<? super TraceEvent> sink) {
    events.clear();
    ring.clear();
    consumer = sink;
    mode = Mode.STREAM;
  }

  /**
   * Keeps only the last {@code n} events from now on; older ones are dropped as new ones come.
   *
   * @param n how many to keep, at least 1
   */
  public void keepLast(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a ring keeps at least one event: " + n);
    }
    events.clear();
    ring.clear();
    ringSize = n;
    mode = Mode.RING;
  }

  /** Counts later events and keeps none. */
  public void countOnly() {
    events.clear();
    ring.clear();
    mode = Mode.COUNT;
  }

  /**
   * Whether an event handed to this log is kept or streamed, so that building it is worth it. A
   * counting log only needs {@link #countSyscall()} and {@link #countEvent()}.
   *
   * @return false for a count-only log
   */
  public boolean wantsEvents() {
    return mode != Mode.COUNT;
  }

  /**
   * Appends one event.
   *
   * @param event what happened
   */
  public void append(TraceEvent event) {
    count++;
    if (event instanceof SyscallEvent) {
      syscallCount++;
    }
    switch (mode) {
      case COLLECT -> events.add(event);
      case STREAM -> consumer.accept(event);
      case RING -> {
        if (ring.size() == ringSize) {
          ring.removeFirst();
        }
        ring.addLast(event);
      }
      case COUNT -> {}
    }
    for (Consumer<? super TraceEvent> o : observers) {
      o.accept(event);
    }
  }

  /**
   * Calls {@code observer} with every event appended from now on, right after it is appended and
   * before the machine goes on, whatever the sink: a view that shows the model's state at each step
   * (the step-through page) reads that state here, while it is still the state of that step.
   *
   * @param observer called once per appended event, in order
   */
  public void observe(Consumer<? super TraceEvent> observer) {
    observers.add(observer);
  }

  /** Counts a system call that a count-only log is not handed as an event. */
  public void countSyscall() {
    count++;
    syscallCount++;
  }

  /** Counts a modeled call or note that a count-only log is not handed as an event. */
  public void countEvent() {
    count++;
  }

  /**
   * How many events the machine made since the log was made or last {@link #clear() cleared}, kept
   * or not.
   *
   * @return the number of events
   */
  public long count() {
    return count;
  }

  /**
   * How many of those events were system calls.
   *
   * @return the number of system calls
   */
  public long syscallCount() {
    return syscallCount;
  }

  /**
   * Drops every kept event and zeroes the counts; the sink stays. For runs that would otherwise
   * keep every event ever made — between benchmark iterations, or in a long run whose early trace
   * is no longer wanted. The machine keeps no position in the log, so nothing else changes: {@link
   * #events()} views already handed out show the log empty, then growing again.
   */
  public void clear() {
    events.clear();
    ring.clear();
    count = 0;
    syscallCount = 0;
  }

  /**
   * The kept events, in order: all of them when collecting, the last N of a ring, none when
   * streaming or counting.
   *
   * @return a read-only view that grows as the machine runs (a copy for a ring)
   */
  public List<TraceEvent> events() {
    if (mode == Mode.RING) {
      return List.copyOf(ring);
    }
    return Collections.unmodifiableList(events);
  }

  /**
   * Only the kept system calls, in order.
   *
   * @return a new list
   */
  public List<SyscallEvent> syscalls() {
    List<SyscallEvent> out = new ArrayList<>();
    for (TraceEvent e : mode == Mode.RING ? ring : events) {
      if (e instanceof SyscallEvent s) {
        out.add(s);
      }
    }
    return out;
  }
}
