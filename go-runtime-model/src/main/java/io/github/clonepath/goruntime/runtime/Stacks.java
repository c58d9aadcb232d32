package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Go's stack allocator ({@code runtime/stack.go}): power-of-two stacks from the Go heap, never from
 * libc. Small stacks (2, 4, 8, 16 KiB: orders 0-3) come from a per-P cache refilled from a global
 * pool of 32 KiB spans; larger ones get their own span.
 */
final class Stacks {
  private final Runtime rt;

  /** stackpool[order]: spans with free stacks, most recent first. */
  private final SpanList[] stackpool = new SpanList[Consts.NUM_STACK_ORDERS];

  /** Pages of one heap arena (64 MiB of 8 KiB pages). */
  private static final int PAGES_PER_ARENA = (int) (Consts.HEAP_ARENA_BYTES / Consts.PAGE_SIZE);

  /**
   * The heap arenas' page tables ({@code heapArena.spans}), by arena index: which pool span each
   * page of the arena belongs to, as {@code spanOfUnchecked} reads it to find a freed stack's span.
   * One entry per 8 KiB page (4 per 32 KiB span), not one per stack.
   */
  private final Map<Long, PoolSpan[]> arenaSpans = new HashMap<>();

  /** The arena index last looked up, and its page table (stacks are carved arena by arena). */
  private long lastArena = -1;

  private PoolSpan[] lastSpans;

  Stacks(Runtime rt) {
    this.rt = rt;
    for (int i = 0; i < Consts.NUM_STACK_ORDERS; i++) {
      stackpool[i] = new SpanList();
    }
  }

  /**
   * A list of free stacks ({@code gclinkptr} list: {@code mcache.stackcache[order].list}, {@code
   * mspan.manualFreeList}), head first: push and pop at the head. The runtime links them through
   * each free stack's first word; the model keeps their addresses in an array (it writes nothing
   * into a free stack, as nothing reads it there).
   */
  static final class FreeList {
    private long[] addrs = new long[Consts.STACK_CACHE_SIZE / Consts.FIXED_STACK];
    private int n;

    void push(long x) {
      if (n == addrs.length) {
        addrs = Arrays.copyOf(addrs, 2 * n);
      }
      addrs[n++] = x;
    }

    long pop() {
      if (n == 0) {
        throw new GoThrow("stack free list is empty");
      }
      return addrs[--n];
    }

    boolean isEmpty() {
      return n == 0;
    }

    int size() {
      return n;
    }
  }

  /** A 32 KiB span carved into equal stacks, with its own free list, on its order's pool list. */
  static final class PoolSpan {
    final long base;
    final FreeList manualFreeList = new FreeList();
    int allocCount;

    /** Its neighbours on the {@link SpanList} it is on ({@code mspan.next}, {@code prev}). */
    PoolSpan next;

    PoolSpan prev;

    /** Whether it is on a pool list. */
    boolean listed;

    PoolSpan(long base) {
      this.base = base;
    }
  }

  /** {@code mSpanList}: a doubly linked list of spans; insert at the head, remove from anywhere. */
  static final class SpanList {
    PoolSpan first;

    void insert(PoolSpan s) {
      s.next = first;
      s.prev = null;
      if (first != null) {
        first.prev = s;
      }
      first = s;
      s.listed = true;
    }

    void remove(PoolSpan s) {
      if (!s.listed) {
        return;
      }
      if (s.prev != null) {
        s.prev.next = s.next;
      } else {
        first = s.next;
      }
      if (s.next != null) {
        s.next.prev = s.prev;
      }
      s.next = null;
      s.prev = null;
      s.listed = false;
    }
  }

  /** The page table of the arena holding {@code addr}, made when the arena is first used. */
  private PoolSpan[] spansOf(long addr) {
    long arena = addr / Consts.HEAP_ARENA_BYTES;
    if (arena != lastArena) {
      lastSpans = arenaSpans.computeIfAbsent(arena, a -> new PoolSpan[PAGES_PER_ARENA]);
      lastArena = arena;
    }
    return lastSpans;
  }

  /** Records (or clears, with null) the span of each page of {@code [base, base + 32 KiB)}. */
  private void setSpan(long base, PoolSpan s) {
    for (long p = 0; p < Consts.STACK_CACHE_SIZE / Consts.PAGE_SIZE; p++) {
      long addr = base + p * Consts.PAGE_SIZE;
      spansOf(addr)[pageInArena(addr)] = s;
    }
  }

  private static int pageInArena(long addr) {
    return (int) ((addr % Consts.HEAP_ARENA_BYTES) / Consts.PAGE_SIZE);
  }

  /**
   * Allocates a stack of {@code n} bytes (a power of two) and returns its lo; its hi is lo + n.
   *
   * <p>Small stacks come from the current P's cache (refilled from the pool when empty) unless the
   * M has no P, in which case the pool is used directly; large stacks get a span of their own.
   */
  @Source(file = "runtime/stack.go", line = 344, function = "stackalloc", version = "go1.19")
  long stackalloc(UserContext ctx, P pp, long n) {
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
          FreeList c = pp.stackcache[order];
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
      if (rt.noting()) {
        f.note("stack %s (%d bytes)", new Stack(v, v + n), n);
      }
      return v;
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
          pp.stackcache[order].push(stk.lo());
          pp.stackcacheSize[order] += n;
        }
      } else {
        rt.mheap.freeManual(stk.lo(), n / Consts.PAGE_SIZE);
      }
      if (rt.noting()) {
        f.note("freed %s", stk);
      }
    }
  }

  /** Takes one stack of an order from the pool, carving a new 32 KiB span if none has one free. */
  @Source(file = "runtime/stack.go", line = 201, function = "stackpoolalloc", version = "go1.19")
  long stackpoolalloc(UserContext ctx, int order) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      SpanList list = stackpool[order];
      PoolSpan s = list.first;
      if (s == null) {
        long base = rt.mheap.allocManual(ctx, Consts.STACK_CACHE_SIZE / Consts.PAGE_SIZE);
        s = new PoolSpan(base);
        long size = (long) Consts.FIXED_STACK << order;
        for (long i = 0; i < Consts.STACK_CACHE_SIZE / size; i++) {
          s.manualFreeList.push(base + i * size);
        }
        setSpan(base, s);
        list.insert(s);
        if (rt.noting()) {
          f.note("new pool span 0x%x for order %d", base, order);
        }
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
      PoolSpan s = spansOf(x)[pageInArena(x)];
      SpanList list = stackpool[order];
      if (s.manualFreeList.isEmpty()) {
        list.insert(s);
      }
      s.manualFreeList.push(x);
      s.allocCount--;
      if (s.allocCount == 0) {
        list.remove(s);
        setSpan(s.base, null);
        rt.mheap.freeManual(s.base, Consts.STACK_CACHE_SIZE / Consts.PAGE_SIZE);
        if (rt.noting()) {
          f.note("pool span 0x%x returned to the heap", s.base);
        }
      }
    }
  }

  /** Fills a P's cache of one order with stacks from the pool until it holds 16 KiB. */
  @Source(file = "runtime/stack.go", line = 279, function = "stackcacherefill", version = "go1.19")
  void stackcacherefill(UserContext ctx, P pp, int order) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      FreeList list = pp.stackcache[order];
      long size = 0;
      while (size < Consts.STACK_CACHE_SIZE / 2) {
        list.push(stackpoolalloc(ctx, order));
        size += (long) Consts.FIXED_STACK << order;
      }
      pp.stackcacheSize[order] = size;
      if (rt.noting()) {
        f.note("%s order %d: %d bytes", pp, order, size);
      }
    }
  }

  /** Gives a P's cache of one order back to the pool down to 16 KiB. */
  @Source(file = "runtime/stack.go", line = 301, function = "stackcacherelease", version = "go1.19")
  void stackcacherelease(P pp, int order) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      FreeList list = pp.stackcache[order];
      long size = pp.stackcacheSize[order];
      while (size > Consts.STACK_CACHE_SIZE / 2) {
        stackpoolfree(list.pop(), order);
        size -= (long) Consts.FIXED_STACK << order;
      }
      pp.stackcacheSize[order] = size;
      if (rt.noting()) {
        f.note("%s order %d: %d bytes", pp, order, size);
      }
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
    for (PoolSpan s = stackpool[order].first; s != null; s = s.next) {
      n += s.manualFreeList.size();
    }
    return n;
  }
}
