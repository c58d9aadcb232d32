package io.github.clonepath.kernel.mm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ordered VMAs of one mm and the free gaps between them — the model's maple tree.
 *
 * <p>VMAs are keyed by start; the free ranges (the complement in {@code [0, TASK_SIZE)}) are kept
 * beside them so that the unmapped-area search visits gaps, not VMAs: thousands of adjacent VMAs
 * (thread stacks, guard pages) form no gap and cost nothing to skip. Find, insert, split and remove
 * are O(log n).
 */
final class VmaTree {
  private final TreeMap<Long, Vma> byStart = new TreeMap<>();
  private final TreeMap<Long, Long> free = new TreeMap<>();

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
    Map.Entry<Long, Vma> e = byStart.floorEntry(addr);
    if (e != null && e.getValue().end > addr) {
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
    Map.Entry<Long, Long> f = free.floorEntry(v.start);
    if (f == null || f.getValue() < v.end) {
      throw new IllegalStateException("VMA " + v + " overlaps a mapped range");
    }
    free.remove(f.getKey());
    if (f.getKey() < v.start) {
      free.put(f.getKey(), v.start);
    }
    if (v.end < f.getValue()) {
      free.put(v.end, f.getValue());
    }
    byStart.put(v.start, v);
  }

  /** Unlinks a VMA and frees its range. */
  void remove(Vma v) {
    byStart.remove(v.start);
    long s = v.start;
    long e = v.end;
    Map.Entry<Long, Long> lower = free.floorEntry(s);
    if (lower != null && lower.getValue() == s) {
      s = lower.getKey();
      free.remove(s);
    }
    Long upper = free.remove(e);
    if (upper != null) {
      e = upper;
    }
    free.put(s, e);
  }

  /** Links one half of a split; the range is already occupied. */
  void linkSplit(Vma v) {
    byStart.put(v.start, v);
  }

  /** Unlinks a VMA absorbed by a neighbour; its range stays occupied. */
  void unlinkMerged(Vma v) {
    byStart.remove(v.start);
  }

  /** Re-keys a VMA whose start moved within occupied space. */
  void moved(Vma v, long oldStart) {
    byStart.remove(oldStart);
    byStart.put(v.start, v);
  }

  /** Extends a VMA down into free space (stack growth). */
  void growDown(Vma v, long newStart) {
    Map.Entry<Long, Long> f = free.floorEntry(newStart);
    free.remove(f.getKey());
    if (f.getKey() < newStart) {
      free.put(f.getKey(), newStart);
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
   * @return the start, or -1 when none fits
   */
  long topDown(long len, long low, long high) {
    for (Map.Entry<Long, Long> f : free.headMap(high, false).descendingMap().entrySet()) {
      long fs = f.getKey();
      long fe = f.getValue();
      if (fe <= low) {
        break;
      }
      long e = Math.min(fe, high);
      Vma above = byStart.get(fe);
      if (above != null) {
        e = Math.min(e, startGap(above));
      }
      long s = Math.max(fs, low);
      if (e > s && e - s >= len) {
        return e - len;
      }
    }
    return -1;
  }

  /**
   * unmapped_area: the lowest free range of len bytes inside [low, high).
   *
   * @return the start, or -1 when none fits
   */
  long bottomUp(long len, long low, long high) {
    Long from = free.floorKey(low);
    for (Map.Entry<Long, Long> f : free.tailMap(from == null ? low : from, true).entrySet()) {
      long fs = f.getKey();
      if (fs >= high) {
        break;
      }
      long e = Math.min(f.getValue(), high);
      Vma above = byStart.get(f.getValue());
      if (above != null) {
        e = Math.min(e, startGap(above));
      }
      long s = Math.max(fs, low);
      if (e > s && e - s >= len) {
        return s;
      }
    }
    return -1;
  }

  /** The free ranges, for invariant checks. */
  Map<Long, Long> freeRanges() {
    return free;
  }
}
