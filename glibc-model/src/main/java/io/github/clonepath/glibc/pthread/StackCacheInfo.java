package io.github.clonepath.glibc.pthread;

import java.util.List;

/**
 * glibc's stack cache at one moment, read-only, for pictures and tests; not a glibc structure.
 *
 * @param actsize {@code stack_cache_actualsize}: bytes of the stacks in the cache
 * @param maxsize {@code stack_cache_maxsize}, the limit the cache is trimmed to
 * @param cached the stacks in {@code stack_cache}, most recently queued first
 * @param used the stacks of live threads in {@code stack_used}
 * @param freeing whether {@code __nptl_free_stacks} is part-way through its loop (its thread
 *     switched out at one of its munmaps, holding {@code dl_stack_cache_lock}), so {@code actsize}
 *     may still be above the limit it trims to
 */
public record StackCacheInfo(
    long actsize, long maxsize, List<ThreadStack> cached, List<ThreadStack> used, boolean freeing) {
  /** Copies the lists. */
  public StackCacheInfo {
    cached = List.copyOf(cached);
    used = List.copyOf(used);
  }

  /**
   * A cache no trim is under way in.
   *
   * @param actsize as {@link #actsize()}
   * @param maxsize as {@link #maxsize()}
   * @param cached as {@link #cached()}
   * @param used as {@link #used()}
   */
  public StackCacheInfo(
      long actsize, long maxsize, List<ThreadStack> cached, List<ThreadStack> used) {
    this(actsize, maxsize, cached, used, false);
  }
}
