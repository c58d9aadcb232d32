package io.github.clonepath.glibc.pthread;

import java.util.List;

/**
 * glibc's stack cache at one moment, read-only, for pictures and tests; not a glibc structure.
 *
 * @param actsize {@code stack_cache_actualsize}: bytes of the stacks in the cache
 * @param maxsize {@code stack_cache_maxsize}, the limit the cache is trimmed to
 * @param cached the stacks in {@code stack_cache}, most recently queued first
 * @param used the stacks of live threads in {@code stack_used}
 */
public record StackCacheInfo(
    long actsize, long maxsize, List<ThreadStack> cached, List<ThreadStack> used) {
  /** Copies the lists. */
  public StackCacheInfo {
    cached = List.copyOf(cached);
    used = List.copyOf(used);
  }
}
