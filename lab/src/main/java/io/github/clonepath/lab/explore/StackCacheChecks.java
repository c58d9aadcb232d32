package io.github.clonepath.lab.explore;

import io.github.clonepath.glibc.pthread.StackCacheInfo;
import io.github.clonepath.glibc.pthread.ThreadStack;
import io.github.clonepath.kernel.syscall.VmaInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * glibc's stack-cache invariants (nptl/nptl-stack.c and nptl/allocatestack.c, glibc 2.36) at one
 * scheduling point of an explored run, read from the C library's read-only view ({@link
 * StackCacheInfo}) and checked against the kernel's VMAs, so a block the cache believes mapped is
 * looked up where the kernel keeps it:
 *
 * <ul>
 *   <li>{@code stack_cache_actsize} is the sum of the cached blocks' sizes, guard included;
 *   <li>every cached block is still mapped: its guard {@code ---p} and the rest {@code rw-p}, as
 *       {@code allocate_stack} left it;
 *   <li>no block is both on {@code stack_used} and in {@code stack_cache}, and no two blocks
 *       overlap;
 *   <li>after a {@code queue_stack} (the total grew since the previous point) whose trim has ended
 *       (the point may fall inside the trim's loop, at one of its munmaps), the total is within
 *       {@code stack_cache_maxsize} unless {@code __nptl_free_stacks} had to skip blocks whose
 *       thread the kernel had not cleared yet: then every block left in the cache belongs to such a
 *       thread, so there are no more cached blocks than threads that were alive at the previous
 *       point or cloned since.
 * </ul>
 *
 * <p>One instance follows one process through one run: the last rule compares with the previous
 * point. DEVIATION: the count of threads is an upper bound taken from the kernel's task table (a
 * thread that exited is no longer told apart from one whose tid is still set), so the last rule
 * catches a trim that left free blocks only when there are more of them than threads.
 */
final class StackCacheChecks {
  private long total = -1;
  private int threadsBefore;
  private int callsBefore;

  /**
   * Checks the cache as it is now, and its trim against the previous point.
   *
   * @param c the cache
   * @param vmas the process's VMAs, lowest first
   * @param threads the process's threads besides the main one, as the kernel lists them now
   * @param clonesSince successful clone and clone3 calls since the previous point
   * @return "" when every invariant holds, else the first broken one
   */
  String check(StackCacheInfo c, List<VmaInfo> vmas, int threads, int clonesSince) {
    String v = invariants(c, vmas);
    long sum = c.actsize();
    if (v.isEmpty()
        && total >= 0
        && !c.freeing()
        && sum > total
        && sum > c.maxsize()
        && c.cached().size() > threadsBefore + clonesSince) {
      v =
          String.format(
              "stack_cache_actsize %d is above the limit %d after a queue_stack, with %d cached"
                  + " blocks but at most %d threads that could still run on one",
              sum, c.maxsize(), c.cached().size(), threadsBefore + clonesSince);
    }
    total = sum;
    threadsBefore = threads;
    return v;
  }

  /** Where the syscall log stood at the previous point. */
  int callsBefore() {
    return callsBefore;
  }

  void callsNow(int calls) {
    callsBefore = calls;
  }

  /**
   * The invariants that need no history.
   *
   * @param c the cache
   * @param vmas the process's VMAs, lowest first
   * @return "" when they hold, else the first broken one
   */
  static String invariants(StackCacheInfo c, List<VmaInfo> vmas) {
    long sum = 0;
    for (ThreadStack s : c.cached()) {
      sum += s.blockSize();
    }
    if (sum != c.actsize()) {
      return "stack_cache_actsize is " + c.actsize() + ", the cached blocks add up to " + sum;
    }
    for (ThreadStack s : c.cached()) {
      String m = mapped(s, vmas);
      if (!m.isEmpty()) {
        return "cached block " + span(s) + ": " + m;
      }
    }
    List<ThreadStack> all = new ArrayList<>(c.cached());
    for (ThreadStack u : c.used()) {
      if (c.cached().stream().anyMatch(s -> s.block() == u.block())) {
        return "block " + span(u) + " is both in use and cached";
      }
      all.add(u);
    }
    all.sort(Comparator.comparingLong(ThreadStack::block));
    for (int i = 1; i < all.size(); i++) {
      ThreadStack a = all.get(i - 1);
      if (all.get(i).block() < a.block() + a.blockSize()) {
        return "blocks " + span(a) + " and " + span(all.get(i)) + " overlap";
      }
    }
    return "";
  }

  /**
   * Whether the kernel maps the block as glibc left it: guard inaccessible, the rest read-write.
   */
  private static String mapped(ThreadStack s, List<VmaInfo> vmas) {
    long guardEnd = s.block() + s.guard();
    long end = s.block() + s.blockSize();
    long at = s.block();
    for (VmaInfo v : vmas) {
      if (v.end() <= at || at >= end) {
        continue;
      }
      if (v.start() > at) {
        return String.format("0x%x is not mapped", at);
      }
      long upTo = Math.min(v.end(), end);
      // the part of this VMA inside the guard, then the part past it
      if (at < guardEnd && !v.perms().startsWith("---")) {
        return String.format("its guard at 0x%x is %s, not ---", at, v.perms());
      }
      if (upTo > guardEnd && !v.perms().startsWith("rw-")) {
        return String.format("its stack at 0x%x is %s, not rw-", Math.max(at, guardEnd), v.perms());
      }
      at = upTo;
    }
    return at < end ? String.format("0x%x is not mapped", at) : "";
  }

  private static String span(ThreadStack s) {
    return String.format("0x%x-0x%x", s.block(), s.block() + s.blockSize());
  }
}
