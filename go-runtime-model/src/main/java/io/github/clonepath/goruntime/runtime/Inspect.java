package io.github.clonepath.goruntime.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Read-only views of one runtime's state and the invariants that must hold between any two steps.
 */
public final class Inspect {
  private final Runtime rt;

  Inspect(Runtime rt) {
    this.rt = rt;
  }

  /**
   * {@code mcount()}.
   *
   * @return mnext - nmfreed
   */
  public long mcount() {
    return rt.sched.mcount();
  }

  /**
   * The thread limit.
   *
   * @return sched.maxmcount
   */
  public long maxmcount() {
    return rt.sched.maxmcount;
  }

  /**
   * The exit code.
   *
   * @return the status exit_group was called with (2 after a fatal error), or -1
   */
  public int exitStatus() {
    return rt.exitStatus;
  }

  /**
   * The throw that ended the process.
   *
   * @return its message, or null
   */
  public @Nullable String fatal() {
    return rt.fatal;
  }

  /**
   * What the program printed on fd 1.
   *
   * @return the text
   */
  public String stdout() {
    return rt.stdout.toString();
  }

  /**
   * What the runtime printed on fd 2.
   *
   * @return the text
   */
  public String stderr() {
    return rt.stderr.toString();
  }

  /**
   * Every M in creation order, m0 first.
   *
   * @return a copy of the list
   */
  public List<M> threads() {
    return List.copyOf(rt.created);
  }

  /**
   * The Ms in allm order, the newest first (as the runtime links them).
   *
   * @return a copy of allm
   */
  public List<M> allm() {
    return List.copyOf(rt.sched.allm);
  }

  /**
   * The Ps, p0 first.
   *
   * @return a copy of allp
   */
  public List<P> allp() {
    return List.copyOf(rt.sched.allp);
  }

  /**
   * The global run queue, head first.
   *
   * @return the goids of sched.runq
   */
  public List<Long> globalRunqGoids() {
    List<Long> out = new ArrayList<>();
    rt.sched.runq.forEach(g -> out.add(g.goid));
    return out;
  }

  /**
   * Goroutines ever created.
   *
   * @return allgs size
   */
  public int allgs() {
    return rt.sched.allgs.size();
  }

  /**
   * Every goroutine ever created, in allgs order (dead ones too).
   *
   * @return the Gs
   */
  public List<G> allgList() {
    return List.copyOf(rt.sched.allgs);
  }

  /**
   * Checks every invariant and describes the first broken one.
   *
   * @return empty when all hold, else what is wrong
   */
  public String violations() {
    Sched s = rt.sched;
    List<String> bad = new ArrayList<>();
    if (s.mcount() > s.maxmcount && rt.fatal == null) {
      bad.add("mcount " + s.mcount() + " > maxmcount " + s.maxmcount);
    }
    Map<G, String> where = new HashMap<>();
    for (P pp : s.allp) {
      if (pp.runqlen() > Consts.RUNQ_SIZE || pp.runqlen() < 0) {
        bad.add(pp + " runq length " + pp.runqlen());
      }
      for (int i = pp.runqhead; i < pp.runqtail; i++) {
        place(where, pp.runq[i % Consts.RUNQ_SIZE], pp + ".runq", bad);
      }
      if (pp.runnext != null) {
        place(where, pp.runnext, pp + ".runnext", bad);
      }
      for (G g : pp.gFree) {
        place(where, g, pp + ".gFree", bad);
      }
      if (pp.gFree.size() >= Consts.GFREE_SPILL_AT) {
        bad.add(pp + " holds " + pp.gFree.size() + " free Gs");
      }
      if (pp.m != null && pp.m.p != pp) {
        bad.add(pp + " names " + pp.m + " which holds " + pp.m.p);
      }
    }
    Set<P> owned = new HashSet<>();
    for (M mp : rt.created) {
      if (mp.p != null && !owned.add(mp.p)) {
        bad.add(mp.p + " owned by two Ms");
      }
      if (mp.curg != null) {
        place(where, mp.curg, mp + ".curg", bad);
      } else if (mp.lockedg != null && mp.lockedg.status == GStatus.GRUNNABLE && mp.nextp != null) {
        place(where, mp.lockedg, mp + ".lockedg (handed over)", bad);
      }
    }
    for (G g : s.runq) {
      place(where, g, "sched.runq", bad);
    }
    for (G g : s.gFreeStack) {
      place(where, g, "sched.gFree.stack", bad);
    }
    for (G g : s.gFreeNoStack) {
      place(where, g, "sched.gFree.noStack", bad);
    }
    Set<Long> goids = new HashSet<>();
    for (G g : s.allgs) {
      if (g.status != GStatus.GDEAD && !goids.add(g.goid)) {
        bad.add("goid " + g.goid + " used twice");
      }
      boolean placed = where.containsKey(g);
      boolean waiting = g.status == GStatus.GWAITING || g.status == GStatus.GSYSCALL;
      if (!placed && !waiting && rt.exitStatus < 0) {
        bad.add(g + " (" + GStatus.name(g.status) + ") is nowhere");
      }
      boolean onItsM = placed && where.get(g).endsWith(".curg");
      if (placed && waiting && !(onItsM && g.status == GStatus.GSYSCALL)) {
        bad.add(g + " is " + GStatus.name(g.status) + " but in " + where.get(g));
      }
    }
    return String.join("; ", bad);
  }

  private static void place(Map<G, String> where, G g, String at, List<String> bad) {
    String prev = where.put(g, at);
    if (prev != null) {
      bad.add(g + " in both " + prev + " and " + at);
    }
  }
}
