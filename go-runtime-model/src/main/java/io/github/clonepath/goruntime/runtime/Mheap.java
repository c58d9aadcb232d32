package io.github.clonepath.goruntime.runtime;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayDeque;
import java.util.TreeMap;

/**
 * The part of the Go heap the creation paths need: the arenas reserved at 0xc000000000, the pages
 * committed in 4 MiB steps, spans handed out in 8 KiB pages, and the 1 KiB size class {@code
 * new(m)} uses. DEVIATION: the rest of the allocator (size classes other than m's, mcentral, GC,
 * scavenging, the page allocator's radix tree) is not modeled; spans are carved from the arena in
 * address order and freed spans are reused first-fit by page count. Objects the model does not
 * place (Gs, Ps, channels) take no arena space.
 */
final class Mheap {
  static final int PROT_NONE = 0;
  static final int PROT_RW = 3;
  static final int MAP_PRIVATE_ANON = 0x22;
  static final int MAP_FIXED = 0x10;
  static final int MADV_HUGEPAGE = 14;

  private final Runtime rt;

  /** Start of the arena being carved. */
  private long arenaBase;

  /** Next unused address of the arena space. */
  private long bump;

  /** End of the committed (RW) part. */
  private long committed;

  /** End of the reserved arenas. */
  private long reserved;

  /** Addresses the summary levels and scavenge index were reserved at (for later commits). */
  private final long[] summary = new long[5];

  private long scavIndex;

  /** Free spans by page count. */
  private final TreeMap<Long, ArrayDeque<Long>> freeSpans = new TreeMap<>();

  /** The current span of 1 KiB objects for new(m), and the next free slot in it. */
  private long mSpan;

  private int mSpanNext = 8;

  /** Pages currently in use by spans. */
  long pagesInUse;

  Mheap(Runtime rt) {
    this.rt = rt;
  }

  /**
   * Start-up of the allocator: the mappings a fresh Go 1.19 process makes before its first clone,
   * in the order the reference trace shows them. The attribution of each mapping to a runtime
   * function was inferred from its size (see the reference findings §1); the model issues them in
   * one place.
   */
  @Source(file = "runtime/malloc.go", line = 351, function = "mallocinit", version = "go1.19")
  void mallocinit(UserContext ctx) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      // persistentalloc's first chunk
      ctx.mmap(0, 256 << 10, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
      pageAllocSysInit(ctx);
      sysAlloc(ctx);
      sysGrow(ctx, Consts.ARENA_HINT, Consts.PALLOC_CHUNK_BYTES);
      // the first spans' metadata: a 1 MiB persistent chunk and two 64 KiB gcBits arenas
      ctx.mmap(0, 1 << 20, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
      ctx.mmap(0, 64 << 10, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
      ctx.mmap(0, 64 << 10, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
      f.note(
          "arena [0x%x, 0x%x) reserved, [0x%x, 0x%x) committed",
          arenaBase, reserved, arenaBase, committed);
    }
  }

  /**
   * Reserves the five summary levels of the page allocator (14+3+3+3+3 bits, 8 bytes each) and the
   * scavenge index, all PROT_NONE.
   */
  @Source(
      file = "runtime/mpagealloc_64bit.go",
      line = 72,
      function = "pageAlloc.sysInit",
      version = "go1.19")
  private void pageAllocSysInit(UserContext ctx) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long[] sizes = {128L << 10, 1L << 20, 8L << 20, 64L << 20, 512L << 20};
      for (int l = 0; l < 5; l++) {
        summary[l] = ctx.mmap(0, sizes[l], PROT_NONE, MAP_PRIVATE_ANON, -1, 0);
      }
      scavIndex = ctx.mmap(0, 8L << 20, PROT_NONE, MAP_PRIVATE_ANON, -1, 0);
      f.note("summary levels at 0x%x.., scavenge index at 0x%x", summary[0], scavIndex);
    }
  }

  /**
   * Reserves a 64 MiB heap arena at the next hint, then the arena index (L2, 32 MiB) and the
   * heapArena metadata (2,165,776 bytes) the first time.
   */
  @Source(file = "runtime/malloc.go", line = 561, function = "mheap.sysAlloc", version = "go1.19")
  private void sysAlloc(UserContext ctx) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long hint = arenaBase == 0 ? Consts.ARENA_HINT : reserved;
      long v = ctx.mmap(hint, Consts.HEAP_ARENA_BYTES, PROT_NONE, MAP_PRIVATE_ANON, -1, 0);
      if (v != hint) {
        throw new GoThrow(
            "mheap.sysAlloc: arena hint 0x" + Long.toHexString(hint) + " not granted");
      }
      if (arenaBase == 0) {
        arenaBase = v;
        bump = v;
        committed = v;
        ctx.mmap(0, 32L << 20, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
      }
      ctx.mmap(0, 2165776, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
      reserved = v + Consts.HEAP_ARENA_BYTES;
      f.note("arena 0x%x reserved (64 MiB)", v);
    }
  }

  /**
   * Commits heap pages and the page allocator's metadata for them: the arena pages, the summary
   * entries of every level that cover them (level 0 whole, as the trace shows; the others one page
   * around the chunk's entry), and the scavenge index from its start up to the chunk's bit, with a
   * MADV_HUGEPAGE hint on its first 4 MiB. DEVIATION: after the first growth only the arena pages
   * are committed (the summary pages already cover the next chunks of the first arena).
   */
  @Source(
      file = "runtime/mpagealloc_64bit.go",
      line = 107,
      function = "pageAlloc.sysGrow",
      version = "go1.19")
  private void sysGrow(UserContext ctx, long base, long len) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      ctx.mmap(base, len, PROT_RW, MAP_PRIVATE_ANON | MAP_FIXED, -1, 0);
      if (committed == arenaBase) {
        long off = base - Consts.ARENA_BASE_OFFSET;
        int[] shifts = {34, 31, 28, 25, 22};
        ctx.mmap(summary[0], 128L << 10, PROT_RW, MAP_PRIVATE_ANON | MAP_FIXED, -1, 0);
        for (int l = 1; l < 5; l++) {
          long at = summary[l] + (((off >>> shifts[l]) * 8) & ~4095L);
          ctx.mmap(at, 4096, PROT_RW, MAP_PRIVATE_ANON | MAP_FIXED, -1, 0);
        }
        long chunks = off >>> 22;
        long scavLen = ((chunks / 8) & ~4095L) + 4096;
        ctx.mmap(scavIndex, scavLen, PROT_RW, MAP_PRIVATE_ANON | MAP_FIXED, -1, 0);
        ctx.madvise(scavIndex, 4L << 20, MADV_HUGEPAGE);
      }
      committed = base + len;
      f.note("committed [0x%x, 0x%x)", base, committed);
    }
  }

  /**
   * Allocates a span of whole pages for stacks or objects ({@code mheap.allocManual} for stacks).
   *
   * @return the span's base address
   */
  @Source(file = "runtime/mheap.go", line = 940, function = "mheap.allocManual", version = "go1.19")
  long allocManual(UserContext ctx, long npages) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      pagesInUse += npages;
      var e = freeSpans.ceilingEntry(npages);
      if (e != null && e.getKey() == npages) {
        long base = e.getValue().pop();
        if (e.getValue().isEmpty()) {
          freeSpans.remove(e.getKey());
        }
        f.note("span 0x%x, %d pages (reused)", base, npages);
        return base;
      }
      long bytes = npages * Consts.PAGE_SIZE;
      if (bump + bytes > reserved) {
        sysAlloc(ctx);
      }
      while (bump + bytes > committed) {
        grow(ctx);
      }
      long base = bump;
      bump += bytes;
      f.note("span 0x%x, %d pages", base, npages);
      return base;
    }
  }

  /** Commits the next 4 MiB of the arena. */
  @Source(file = "runtime/mheap.go", line = 1399, function = "mheap.grow", version = "go1.19")
  private void grow(UserContext ctx) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      sysGrow(ctx, committed, Consts.PALLOC_CHUNK_BYTES);
      f.note("heap grown to 0x%x", committed);
    }
  }

  /** Gives a span back; the model keeps it for reuse (the GC never runs, so it is free at once). */
  void freeManual(long base, long npages) {
    pagesInUse -= npages;
    freeSpans.computeIfAbsent(npages, k -> new ArrayDeque<>()).push(base);
  }

  /**
   * Consumes pages for runtime objects the model does not place one by one (start-up data, a
   * small-object span), so the addresses after them land where the reference trace shows them.
   */
  void reserveOpaque(UserContext ctx, long npages) {
    allocManual(ctx, npages);
  }

  /**
   * {@code new(m)}: a 1 KiB object from the current span of that size class (8 KiB, 8 objects,
   * handed out in address order), or from go1.25 {@code new(mPadded)}, a 2048-byte object (4 to a
   * span); a new span when it is full.
   */
  long newM(UserContext ctx) {
    long size = rt.profile.has(GoFeature.M_PADDED) ? M.PADDED_SIZE : M.SIZE;
    int perSpan = (int) (Consts.PAGE_SIZE / size);
    if (mSpanNext >= perSpan) {
      mSpan = allocManual(ctx, 1);
      mSpanNext = 0;
    }
    return mSpan + size * mSpanNext++;
  }
}
