package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.VmFlags.VM_GROWSDOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The gap searches of {@link VmaTree} (unmapped_area_topdown and unmapped_area by the gap tree)
 * against their definition, evaluated by brute force over a reference gap list recomputed from the
 * VMAs at every query: top-down, the highest address a such that [a, a + len) lies in one free gap,
 * in [low, high), and at or below the vm_start_gap of the VMA bounding that gap; bottom-up, the
 * lowest such address. Seeded random walks of insert, remove, split, merge and stack growth, each
 * step followed by queries whose lengths and bounds are chosen to hit exact fits, the 2 MiB padding
 * of THP alignment, the guard gap below grows-down VMAs, and the bounds mmap_min_addr and
 * mmap_base. A failure prints the seed and every step.
 */
class GapSearchRandomWalkTest {
  private static final long PAGE = 4096;
  private static final int SEEDS = 60;
  private static final int STEPS = 400;

  /** Pages of the window where VMAs come and go: wider than the 256-page stack guard gap. */
  private static final int WINDOW = 1536;

  private static final long MMAP_MIN_ADDR = 65536;

  /** Where the window starts: its top lies above mmap_base, as a real layout's stack does. */
  private static final long W0 = 0x7f0000000000L;

  private static final long MMAP_BASE = W0 + (WINDOW - 300) * PAGE;

  private final List<String> steps = new ArrayList<>();
  private long seed;

  /** The reference: the VMAs by start, and the gaps derived from them on demand. */
  private final TreeMap<Long, Vma> vmas = new TreeMap<>();

  private VmaTree tree;

  /** The free gaps of [0, TASK_SIZE), lowest first, recomputed from the VMAs. */
  private List<long[]> gaps() {
    List<long[]> out = new ArrayList<>();
    long at = 0;
    for (Vma v : vmas.values()) {
      if (v.start > at) {
        out.add(new long[] {at, v.start});
      }
      at = v.end;
    }
    if (at < MmStruct.TASK_SIZE) {
      out.add(new long[] {at, MmStruct.TASK_SIZE});
    }
    return out;
  }

  /** The usable top of a gap: below high and below the guard gap of a grows-down VMA above it. */
  private long usableEnd(long[] g, long high) {
    long e = Math.min(g[1], high);
    Vma above = vmas.get(g[1]);
    if (above != null && (above.flags & VM_GROWSDOWN) != 0) {
      e = Math.min(e, Math.max(above.start - MmStruct.STACK_GUARD_GAP, 0));
    }
    return e;
  }

  private long refTopDown(long len, long low, long high) {
    long best = -1;
    for (long[] g : gaps()) {
      long s = Math.max(g[0], low);
      long e = usableEnd(g, high);
      if (e > s && e - s >= len) {
        best = Math.max(best, e - len);
      }
    }
    return best;
  }

  private long refBottomUp(long len, long low, long high) {
    long best = Long.MAX_VALUE;
    for (long[] g : gaps()) {
      long s = Math.max(g[0], low);
      long e = usableEnd(g, high);
      if (e > s && e - s >= len) {
        best = Math.min(best, s);
      }
    }
    return best == Long.MAX_VALUE ? -1 : best;
  }

  private void check(boolean ok, String what) {
    if (!ok) {
      fail("seed " + seed + ": " + what + "\nsteps:\n  " + String.join("\n  ", steps));
    }
  }

  private static String hex(long a) {
    return "0x" + Long.toHexString(a);
  }

  @Test
  @DisplayName("top-down and bottom-up gap searches equal a brute-force scan of the gap list")
  void gapSearchesMatchTheBruteForceDefinition() {
    for (seed = 1; seed <= SEEDS; seed++) {
      walk(new SplittableRandom(seed));
    }
  }

  private void walk(SplittableRandom rnd) {
    steps.clear();
    vmas.clear();
    tree = new VmaTree(MmStruct.TASK_SIZE);
    for (int i = 0; i < STEPS; i++) {
      switch (rnd.nextInt(10)) {
        case 0, 1, 2, 3 -> insert(rnd);
        case 4, 5 -> remove(rnd);
        case 6 -> split(rnd);
        case 7 -> merge(rnd);
        default -> growDown(rnd);
      }
      checkGaps();
      for (int q = 0; q < 6; q++) {
        query(rnd);
      }
    }
  }

  private long randomPage(SplittableRandom rnd) {
    return W0 + rnd.nextInt(WINDOW) * PAGE;
  }

  private boolean free(long s, long e) {
    Map.Entry<Long, Vma> below = vmas.lowerEntry(e);
    return below == null || below.getValue().end <= s;
  }

  private void insert(SplittableRandom rnd) {
    long s = randomPage(rnd);
    long e = s + (1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 64)) * PAGE;
    if (!free(s, e)) {
      return;
    }
    long flags = rnd.nextInt(6) == 0 ? VM_GROWSDOWN | 0x3 : 0x3;
    Vma v = new Vma(s, e, flags, 0);
    steps.add(
        "insert " + hex(s) + "-" + hex(e) + ((flags & VM_GROWSDOWN) != 0 ? " growsdown" : ""));
    tree.insert(v);
    vmas.put(s, v);
  }

  private Vma randomVma(SplittableRandom rnd) {
    if (vmas.isEmpty()) {
      return null;
    }
    Map.Entry<Long, Vma> e = vmas.ceilingEntry(randomPage(rnd));
    return e == null ? vmas.firstEntry().getValue() : e.getValue();
  }

  private void remove(SplittableRandom rnd) {
    Vma v = randomVma(rnd);
    if (v == null) {
      return;
    }
    steps.add("remove " + hex(v.start) + "-" + hex(v.end));
    tree.remove(v);
    vmas.remove(v.start);
  }

  /** __split_vma: the range stays occupied, a second VMA starts in the middle. */
  private void split(SplittableRandom rnd) {
    Vma v = randomVma(rnd);
    if (v == null || v.end - v.start < 2 * PAGE) {
      return;
    }
    long mid = v.start + (1 + rnd.nextLong((v.end - v.start) / PAGE - 1)) * PAGE;
    steps.add("split " + hex(v.start) + "-" + hex(v.end) + " at " + hex(mid));
    Vma n = new Vma(mid, v.end, v.flags, 0);
    v.end = mid;
    tree.linkSplit(n);
    vmas.put(mid, n);
  }

  /**
   * vma_merge of two adjacent VMAs, either way: the lower absorbs the upper, or the upper moves its
   * start down over the lower (which changes the VMA that bounds the gap below).
   */
  private void merge(SplittableRandom rnd) {
    Vma lo = randomVma(rnd);
    Vma hi = lo == null ? null : vmas.get(lo.end);
    if (hi == null) {
      return;
    }
    if (rnd.nextBoolean()) {
      steps.add("merge " + hex(hi.start) + " into " + hex(lo.start));
      tree.unlinkMerged(hi);
      vmas.remove(hi.start);
      lo.end = hi.end;
    } else {
      steps.add("merge " + hex(lo.start) + " into " + hex(hi.start) + " (start moves down)");
      tree.unlinkMerged(lo);
      vmas.remove(lo.start);
      long old = hi.start;
      hi.start = lo.start;
      tree.moved(hi, old);
      vmas.remove(old);
      vmas.put(hi.start, hi);
    }
  }

  /** expand_downwards: a grows-down VMA extends into the free gap directly below it. */
  private void growDown(SplittableRandom rnd) {
    Vma v = randomVma(rnd);
    if (v == null) {
      return;
    }
    Map.Entry<Long, Vma> below = vmas.lowerEntry(v.start);
    long floor = below == null ? 0 : below.getValue().end;
    long room = (v.start - floor) / PAGE;
    if (room == 0) {
      return;
    }
    long to = v.start - (1 + rnd.nextLong(Math.min(room, 300))) * PAGE;
    steps.add("grow " + hex(v.start) + "-" + hex(v.end) + " down to " + hex(to));
    vmas.remove(v.start);
    tree.growDown(v, to);
    vmas.put(to, v);
  }

  private void checkGaps() {
    Map<Long, Long> want = new TreeMap<>();
    for (long[] g : gaps()) {
      want.put(g[0], g[1]);
    }
    check(want.equals(tree.freeRanges()), "free ranges " + tree.freeRanges() + " not " + want);
    String bad = tree.verifyGaps();
    check(bad == null, "gap tree: " + bad);
  }

  /** A length: a few pages, a gap's exact size (or one page more), or padded by 2 MiB for THP. */
  private long length(SplittableRandom rnd, List<long[]> gaps) {
    long[] g = gaps.get(rnd.nextInt(gaps.size()));
    long gapLen = Math.min(g[1] - g[0], 4096 * PAGE);
    return switch (rnd.nextInt(6)) {
      case 0 -> (1 + rnd.nextInt(4)) * PAGE;
      case 1 -> (1 + rnd.nextInt(64)) * PAGE;
      case 2 -> gapLen;
      case 3 -> gapLen + PAGE;
      case 4 -> (1 + rnd.nextInt(4)) * PAGE + MmStruct.PMD_SIZE;
      default -> gapLen - PAGE > 0 ? gapLen - PAGE : PAGE;
    };
  }

  /** A bound: mmap_min_addr, PAGE_SIZE, mmap_base, TASK_SIZE, a gap's edge, or any page. */
  private long bound(SplittableRandom rnd, List<long[]> gaps) {
    long[] g = gaps.get(rnd.nextInt(gaps.size()));
    return switch (rnd.nextInt(7)) {
      case 0 -> MMAP_MIN_ADDR;
      case 1 -> PAGE;
      case 2 -> MMAP_BASE;
      case 3 -> MmStruct.TASK_SIZE;
      case 4 -> g[0];
      case 5 -> g[1];
      default -> randomPage(rnd);
    };
  }

  private void query(SplittableRandom rnd) {
    List<long[]> gaps = gaps();
    long len = length(rnd, gaps);
    long low;
    long high;
    switch (rnd.nextInt(4)) {
      case 0 -> {
        low = PAGE;
        high = MMAP_BASE;
      }
      case 1 -> {
        low = MMAP_MIN_ADDR;
        high = MmStruct.TASK_SIZE;
      }
      default -> {
        low = bound(rnd, gaps);
        high = bound(rnd, gaps);
      }
    }
    long td = tree.topDown(len, low, high);
    long tdWant = refTopDown(len, low, high);
    String q = "(len " + hex(len) + ", low " + hex(low) + ", high " + hex(high) + ")";
    check(td == tdWant, "topDown" + q + " = " + hex(td) + ", want " + hex(tdWant));
    long bu = tree.bottomUp(len, low, high);
    long buWant = refBottomUp(len, low, high);
    check(bu == buWant, "bottomUp" + q + " = " + hex(bu) + ", want " + hex(buWant));
  }

  @Test
  @DisplayName("edge cases: exact fit, one page short, the guard gap, the bounds, an empty window")
  void edgeCases() {
    tree = new VmaTree(MmStruct.TASK_SIZE);
    vmas.clear();
    // Two VMAs with a 4-page hole between them at A + 4 pages .. A + 8 pages.
    long a = W0;
    Vma lo = new Vma(a, a + 4 * PAGE, 0x3, 0);
    Vma hi = new Vma(a + 8 * PAGE, a + 9 * PAGE, 0x3, 0);
    tree.insert(lo);
    tree.insert(hi);
    long holeLow = a + 4 * PAGE;
    long holeHigh = a + 8 * PAGE;
    assertEquals(holeLow, tree.topDown(4 * PAGE, holeLow, holeHigh), "exact fit, top-down");
    assertEquals(holeLow, tree.bottomUp(4 * PAGE, holeLow, holeHigh), "exact fit, bottom-up");
    assertEquals(-1, tree.topDown(5 * PAGE, holeLow, holeHigh), "one page too many");
    assertEquals(-1, tree.bottomUp(5 * PAGE, holeLow, a + 9 * PAGE), "a VMA is no gap");
    assertEquals(holeHigh - PAGE, tree.topDown(PAGE, PAGE, holeHigh), "the top of the hole");
    // The 2 MiB-padded search of THP alignment skips the hole and lands below the lowest VMA.
    long padded = 2 * PAGE + MmStruct.PMD_SIZE;
    assertEquals(a - padded, tree.topDown(padded, PAGE, holeHigh), "padded search");
    assertEquals(MMAP_MIN_ADDR, tree.bottomUp(padded, MMAP_MIN_ADDR, holeHigh), "from min addr");
    assertEquals(-1, tree.topDown(PAGE, holeHigh, holeLow), "low above high");
    // A grows-down VMA keeps stack_guard_gap free below it: the hole below it is usable only
    // below start - 256 pages, so a top-down search falls through to the next gap down.
    tree.remove(hi);
    Vma stack = new Vma(a + 8 * PAGE, a + 16 * PAGE, VM_GROWSDOWN | 0x3, 0);
    tree.insert(stack);
    assertEquals(a - PAGE, tree.topDown(PAGE, PAGE, a + 16 * PAGE), "below the guard gap");
    assertEquals(MMAP_MIN_ADDR, tree.bottomUp(PAGE, MMAP_MIN_ADDR, a + 16 * PAGE), "lowest");
    assertEquals(-1, tree.bottomUp(PAGE, holeLow, a + 16 * PAGE), "the hole is in the guard gap");
    assertNull(tree.verifyGaps());
  }
}
