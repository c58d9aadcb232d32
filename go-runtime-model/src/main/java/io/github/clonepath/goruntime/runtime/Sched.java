package io.github.clonepath.goruntime.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/** {@code runtime.sched} and the other globals of proc.go the creation paths touch. */
public final class Sched {
  /** Next M id to hand out. */
  long mnext;

  /** Ms that have exited. */
  long nmfreed;

  /** Most Ms allowed ({@code debug.SetMaxThreads}). */
  long maxmcount = Consts.MAX_MCOUNT;

  /** System Ms (sysmon, the template thread) that never run Go code. */
  int nmsys;

  /** Idle Ms parked in stopm, most recent first. */
  final ArrayDeque<M> midle = new ArrayDeque<>();

  /** Idle locked Ms. */
  int nmidlelocked;

  /** Idle Ps, most recent first. */
  final ArrayDeque<P> pidle = new ArrayDeque<>();

  /** Spinning Ms. */
  int nmspinning;

  /**
   * {@code sched.needspinning} (go1.21 on): 1 when a wakep found work for a spinning M but no idle
   * P to give it; the next M that becomes spinning, or that was about to drop its P, clears it.
   */
  int needspinning;

  /** Exited Ms whose g0 stack is to be freed by the next allocm. */
  final ArrayDeque<M> freem = new ArrayDeque<>();

  /** Last goid handed out in batches. */
  long goidgen;

  /** The global run queue, linked through the Gs themselves; its size is sched.runqsize. */
  final GQueue runq = new GQueue();

  /** Global free Gs that have a stack ({@code sched.gFree.stack}). */
  final GList gFreeStack = new GList();

  /** Global free Gs without a stack ({@code sched.gFree.noStack}). */
  final GList gFreeNoStack = new GList();

  /** Every M ever published, newest first, as the allm list links them. */
  final ArrayDeque<M> allm = new ArrayDeque<>();

  /** Every P. */
  final List<P> allp = new ArrayList<>();

  /** Every G ever created. */
  final List<G> allgs = new ArrayList<>();

  /** runtime.main has started: newproc may call wakep. */
  boolean mainStarted;

  /** newmHandoff.newm: Ms waiting for the template thread to start them. */
  final ArrayDeque<M> newmHandoff = new ArrayDeque<>();

  /** newmHandoff.waiting: the template thread sleeps on its note. */
  boolean newmHandoffWaiting;

  /** newmHandoff.haveTemplateThread. */
  boolean haveTemplateThread;

  /** The template thread's M. */
  M templateThread;

  /** The extra Ms (sched's extram list), for threads created by C. */
  final java.util.List<M> extram = new java.util.ArrayList<>();

  /** The first extra M exists (cgo binaries make it in mstartm0). */
  boolean cgoHasExtraM;

  /** Before go1.14: the one process-wide timer heap, earliest first (later: each P's). */
  final PriorityQueue<Timer> timers = new PriorityQueue<>();

  /** Sequence for timer ordering. */
  long timerSeq;

  /** The M blocked waiting for the next timer (netpoll's role), or null. */
  @Nullable M timerWaiter;

  /** Its deadline. */
  long timerWaiterDeadline;

  /** Channel buffers and waiting receivers, by channel number. */
  final List<Chan> chans = new ArrayList<>();

  /**
   * The program's pipes, by number: the read end's and the write end's descriptors that {@code
   * syscall.Pipe} returned (what the real programs keep in local variables).
   */
  final java.util.Map<Long, int[]> pipes = new java.util.HashMap<>();

  /** sysmon's note, for sysmonwait. */
  boolean sysmonwait;

  /** proc.go's {@code starttime}: when schedtrace first printed (its "0ms"), 0 before. */
  long starttime;

  /** A goroutine sleeping until {@code when}. */
  record Timer(long when, long seq, G g, P pp) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(when, o.when);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /** A buffered channel with enough semantics for the start-up handshakes. */
  static final class Chan {
    /** {@code dataqsiz}: the buffer's size; -1 for the model's unbounded stand-in channels. */
    int dataqsiz = -1;

    /** {@code qcount}: values in the buffer. */
    int count;

    /** Receivers parked on the channel. */
    final ArrayDeque<G> recvq = new ArrayDeque<>();

    /** Senders parked on the channel, each with its value (a full buffer or no buffer). */
    final ArrayDeque<G> sendq = new ArrayDeque<>();
  }

  /** Idle Ps. */
  int npidle() {
    return pidle.size();
  }

  /** Idle Ms. */
  int nmidle() {
    return midle.size();
  }

  /** {@code mcount()}: Ms ever created minus the ones that exited. */
  long mcount() {
    return mnext - nmfreed;
  }
}
