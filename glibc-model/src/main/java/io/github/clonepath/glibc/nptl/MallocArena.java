package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * malloc/arena.c, as far as a thread's birth shows it: which arena a thread's first malloc takes,
 * and the system calls of making a new one. The main thread allocates from the main arena; any
 * other thread, on its first malloc, takes an arena a finished thread left on the free list, or
 * makes a new one while there are at most 8 (then up to 8 per CPU), or else shares one. A new arena
 * is one heap: a 128 MiB {@code PROT_NONE|MAP_NORESERVE} reservation trimmed with two {@code
 * munmap}s to the 64 MiB-aligned 64 MiB inside it, whose first pages ({@code size} plus the 128 KiB
 * top pad, page-rounded) are made read-write.
 *
 * <p>The creation path mallocs in two places the model has: {@code allocate_stack} allocating a
 * fresh block's DTV ({@code _dl_allocate_tls} → {@code allocate_dtv} → {@code calloc}), and {@code
 * start_thread}'s {@code __libc_thread_freeres}, which hands the thread's arena back. The door's
 * malloc and free ({@link #maybeInitTcache}) serve a program's own calls, such as cgo's ThreadStart
 * copy, whose free() on the new thread is that thread's first malloc call.
 *
 * <p>DEVIATION: the memory inside an arena is not modeled (no chunks, bins or tcache; a heap never
 * grows or shrinks); the main arena's {@code brk} is not modeled (it lies outside the reference
 * captures' filter); the CPU count past 8 arenas is the reference machine's 2 rather than {@code
 * sched_getaffinity}'s answer; glibc's other mallocs (stdio, {@code pthread_getattr_np}'s cpuset)
 * take no arena in the model.
 */
final class MallocArena {
  /** {@code HEAP_MAX_SIZE} on 64-bit: twice {@code DEFAULT_MMAP_THRESHOLD_MAX} (32 MiB). */
  static final long HEAP_MAX_SIZE = 64L << 20;

  /** {@code HEAP_MIN_SIZE}. */
  static final long HEAP_MIN_SIZE = 32L << 10;

  /** {@code DEFAULT_TOP_PAD}: {@code mp_.top_pad} unless M_TOP_PAD changes it. */
  static final long TOP_PAD = 128L << 10;

  /**
   * What {@code _int_new_arena} adds to the request: {@code sizeof (heap_info)} (48 with its
   * padding), {@code sizeof (struct malloc_state)} (2200) and {@code MALLOC_ALIGNMENT} (16).
   */
  static final long ARENA_HEADERS = 48 + 2200 + 16;

  /** {@code sizeof (tcache_perthread_struct)}: what a thread's first malloc call asks for. */
  static final long TCACHE_BYTES = 64 * 2 + 64 * 8;

  /** {@code mp_.arena_test} on 64-bit: {@code NARENAS_FROM_NCORES (1)}. */
  static final int ARENA_TEST = 8;

  /** The CPUs the arena limit counts (see the class's DEVIATION). */
  static final int NPROCS = 2;

  /**
   * One arena with its heap.
   *
   * @param heap the heap's address, 0 for the main arena (which has none)
   * @param size the heap's read-write size
   */
  static final class Arena {
    final long heap;
    final long size;
    int attachedThreads;

    Arena(long heap, long size, int attachedThreads) {
      this.heap = heap;
      this.size = size;
      this.attachedThreads = attachedThreads;
    }
  }

  /** The main arena, attached to the main thread from the start. */
  private final Arena main;

  /** Every arena in {@code main_arena.next} order, the main one first. */
  private final List<Arena> all = new ArrayList<>();

  private final Deque<Arena> freeList = new ArrayDeque<>();

  /** The arena each thread's {@code arena_key} names, by descriptor. */
  private final Map<Tcb, Arena> threadArena = new IdentityHashMap<>();

  private int narenas = 1;
  private long narenasLimit;
  private long alignedHeapArea;
  private @Nullable Arena nextToUse;

  MallocArena() {
    main = new Arena(0, 0, 1);
    all.add(main);
  }

  /**
   * {@code MAYBE_INIT_TCACHE}, the first step of {@code __libc_malloc} and {@code __libc_free} (and
   * {@code __libc_calloc}): a thread without a tcache makes one ({@code tcache_init}), and the
   * {@code _int_malloc} of its {@code tcache_perthread_struct} is the thread's first use of an
   * arena ({@code arena_get} of {@link #TCACHE_BYTES}). A thread that has its tcache (in the model:
   * an arena, since a tcache is made with one) makes no call. The walk shows the arena steps under
   * the caller, without tcache_init's own step.
   */
  @Source(file = "malloc/malloc.c", function = "tcache_init", version = "glibc 2.36")
  void maybeInitTcache(UserContext ctx, Tcb self) {
    arenaGet(ctx, self, TCACHE_BYTES);
  }

  /**
   * The arena a thread's malloc of {@code bytes} uses ({@code arena_get}): the one it has, the main
   * arena for the main thread, else {@link #arenaGet2}.
   */
  void arenaGet(UserContext ctx, Tcb self, long bytes) {
    if (threadArena.containsKey(self)) {
      return;
    }
    if (self.isMain) {
      threadArena.put(self, main);
      return;
    }
    threadArena.put(self, arenaGet2(ctx, bytes));
  }

  /**
   * {@code arena_get2}: an arena from the free list, or a new one while the count allows, or one
   * shared round-robin with other threads.
   */
  @Source(file = "malloc/arena.c", function = "arena_get2", version = "glibc 2.36")
  private Arena arenaGet2(UserContext ctx, long bytes) {
    try (Frame f = ctx.tracer().enter()) {
      Arena a = freeList.poll();
      // a finished thread's arena is free: no system call
      if (a != null) {
        a.attachedThreads++;
        if (f.recording()) {
          f.note("arena_get2: reused the free arena at 0x%x", a.heap);
        }
        return a;
      }
      // past arena_test arenas, the limit becomes 8 per CPU
      if (narenasLimit == 0 && narenas > ARENA_TEST) {
        narenasLimit = 8L * NPROCS;
      }
      // below the limit (none yet counts as unlimited): a new arena
      if (narenasLimit == 0 || narenas <= narenasLimit - 1) {
        narenas++;
        Arena made = intNewArena(ctx, bytes);
        if (made != null) {
          return made;
        }
        narenas--;
        f.note("arena_get2: no new arena; malloc falls back on the main arena");
        main.attachedThreads++;
        return main;
      }
      return reusedArena(f);
    }
  }

  /** {@code reused_arena}: the next arena in turn, attached to one more thread. */
  private Arena reusedArena(Frame f) {
    Arena a = nextToUse == null ? main : nextToUse;
    a.attachedThreads++;
    nextToUse = all.get((all.indexOf(a) + 1) % all.size());
    if (f.recording()) {
      f.note("reused_arena: shares the arena at 0x%x", a.heap);
    }
    return a;
  }

  /** {@code _int_new_arena}: a heap big enough for the request and the arena's own header. */
  @Source(file = "malloc/arena.c", function = "_int_new_arena", version = "glibc 2.36")
  private @Nullable Arena intNewArena(UserContext ctx, long bytes) {
    try (Frame f = ctx.tracer().enter()) {
      long h = newHeap(ctx, bytes + ARENA_HEADERS);
      // the request does not fit one heap: a minimal arena, the request left to mmap
      if (h == 0) {
        h = newHeap(ctx, ARENA_HEADERS);
      }
      if (h == 0) {
        return null;
      }
      Arena a = new Arena(h, heapSize(bytes + ARENA_HEADERS), 1);
      all.add(1, a);
      if (f.recording()) {
        f.note("_int_new_arena: arena %d at 0x%x", narenas, h);
      }
      return a;
    }
  }

  /** The read-write size new_heap gives a request: with the top pad, page-rounded. */
  private static long heapSize(long size) {
    long s;
    if (size + TOP_PAD < HEAP_MIN_SIZE) {
      s = HEAP_MIN_SIZE;
    } else if (size + TOP_PAD <= HEAP_MAX_SIZE) {
      s = size + TOP_PAD;
    } else {
      s = HEAP_MAX_SIZE;
    }
    return Layout.roundUp(s, Layout.PAGE);
  }

  /**
   * {@code new_heap}: reserve twice the heap size so a HEAP_MAX_SIZE-aligned heap lies inside, give
   * back the parts before and after it, then make its first {@code size} bytes read-write. An
   * aligned reservation leaves its second half to try first next time.
   *
   * @return the heap's address, or 0 when no heap can be made
   */
  @Source(file = "malloc/arena.c", function = "new_heap", version = "glibc 2.36")
  private long newHeap(UserContext ctx, long request) {
    try (Frame f = ctx.tracer().enter()) {
      // larger than any heap: new_heap refuses
      if (request > HEAP_MAX_SIZE) {
        return 0;
      }
      long size = heapSize(request);
      int flags = Layout.MAP_PRIVATE | Layout.MAP_ANONYMOUS | Layout.MAP_NORESERVE;
      long p2 = -1;
      // the second half of the last aligned reservation is tried first
      if (alignedHeapArea != 0) {
        p2 = ctx.mmap(alignedHeapArea, HEAP_MAX_SIZE, Layout.PROT_NONE, flags, -1, 0);
        alignedHeapArea = 0;
        // it came back elsewhere: not aligned, so not usable
        if (!Errno.isError(p2) && (p2 & (HEAP_MAX_SIZE - 1)) != 0) {
          ctx.munmap(p2, HEAP_MAX_SIZE);
          p2 = -1;
        }
      }
      if (Errno.isError(p2)) {
        long p1 = ctx.mmap(0, HEAP_MAX_SIZE << 1, Layout.PROT_NONE, flags, -1, 0);
        if (!Errno.isError(p1)) {
          p2 = Layout.roundUp(p1, HEAP_MAX_SIZE);
          long ul = p2 - p1;
          // trim the front, or remember the aligned second half when there is no front
          if (ul != 0) {
            ctx.munmap(p1, ul);
          } else {
            alignedHeapArea = p2 + HEAP_MAX_SIZE;
          }
          ctx.munmap(p2 + HEAP_MAX_SIZE, HEAP_MAX_SIZE - ul);
        } else {
          // no room for twice the size: a single one may happen to be aligned
          p2 = ctx.mmap(0, HEAP_MAX_SIZE, Layout.PROT_NONE, flags, -1, 0);
          if (Errno.isError(p2)) {
            return 0;
          }
          if ((p2 & (HEAP_MAX_SIZE - 1)) != 0) {
            ctx.munmap(p2, HEAP_MAX_SIZE);
            return 0;
          }
        }
      }
      // the heap's first pages cannot be opened: give it all back
      if (ctx.mprotect(p2, size, Layout.PROT_READ | Layout.PROT_WRITE) != 0) {
        ctx.munmap(p2, HEAP_MAX_SIZE);
        return 0;
      }
      if (f.recording()) {
        f.note("new_heap: %d bytes read-write at 0x%x", size, p2);
      }
      return p2;
    }
  }

  /**
   * {@code arena_thread_freeres}, from {@code start_thread}'s {@code __libc_thread_freeres}: the
   * thread lets go of its arena, which goes on the free list when no other thread uses it.
   */
  void threadFreeres(Tcb self) {
    Arena a = threadArena.remove(self);
    if (a != null && --a.attachedThreads == 0) {
      freeList.push(a);
    }
  }

  /**
   * The forked child's arenas ({@code __malloc_fork_unlock_child}): the same arenas at the same
   * addresses; the forking thread keeps its own, every other one is free.
   *
   * @param copies the parent's descriptors to the child's
   * @param forking the forking thread, in the parent
   */
  MallocArena forkCopy(Map<Tcb, Tcb> copies, Tcb forking) {
    MallocArena c = new MallocArena();
    Map<Arena, Arena> arenas = new IdentityHashMap<>();
    arenas.put(main, c.main);
    for (Arena a : all) {
      if (a != main) {
        Arena copy = new Arena(a.heap, a.size, 0);
        arenas.put(a, copy);
        c.all.add(copy);
      }
    }
    Arena mine = threadArena.get(forking);
    for (Arena a : all) {
      Arena copy = arenas.get(a);
      copy.attachedThreads = a == mine ? 1 : 0;
      if (a != mine) {
        c.freeList.addLast(copy);
      }
    }
    if (mine != null) {
      c.threadArena.put(copies.get(forking), arenas.get(mine));
    }
    c.narenas = narenas;
    c.narenasLimit = narenasLimit;
    c.alignedHeapArea = alignedHeapArea;
    return c;
  }
}
