package io.github.clonepath.goruntime.runtime;

/**
 * The runtime's constants on linux/amd64 with their real values, as {@code runtime/stack.go},
 * {@code runtime/proc.go}, {@code runtime/runtime2.go} and {@code runtime/os_linux.go} of go1.19
 * define them.
 */
public final class Consts {
  /** {@code _StackMin}: the stack of a brand-new goroutine. */
  public static final int STACK_MIN = 2048;

  /** {@code _FixedStack}: _StackMin rounded to a power of two plus _StackSystem (0 on Linux). */
  public static final int FIXED_STACK = 2048;

  /** {@code _StackSystem} on Linux. */
  public static final int STACK_SYSTEM = 0;

  /** {@code _StackGuard} in go1.15 and later (880 in go1.13, 896 in go1.14). */
  public static final int STACK_GUARD = 928;

  /** {@code _StackSmall}. */
  public static final int STACK_SMALL = 128;

  /** {@code _StackBig}. */
  public static final int STACK_BIG = 4096;

  /** {@code _StackLimit} = _StackGuard - _StackSystem - _StackSmall. */
  public static final int STACK_LIMIT = STACK_GUARD - STACK_SYSTEM - STACK_SMALL;

  /** {@code _NumStackOrders}: the 2, 4, 8 and 16 KiB pools. */
  public static final int NUM_STACK_ORDERS = 4;

  /** {@code _StackCacheSize}: per-order per-P cache cap and the pool's span size. */
  public static final int STACK_CACHE_SIZE = 32 * 1024;

  /** {@code maxstacksize} on 64-bit. */
  public static final long MAX_STACK_SIZE = 1_000_000_000L;

  /** The g0 stack of an M that is not a cgo M: 8192 × StackGuardMultiplier (1) up to go1.21. */
  public static final int G0_STACK = 8192;

  /** The g0 stack of a non-cgo M from go1.22: 16384 × StackGuardMultiplier (1). */
  public static final int G0_STACK_16K = 16384;

  /** The signal stack {@code mpreinit} gives every M. */
  public static final int GSIGNAL_STACK = 32 * 1024;

  /** mstart0 keeps the lowest 1 KiB of an OS (pthread) stack out of g0's bounds. */
  public static final int OS_STACK_RESERVE = 1024;

  /** The stack of an extra M's goroutine (oneNewExtraM: malg(4096)). */
  public static final int EXTRA_M_G_STACK = 4096;

  /** m0's g0 stack carved from the main thread's OS stack by rt0_go. */
  public static final int M0_G0_STACK = 64 * 1024;

  /** {@code len(p.runq)}. */
  public static final int RUNQ_SIZE = 256;

  /** {@code _GoidCacheBatch}. */
  public static final int GOID_CACHE_BATCH = 16;

  /** gfput spills once a P holds this many free Gs. */
  public static final int GFREE_SPILL_AT = 64;

  /** gfput spills until fewer than this remain; gfget refills up to it. */
  public static final int GFREE_KEEP = 32;

  /** {@code sched.maxmcount} set by schedinit. */
  public static final int MAX_MCOUNT = 10000;

  /** schedule's fairness tick: the global queue is checked every 61st schedtick. */
  public static final int GLOBAL_RUNQ_TICK = 61;

  /** {@code cloneFlags}: VM|FS|FILES|SIGHAND|SYSVSEM|THREAD. */
  public static final long CLONE_FLAGS = 0x50f00L;

  /** OR-ed in by runtime·clone when it sets the TLS itself (go1.16+). */
  public static final long CLONE_SETTLS = 0x80000L;

  /** sysmon's first sleep, in microseconds. */
  public static final int SYSMON_MIN_DELAY_US = 20;

  /** sysmon's longest sleep, in microseconds. */
  public static final int SYSMON_MAX_DELAY_US = 10_000;

  /** Idle sysmon cycles before it starts doubling its sleep. */
  public static final int SYSMON_IDLE_BEFORE_DOUBLING = 50;

  /** {@code forcePreemptNS}: also how long a P may sit in a syscall when nobody wants it. */
  public static final long FORCE_PREEMPT_NS = 10_000_000L;

  /** Tries of retryOnEAGAIN (go1.20+) and of _cgo_try_pthread_create. */
  public static final int EAGAIN_TRIES = 20;

  /** Heap arena size on linux/amd64 ({@code heapArenaBytes}). */
  public static final long HEAP_ARENA_BYTES = 64L << 20;

  /** The first arena hint. */
  public static final long ARENA_HINT = 0xc000000000L;

  /** The runtime's page size ({@code _PageSize}). */
  public static final int PAGE_SIZE = 8192;

  /** The page allocator's chunk ({@code pallocChunkBytes}), the heap's growth unit. */
  public static final long PALLOC_CHUNK_BYTES = 4L << 20;

  /** {@code arenaBaseOffset} on amd64. */
  public static final long ARENA_BASE_OFFSET = 0xffff800000000000L;

  private Consts() {}
}
