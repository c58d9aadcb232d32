package io.github.clonepath.goruntime.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A P, a scheduling context: the fields of {@code runtime.p} that creation and scheduling touch.
 */
public final class P {
  /** Its index in allp. */
  final int id;

  /** One of {@link PStatus}. */
  int status = PStatus.PGCSTOP;

  /** The M owning it. */
  M m;

  /** The 256-slot ring of runnable Gs. */
  final G[] runq = new G[Consts.RUNQ_SIZE];

  /** Ring head (next to take). */
  int runqhead;

  /** Ring tail (next free slot). */
  int runqtail;

  /** The G to run next, ahead of the ring. */
  G runnext;

  /** Free Gs of this P. */
  final ArrayDeque<G> gFree = new ArrayDeque<>();

  /** Next goid of the batch. */
  long goidcache;

  /** End of the batch. */
  long goidcacheend;

  /** mcache.stackcache: per-order free stack lists (addresses, head first). */
  final List<ArrayDeque<Long>> stackcache = new ArrayList<>();

  /** Bytes held per order. */
  final long[] stackcacheSize = new long[Consts.NUM_STACK_ORDERS];

  /** Incremented on every schedule. */
  long schedtick;

  /** Incremented on every syscall. */
  long syscalltick;

  /** sysmon's view: the syscalltick it last saw and when. */
  long sysmonSyscalltick;

  /** When sysmon saw the syscalltick change. */
  long sysmonSyscallwhen;

  P(int id) {
    this.id = id;
    for (int i = 0; i < Consts.NUM_STACK_ORDERS; i++) {
      stackcache.add(new ArrayDeque<>());
    }
  }

  /** Number of Gs in the ring. */
  int runqlen() {
    return runqtail - runqhead;
  }

  /** Whether the ring and runnext are empty. */
  boolean runqempty() {
    return runqtail == runqhead && runnext == null;
  }

  @Override
  public String toString() {
    return "p" + id;
  }
}
