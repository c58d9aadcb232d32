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
  static final int MADV_NOHUGEPAGE = 15;

  /** go1.26.8's heapArena metadata: 69,648 bytes (go1.19's was 2,165,776). */
  static final int HEAP_ARENA_META_126 = 69648;

  /** go1.26.8's profiling bucket hash: buckHashSize 179,999 pointers (mprof.go). */
  static final int BUCKHASH_BYTES_126 = 179999 * 8;

  /** persistentalloc's chunk, {@code persistentChunkSize}. */
  static final int PERSISTENT_CHUNK = 256 << 10;

  /**
   * The persistent memory the model charges each go1.26.8 allocm ({@link
   * GoFeature#PERSISTENT_PER_M}).
   */
  static final int PERSISTENT_PER_M_126 = 128 << 10;

  /** The part of the first chunk go1.26.8's start-up is charged in the model. */
  static final int PERSISTENT_STARTUP_126 = 64 << 10;

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

  /** What is left of the current 256 KiB persistentalloc chunk (go1.26.8's per-M charge). */
  private long persistentLeft;

  /** Whether the first mheap.grow has run (go1.26.8 randomizes where it starts). */
  private boolean grown;

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
   * one place. go1.26.8 ({@link GoFeature#STARTUP_MAPPINGS_126}) makes the same calls in the same
   * order with its own sizes and MADV_NOHUGEPAGE on the two indexes (the go-1.26 findings).
   */
  @Source(file = "runtime/malloc.go", line = 351, function = "mallocinit", version = "go1.19")
  void mallocinit(UserContext ctx) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      // persistentalloc's first chunk
      ctx.mmap(0, PERSISTENT_CHUNK, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
      persistentLeft = PERSISTENT_CHUNK - PERSISTENT_STARTUP_126;
      pageAllocSysInit(ctx);
      sysAlloc(ctx);
      sysGrow(ctx, firstChunk(), Consts.PALLOC_CHUNK_BYTES);
      grown = true;
      // go1.26.8 marks its random padding pages as used: the first free page is the heap base
      bump = Math.max(bump, heapBase());
      // the first spans' metadata: a 1 MiB persistent chunk and two 64 KiB gcBits arenas
      long chunkIndex = ctx.mmap(0, 1 << 20, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
      if (rt.profile.has(GoFeature.STARTUP_MAPPINGS_126)) {
        // go1.26.8 asks for no huge pages on the page allocator's chunk index
        ctx.madvise(chunkIndex, 1 << 20, MADV_NOHUGEPAGE);
      }
      ctx.mmap(0, 64 << 10, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
      ctx.mmap(0, 64 << 10, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
      if (f.recording()) {
        f.note(
            "arena [0x%x, 0x%x) reserved, [0x%x, 0x%x) committed",
            arenaBase, reserved, arenaBase, committed);
      }
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
      // go1.26.8: 8 bytes for each 4 MiB chunk of the 2^48-byte space, 512 MiB
      long scavBytes = rt.profile.has(GoFeature.STARTUP_MAPPINGS_126) ? 512L << 20 : 8L << 20;
      scavIndex = ctx.mmap(0, scavBytes, PROT_NONE, MAP_PRIVATE_ANON, -1, 0);
      if (f.recording()) {
        f.note("summary levels at 0x%x.., scavenge index at 0x%x", summary[0], scavIndex);
      }
    }
  }

  /**
   * Reserves a 64 MiB heap arena at the next hint, then the arena index (L2, 32 MiB) and the
   * heapArena metadata (2,165,776 bytes) the first time.
   */
  @Source(file = "runtime/malloc.go", line = 561, function = "mheap.sysAlloc", version = "go1.19")
  private void sysAlloc(UserContext ctx) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long hint = arenaBase == 0 ? firstArena() : reserved;
      long v = ctx.mmap(hint, Consts.HEAP_ARENA_BYTES, PROT_NONE, MAP_PRIVATE_ANON, -1, 0);
      if (v != hint) {
        throw new GoThrow(
            "mheap.sysAlloc: arena hint 0x" + Long.toHexString(hint) + " not granted");
      }
      if (arenaBase == 0) {
        arenaBase = v;
        bump = v;
        committed = v;
        long l2 = ctx.mmap(0, 32L << 20, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
        if (rt.profile.has(GoFeature.STARTUP_MAPPINGS_126)) {
          // the arena index without huge pages (malloc.go's sysNoHugePage on the L2 map)
          ctx.madvise(l2, 32L << 20, MADV_NOHUGEPAGE);
        }
      }
      boolean newer = rt.profile.has(GoFeature.STARTUP_MAPPINGS_126);
      ctx.mmap(0, newer ? HEAP_ARENA_META_126 : 2165776, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
      reserved = v + Consts.HEAP_ARENA_BYTES;
      if (f.recording()) {
        f.note("arena 0x%x reserved (64 MiB)", v);
      }
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
      if (!grown) {
        long off = base - Consts.ARENA_BASE_OFFSET;
        int[] shifts = {34, 31, 28, 25, 22};
        ctx.mmap(summary[0], 128L << 10, PROT_RW, MAP_PRIVATE_ANON | MAP_FIXED, -1, 0);
        for (int l = 1; l < 5; l++) {
          long at = summary[l] + (((off >>> shifts[l]) * 8) & ~4095L);
          ctx.mmap(at, 4096, PROT_RW, MAP_PRIVATE_ANON | MAP_FIXED, -1, 0);
        }
        long chunks = off >>> 22;
        if (rt.profile.has(GoFeature.STARTUP_MAPPINGS_126)) {
          // one 8-byte entry per chunk: the page holding the chunk's entry, no huge-page hint
          long at = scavIndex + ((chunks * 8) & ~4095L);
          ctx.mmap(at, 4096, PROT_RW, MAP_PRIVATE_ANON | MAP_FIXED, -1, 0);
        } else {
          long scavLen = ((chunks / 8) & ~4095L) + 4096;
          ctx.mmap(scavIndex, scavLen, PROT_RW, MAP_PRIVATE_ANON | MAP_FIXED, -1, 0);
          ctx.madvise(scavIndex, 4L << 20, MADV_HUGEPAGE);
        }
      }
      committed = base + len;
      if (f.recording()) {
        f.note("committed [0x%x, 0x%x)", base, committed);
      }
    }
  }

  /**
   * The heap base: 0xc000000000 up to go1.21; for go1.26.8 the one the options give (the draws of
   * one real process), else the model's fixed 0xc000000000 (DEVIATION: nothing is drawn).
   */
  private long heapBase() {
    long base = rt.opts.heapBase();
    return base != 0 && rt.profile.has(GoFeature.RANDOMIZED_HEAP_BASE) ? base : Consts.ARENA_HINT;
  }

  /** The first arena hint: the 64 MiB arena holding the heap base. */
  private long firstArena() {
    return heapBase() & -Consts.HEAP_ARENA_BYTES;
  }

  /** Where the first mheap.grow commits: the 4 MiB chunk holding the heap base. */
  private long firstChunk() {
    return heapBase() & -Consts.PALLOC_CHUNK_BYTES;
  }

  /**
   * go1.26.8's profiling bucket hash, mapped when the first sampled allocation after sigsave
   * records its stack (DEVIATION: the allocation itself is not modeled; the mapping comes where the
   * capture has it). No call before go1.26 in the model.
   */
  @Source(file = "runtime/mprof.go", line = 275, function = "stkbucket", version = "go1.26.8")
  void buckhash(UserContext ctx) {
    if (!rt.profile.has(GoFeature.STARTUP_MAPPINGS_126)) {
      return;
    }
    try (Frame f = rt.tracer.enter(rt.cite)) {
      long at = ctx.mmap(0, BUCKHASH_BYTES_126, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
      if (f.recording()) {
        f.note("buckhash at 0x%x (%d bytes)", at, BUCKHASH_BYTES_126);
      }
    }
  }

  /**
   * go1.26.8's persistent memory for a new M (see {@link GoFeature#PERSISTENT_PER_M}): a new 256
   * KiB chunk when the current one cannot hold it. No call before go1.26 in the model.
   */
  @Source(
      file = "runtime/malloc.go",
      line = 2329,
      function = "persistentalloc",
      version = "go1.26.8")
  void persistentForM(UserContext ctx) {
    if (!rt.profile.has(GoFeature.PERSISTENT_PER_M)) {
      return;
    }
    try (Frame f = rt.tracer.enter(rt.cite)) {
      if (persistentLeft < PERSISTENT_PER_M_126) {
        ctx.mmap(0, PERSISTENT_CHUNK, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
        persistentLeft = PERSISTENT_CHUNK;
        f.note("a new 256 KiB persistent chunk");
      }
      persistentLeft -= PERSISTENT_PER_M_126;
      if (f.recording()) {
        f.note("128 KiB for the new M (fitted to the captures), %d KiB left", persistentLeft >> 10);
      }
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
      var e = freeSpans.isEmpty() ? null : freeSpans.ceilingEntry(npages);
      if (e != null && e.getKey() == npages) {
        long base = e.getValue().pop();
        if (e.getValue().isEmpty()) {
          freeSpans.remove(e.getKey());
        }
        if (rt.noting()) {
          f.note("span 0x%x, %d pages (reused)", base, npages);
        }
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
      if (rt.noting()) {
        f.note("span 0x%x, %d pages", base, npages);
      }
      return base;
    }
  }

  /** Commits the next 4 MiB of the arena. */
  @Source(file = "runtime/mheap.go", line = 1399, function = "mheap.grow", version = "go1.19")
  private void grow(UserContext ctx) {
    try (Frame f = rt.tracer.enter(rt.cite)) {
      sysGrow(ctx, committed, Consts.PALLOC_CHUNK_BYTES);
      if (f.recording()) {
        f.note("heap grown to 0x%x", committed);
      }
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
