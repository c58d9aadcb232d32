package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's stack allocator ({@code runtime/stack.go}): power-of-two stacks from the Go heap, never from
 * libc. Small stacks (2, 4, 8, 16 KiB: orders 0-3) come from a per-P cache refilled from a global
 * pool of 32 KiB spans; larger ones get their own span.
 */
final class Stacks {
  private final Runtime rt;

  /** stackpool[order]: spans with free stacks, most recent first. */
  private final List<ArrayDeque<PoolSpan>> stackpool = new ArrayList<>();

  /**
   * Which pool span each page of a pool span belongs to, by page number: the heap arena's page
   * table ({@code heapArena.spans}) that {@code spanOfUnchecked} reads to find a freed stack's
   * span. One entry per 8 KiB page (4 per 32 KiB span), not one per stack: with a million 2 KiB
   * stacks a map keyed by stack address held 16 times the entries, and its keys (addresses that
   * differ only above bit 11) hashed into so few buckets that each put walked a tree.
   */
  private final Map<Long, PoolSpan> spanOfPage = new HashMap<>();

  Stacks(Runtime rt) {
    this.rt = rt;
    for (int i = 0; i < Consts.NUM_STACK_ORDERS; i++) {
      stackpool.add(new ArrayDeque<>());
    }
  }

  /** A 32 KiB span carved into equal stacks, with its own free list (head first). */
  static final class PoolSpan {
    final long base;
    final ArrayDeque<Long> manualFreeList = new ArrayDeque<>();
    int allocCount;

    PoolSpan(long base) {
      this.base = base;
    }
  }

  /**
   * Allocates a stack of {@code n} bytes (a power of two).
   *
   * <p>Small stacks come from the current P's cache (refilled from the pool when empty) unless the
   * M has no P, in which case the pool is used directly; large stacks get a span of their own.
   */
  @Source(file = "runtime/stack.go", line = 344, function = "stackalloc", version = "go1.19")
  Stack stackalloc(UserContext ctx, P pp, long n) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (n <= 0 || Long.bitCount(n) != 1) {
        throw new GoThrow("stack size not a power of 2");
      }
      long v;
      if (n < (long) Consts.FIXED_STACK << Consts.NUM_STACK_ORDERS && n < Consts.STACK_CACHE_SIZE) {
        int order = order(n);
        if (pp == null) {
          v = stackpoolalloc(ctx, order);
        } else {
          ArrayDeque<Long> c = pp.stackcache.get(order);
          if (c.isEmpty()) {
            stackcacherefill(ctx, pp, order);
          }
          v = c.pop();
          pp.stackcacheSize[order] -= n;
        }
      } else {
        long npages = n / Consts.PAGE_SIZE;
        v = rt.mheap.allocManual(ctx, npages);
      }
      Stack s = new Stack(v, v + n);
      f.note("stack %s (%d bytes)", s, n);
      return s;
    }
  }

  /**
   * Frees a stack into the P's cache (releasing half of it above 32 KiB), the pool, or the heap.
   */
  @Source(file = "runtime/stack.go", line = 447, function = "stackfree", version = "go1.19")
  void stackfree(UserContext ctx, P pp, Stack stk) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long n = stk.size();
      if (n < (long) Consts.FIXED_STACK << Consts.NUM_STACK_ORDERS && n < Consts.STACK_CACHE_SIZE) {
        int order = order(n);
        if (pp == null) {
          stackpoolfree(stk.lo(), order);
        } else {
          if (pp.stackcacheSize[order] >= Consts.STACK_CACHE_SIZE) {
            stackcacherelease(pp, order);
          }
          pp.stackcache.get(order).push(stk.lo());
          pp.stackcacheSize[order] += n;
        }
      } else {
        rt.mheap.freeManual(stk.lo(), n / Consts.PAGE_SIZE);
      }
      f.note("freed %s", stk);
    }
  }

  /** Takes one stack of an order from the pool, carving a new 32 KiB span if none has one free. */
  @Source(file = "runtime/stack.go", line = 201, function = "stackpoolalloc", version = "go1.19")
  long stackpoolalloc(UserContext ctx, int order) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      ArrayDeque<PoolSpan> list = stackpool.get(order);
      PoolSpan s = list.peekFirst();
      if (s == null) {
        long base = rt.mheap.allocManual(ctx, Consts.STACK_CACHE_SIZE / Consts.PAGE_SIZE);
        s = new PoolSpan(base);
        long size = (long) Consts.FIXED_STACK << order;
        for (long i = 0; i < Consts.STACK_CACHE_SIZE / size; i++) {
          s.manualFreeList.push(base + i * size);
        }
        for (long p = 0; p < Consts.STACK_CACHE_SIZE / Consts.PAGE_SIZE; p++) {
          spanOfPage.put(base / Consts.PAGE_SIZE + p, s);
        }
        list.push(s);
        f.note("new pool span 0x%x for order %d", base, order);
      }
      long x = s.manualFreeList.pop();
      s.allocCount++;
      if (s.manualFreeList.isEmpty()) {
        list.remove(s);
      }
      return x;
    }
  }

  /** Returns a stack to its pool span; a wholly free span goes back to the heap (GC is off). */
  @Source(file = "runtime/stack.go", line = 240, function = "stackpoolfree", version = "go1.19")
  void stackpoolfree(long x, int order) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      PoolSpan s = spanOfPage.get(x / Consts.PAGE_SIZE);
      ArrayDeque<PoolSpan> list = stackpool.get(order);
      if (s.manualFreeList.isEmpty()) {
        list.push(s);
      }
      s.manualFreeList.push(x);
      s.allocCount--;
      if (s.allocCount == 0) {
        list.remove(s);
        for (long p = 0; p < Consts.STACK_CACHE_SIZE / Consts.PAGE_SIZE; p++) {
          spanOfPage.remove(s.base / Consts.PAGE_SIZE + p);
        }
        rt.mheap.freeManual(s.base, Consts.STACK_CACHE_SIZE / Consts.PAGE_SIZE);
        f.note("pool span 0x%x returned to the heap", s.base);
      }
    }
  }

  /** Fills a P's cache of one order with stacks from the pool until it holds 16 KiB. */
  @Source(file = "runtime/stack.go", line = 279, function = "stackcacherefill", version = "go1.19")
  void stackcacherefill(UserContext ctx, P pp, int order) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      ArrayDeque<Long> list = pp.stackcache.get(order);
      long size = 0;
      while (size < Consts.STACK_CACHE_SIZE / 2) {
        list.push(stackpoolalloc(ctx, order));
        size += (long) Consts.FIXED_STACK << order;
      }
      pp.stackcacheSize[order] = size;
      f.note("%s order %d: %d bytes", pp, order, size);
    }
  }

  /** Gives a P's cache of one order back to the pool down to 16 KiB. */
  @Source(file = "runtime/stack.go", line = 301, function = "stackcacherelease", version = "go1.19")
  void stackcacherelease(P pp, int order) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      ArrayDeque<Long> list = pp.stackcache.get(order);
      long size = pp.stackcacheSize[order];
      while (size > Consts.STACK_CACHE_SIZE / 2) {
        stackpoolfree(list.pop(), order);
        size -= (long) Consts.FIXED_STACK << order;
      }
      pp.stackcacheSize[order] = size;
      f.note("%s order %d: %d bytes", pp, order, size);
    }
  }

  /** log2(n / _FixedStack). */
  static int order(long n) {
    int order = 0;
    long n2 = n;
    while (n2 > Consts.FIXED_STACK) {
      order++;
      n2 >>= 1;
    }
    return order;
  }

  /** Free stacks currently in the global pool, per order (for tests). */
  int poolFree(int order) {
    int n = 0;
    for (PoolSpan s : stackpool.get(order)) {
      n += s.manualFreeList.size();
    }
    return n;
  }
}
