package io.github.clonepath.glibc.nptl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random walks of create/join/detach/exit with random sizes, guards and cache limits; after
 * every step the cache invariants of nptl/nptl-stack.c (glibc 2.36) hold.
 */
class RandomWalkTest {
  private static final long[] SIZES = {16384, 20000, 65536, 1 << 20, 2 << 20, 8 << 20};
  private static final long[] GUARDS = {0, 1, 4096, 8192, 12288};
  private static final long[] LIMITS = {0, 1 << 20, 16 << 20, 41943040};
  private static final long MAP_STACK = 0x20000;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void cacheInvariantsHoldAfterEveryStep(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long limit = LIMITS[rnd.nextInt(LIMITS.length)];
    Driver d = new Driver(LibcConfig.DEFAULT.withStackCacheSize(limit));
    List<String> steps = new ArrayList<>();
    List<String> live = new ArrayList<>();
    int n = 0;
    for (int i = 0; i < 60; i++) {
      int op = rnd.nextInt(4);
      if (op <= 1 || live.isEmpty()) {
        PthreadAttr a = new PthreadAttr();
        a.setstacksize(SIZES[rnd.nextInt(SIZES.length)]);
        a.setguardsize(GUARDS[rnd.nextInt(GUARDS.length)]);
        boolean det = rnd.nextInt(4) == 0;
        String name = "t" + n++;
        if (det) {
          a.setdetachstate(1);
          d.createDetached(name, a);
        } else {
          d.create(name, a);
          live.add(name);
        }
        steps.add(
            "create "
                + name
                + " "
                + a.stacksize()
                + "/"
                + a.getguardsize()
                + (det ? " detached" : ""));
      } else if (op == 2) {
        String name = live.remove(rnd.nextInt(live.size()));
        d.join(name);
        steps.add("join " + name);
      } else {
        String name = live.remove(rnd.nextInt(live.size()));
        d.detach(name);
        steps.add("detach " + name);
      }
      if (rnd.nextBoolean()) {
        d.yield();
        steps.add("yield");
      }
      int at = steps.size();
      d.check(x -> invariants(x, limit, seed, steps.subList(0, at)));
    }
    d.run();
    invariants(d, limit, seed, steps);
  }

  private static void invariants(Driver d, long limit, long seed, List<String> steps) {
    String why = "seed " + seed + ", limit " + limit + ", steps " + steps;
    StackCache sc = d.libc.stacks();
    long sum = 0;
    for (Tcb t : sc.cached()) {
      sum += t.stackblockSize;
    }
    assertEquals(sum, sc.actsize(), "cache byte count = sum of cached blocks; " + why);
    // Above the limit only by blocks detached threads queued while still running on them (they
    // were busy when free_stacks ran); every joined block is free at once and would be evicted.
    long selfQueued = 0;
    for (Tcb t : sc.cached()) {
      if (t.isDetached()) {
        selfQueued += t.stackblockSize;
      }
    }
    assertTrue(
        sc.actsize() - selfQueued <= limit || sc.actsize() <= limit,
        "cache above the limit beyond the detached case; " + why);
    Set<Tcb> used = new HashSet<>(sc.usedList());
    for (Tcb t : sc.cached()) {
      if (used.contains(t)) {
        fail("block both in use and cached: " + t + "; " + why);
      }
    }
    // Every block is mapped exactly once or not at all: the blocks the model lists are the stack
    // mappings it made and has not unmapped, each one inside the kernel's VMAs, no two overlapping.
    Map<Long, Long> live = new TreeMap<>();
    for (Door.Call c : d.calls("mmap", "munmap")) {
      if (c.name().equals("mmap") && (c.arg(3) & MAP_STACK) != 0 && c.result() > 0) {
        live.put(c.result(), c.arg(1));
      } else if (c.name().equals("munmap") && c.result() == 0) {
        assertTrue(live.remove(c.arg(0)) != null, "munmap of no stack block " + c + "; " + why);
      }
    }
    Map<Long, Long> listed = new TreeMap<>();
    for (Tcb t : concat(sc.cached(), sc.usedList())) {
      assertTrue(
          listed.put(t.stackblock, t.stackblockSize) == null,
          "block listed twice: " + t + "; " + why);
    }
    assertEquals(live, listed, "the listed blocks are exactly the mapped ones; " + why);
    if (d.machine.waitStatus(d.pid) != -1) {
      return; // the process has exited: its address space is gone
    }
    long end = 0;
    for (Map.Entry<Long, Long> e : listed.entrySet()) {
      assertTrue(e.getKey() >= end, "blocks overlap at 0x" + Long.toHexString(end) + "; " + why);
      end = e.getKey() + e.getValue();
      assertTrue(
          covered(d.machine.maps(d.pid), e.getKey(), end),
          "block 0x" + Long.toHexString(e.getKey()) + " is mapped in the kernel; " + why);
    }
  }

  /** Whether /proc/PID/maps covers [start, end) without a hole. */
  private static boolean covered(String maps, long start, long end) {
    long at = start;
    for (String line : maps.split("\n")) {
      int dash = line.indexOf('-');
      int sp = line.indexOf(' ');
      long lo = Long.parseUnsignedLong(line.substring(0, dash), 16);
      long hi = Long.parseUnsignedLong(line.substring(dash + 1, sp), 16);
      if (lo <= at && at < hi) {
        at = hi;
      }
    }
    return at >= end;
  }

  private static List<Tcb> concat(List<Tcb> a, List<Tcb> b) {
    List<Tcb> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
