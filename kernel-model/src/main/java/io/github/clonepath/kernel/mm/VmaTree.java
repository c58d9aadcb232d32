package io.github.clonepath.kernel.mm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The ordered VMAs of one mm and the free gaps between them — the model's maple tree.
 *
 * <p>VMAs are keyed by start; the free ranges (the complement in {@code [0, TASK_SIZE)}) are kept
 * beside them in a {@link GapTree}, which, like the maple tree's per-node gap records, knows the
 * largest free range of every subtree: the unmapped-area searches skip every range too small
 * without visiting it, so thousands of one-page holes cost no more than none. Find, insert, split,
 * remove and both searches are O(log n).
 */
final class VmaTree {
  private final TreeMap<Long, Vma> byStart = new TreeMap<>();
  private final GapTree free = new GapTree();

  /**
   * Model-only: the VMA the last successful find landed in. A thread touches its own stack and TCB
   * over and over, so most finds hit it and skip the tree. It is dropped whenever a VMA is linked
   * or unlinked; a VMA resized in place is checked against its live bounds at each use.
   */
  private @Nullable Vma last;

  VmaTree(long limit) {
    free.put(0L, limit);
  }

  int size() {
    return byStart.size();
  }

  Collection<Vma> all() {
    return byStart.values();
  }

  /** find_vma: the first VMA that ends above addr. */
  Vma find(long addr) {
    Vma hit = last;
    if (hit != null && hit.start <= addr && addr < hit.end) {
      return hit;
    }
    Map.Entry<Long, Vma> e = byStart.floorEntry(addr);
    if (e != null && e.getValue().end > addr) {
      last = e.getValue();
      return e.getValue();
    }
    e = byStart.higherEntry(addr);
    return e == null ? null : e.getValue();
  }

  /** The VMA below v, adjacent or not. */
  Vma prev(Vma v) {
    Map.Entry<Long, Vma> e = byStart.lowerEntry(v.start);
    return e == null ? null : e.getValue();
  }

  /** The VMA above v, adjacent or not. */
  Vma next(Vma v) {
    Map.Entry<Long, Vma> e = byStart.higherEntry(v.start);
    return e == null ? null : e.getValue();
  }

  /** The last VMA that starts below addr. */
  Vma below(long addr) {
    Map.Entry<Long, Vma> e = byStart.lowerEntry(addr);
    return e == null ? null : e.getValue();
  }

  /** The VMAs overlapping [s, e), lowest first. */
  List<Vma> overlapping(long s, long e) {
    List<Vma> out = new ArrayList<>();
    Vma v = find(s);
    while (v != null && v.start < e) {
      out.add(v);
      v = next(v);
    }
    return out;
  }

  /** Links a new VMA into free space. */
  void insert(Vma v) {
    GapTree.Node f = free.floor(v.start);
    if (f == null || f.end < v.end) {
      throw new IllegalStateException("VMA " + v + " overlaps a mapped range");
    }
    free.remove(f.start);
    if (f.start < v.start) {
      free.put(f.start, v.start);
    }
    if (v.end < f.end) {
      free.put(v.end, f.end);
    }
    byStart.put(v.start, v);
    last = null;
  }

  /** Unlinks a VMA and frees its range. */
  void remove(Vma v) {
    byStart.remove(v.start);
    last = null;
    long s = v.start;
    long e = v.end;
    GapTree.Node lower = free.floor(s);
    if (lower != null && lower.end == s) {
      s = lower.start;
      free.remove(s);
    }
    long upper = free.remove(e);
    if (upper >= 0) {
      e = upper;
    }
    free.put(s, e);
  }

  /** Links one half of a split; the range is already occupied. */
  void linkSplit(Vma v) {
    byStart.put(v.start, v);
    last = null;
  }

  /** Unlinks a VMA absorbed by a neighbour; its range stays occupied. */
  void unlinkMerged(Vma v) {
    byStart.remove(v.start);
    last = null;
  }

  /** Re-keys a VMA whose start moved within occupied space. */
  void moved(Vma v, long oldStart) {
    byStart.remove(oldStart);
    byStart.put(v.start, v);
    last = null;
  }

  /** Extends a VMA down into free space (stack growth). */
  void growDown(Vma v, long newStart) {
    GapTree.Node f = free.floor(newStart);
    free.remove(f.start);
    if (f.start < newStart) {
      free.put(f.start, newStart);
    }
    long old = v.start;
    v.start = newStart;
    moved(v, old);
  }

  /** vm_start_gap: a grows-down VMA keeps stack_guard_gap free below it. */
  static long startGap(Vma v) {
    if (!v.has(VmFlags.VM_GROWSDOWN)) {
      return v.start;
    }
    long g = v.start - MmStruct.STACK_GUARD_GAP;
    return g > v.start ? 0 : Math.max(g, 0);
  }

  /**
   * unmapped_area_topdown: the highest free range of len bytes inside [low, high), honouring stack
   * guard gaps.
   *
   * <p>As the kernel does it since the maple tree (with the retry of commit 58c5d0d6d522, 6.3,
   * backported to 6.2 stable): {@code mas_empty_area_rev} finds the highest free range below high
   * whose whole length is at least len, skipping every subtree whose largest range is shorter; the
   * range is then clipped to [low, high) and below the guard gap of a grows-down VMA above it
   * ({@code vm_start_gap}); if too little is left, the search repeats below that range. A range
   * shorter than len cannot fit once clipped, so the result is the same as visiting every range
   * from the top, in O(log n) plus one step per range the clipping defeats.
   *
   * @return the start, or -1 when none fits
   */
  long topDown(long len, long low, long high) {
    for (GapTree.Node f = free.highestFitting(high, len);
        f != null;
        f = free.highestFitting(f.start, len)) {
      if (f.end <= low) {
        break;
      }
      long e = clippedEnd(f, high);
      long s = Math.max(f.start, low);
      if (e > s && e - s >= len) {
        return e - len;
      }
    }
    return -1;
  }

  /**
   * unmapped_area: the lowest free range of len bytes inside [low, high), honouring stack guard
   * gaps; {@code mas_empty_area} and the same retry as {@link #topDown}, upwards.
   *
   * @return the start, or -1 when none fits
   */
  long bottomUp(long len, long low, long high) {
    GapTree.Node first = free.floor(low);
    for (GapTree.Node f = free.lowestFitting(first == null ? low : first.start, len);
        f != null;
        f = free.lowestFitting(f.start + 1, len)) {
      if (f.start >= high) {
        break;
      }
      long e = clippedEnd(f, high);
      long s = Math.max(f.start, low);
      if (e > s && e - s >= len) {
        return s;
      }
    }
    return -1;
  }

  /** The end of a free range below high and below the guard gap of the VMA that bounds it. */
  private long clippedEnd(GapTree.Node f, long high) {
    long e = Math.min(f.end, high);
    Vma above = byStart.get(f.end);
    if (above != null) {
      e = Math.min(e, startGap(above));
    }
    return e;
  }

  /**
   * The free ranges, for invariant checks.
   *
   * @return a snapshot, start to end, lowest first
   */
  Map<Long, Long> freeRanges() {
    return free.toMap();
  }

  /**
   * The gap tree's own consistency (order, balance, subtree maxima), for invariant checks.
   *
   * @return null when consistent, else what is wrong
   */
  @Nullable String verifyGaps() {
    return free.verify();
  }
}
