package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The stack lists of one process: {@code stack_used} (threads on stacks glibc mapped), {@code
 * stack_user} (threads on caller-supplied stacks) and {@code stack_cache} (released blocks kept for
 * reuse), with the cache's byte count {@code stack_cache_actsize} and its limit.
 *
 * <p>glibc 2.34+ keeps these in ld.so's {@code _rtld_global} and the functions in
 * nptl/nptl-stack.c; glibc 2.31 keeps them file-static in nptl/allocatestack.c (where {@code
 * free_stacks} is at line 255 and {@code queue_stack} at 302). The lists are newest-first, as
 * glibc's {@code list_add} inserts at the head.
 *
 * <p>DEVIATION: list operations cannot be cut in half by a fork in the model (Java code of one task
 * runs without interruption), so the {@code in_flight_stack} marker glibc keeps for the child's
 * repair is not modeled.
 */
final class StackCache {
  /** Newest last: index size()-1 is the head of glibc's list. */
  private final List<Tcb> cache = new ArrayList<>();

  private final LinkedHashSet<Tcb> used = new LinkedHashSet<>();
  private final LinkedHashSet<Tcb> user = new LinkedHashSet<>();
  private long actsize;
  private final long maxsize;

  /** {@link #freeStacks} loops under way, their callers switched out at one of their munmaps. */
  private int freeing;

  StackCache(long maxsize) {
    this.maxsize = maxsize;
  }

  /**
   * A copy for a forked child: the child's copies of the descriptors on the same lists.
   *
   * @param parent the parent's lists
   * @param copies each parent descriptor's copy in the child
   */
  StackCache(StackCache parent, java.util.Map<Tcb, Tcb> copies) {
    this.maxsize = parent.maxsize;
    this.actsize = parent.actsize;
    parent.cache.forEach(t -> cache.add(copies.get(t)));
    parent.used.forEach(t -> used.add(copies.get(t)));
    parent.user.forEach(t -> user.add(copies.get(t)));
  }

  long actsize() {
    return actsize;
  }

  long maxsize() {
    return maxsize;
  }

  /**
   * Whether {@code __nptl_free_stacks} is part-way through its loop, its caller switched out at a
   * munmap's entry (glibc holds {@code dl_stack_cache_lock} all along), so the byte count may still
   * be above the limit it trims to.
   */
  boolean freeing() {
    return freeing > 0;
  }

  /** The cached blocks, newest first. */
  List<Tcb> cached() {
    List<Tcb> out = new ArrayList<>(cache);
    java.util.Collections.reverse(out);
    return out;
  }

  List<Tcb> usedList() {
    return new ArrayList<>(used);
  }

  List<Tcb> userList() {
    return new ArrayList<>(user);
  }

  /**
   * {@code __nptl_stack_in_use}: despite its name, true when the block is free for reuse, that is
   * when the kernel has cleared the tid (0) or a join has marked it (-1).
   */
  @Source(
      file = "nptl/nptl-stack.h",
      line = 32,
      function = "__nptl_stack_in_use",
      version = "glibc 2.36")
  static boolean stackInUse(UserContext ctx, Tcb pd) {
    return ctx.load32(pd.tidAddr()) <= 0;
  }

  /** {@code __nptl_stack_list_add} to {@code stack_used}. */
  void addUsed(Tcb pd) {
    used.add(pd);
    pd.list = Tcb.ListId.USED;
  }

  /** {@code list_add} to {@code stack_user}. */
  void addUser(Tcb pd) {
    user.add(pd);
    pd.list = Tcb.ListId.USER;
  }

  /** {@code __nptl_stack_list_del} from whichever list holds the descriptor. */
  void del(Tcb pd) {
    switch (pd.list) {
      case USED -> used.remove(pd);
      case USER -> user.remove(pd);
      case CACHE -> cache.remove(pd);
      case NONE -> throw new IllegalStateException("descriptor on no list: " + pd);
      default -> throw new IllegalStateException(pd.list.name());
    }
    pd.list = Tcb.ListId.NONE;
  }

  /**
   * {@code get_cached_stack}: the smallest free cached block of at least {@code size} bytes, an
   * exact size ending the search (the scan runs newest first, so ties go to the most recently
   * cached); refused when even the best is more than four times the need, so a small thread does
   * not pin a huge block. The chosen block moves to {@code stack_used} and leaves the byte count.
   *
   * @return the descriptor, or null when the cache has nothing that fits
   */
  @Source(
      file = "nptl/allocatestack.c",
      line = 58,
      function = "get_cached_stack",
      version = "glibc 2.36")
  @Nullable Tcb getCachedStack(UserContext ctx, long size) {
    try (Frame f = ctx.tracer().enter()) {
      @Nullable Tcb result = null;
      for (int i = cache.size() - 1; i >= 0; i--) {
        Tcb curr = cache.get(i);
        // the kernel has not yet cleared the tid: the old thread may still run on it
        if (!stackInUse(ctx, curr)) {
          continue;
        }
        // too small for the request
        if (curr.stackblockSize < size) {
          continue;
        }
        // an exact fit, the usual case as most stacks have the default size: stop looking
        if (curr.stackblockSize == size) {
          result = curr;
          break;
        }
        // the first block big enough
        if (result == null) {
          result = curr;
          continue;
        }
        // a smaller block that is still big enough
        if (result.stackblockSize > curr.stackblockSize) {
          result = curr;
        }
      }
      // nothing in the cache is big enough
      if (result == null) {
        if (f.recording()) {
          f.note("get_cached_stack: miss for %d bytes%s", size, "");
        }
        return null;
      }
      // the best fit is too wasteful: more than four times the need
      if (result.stackblockSize > 4 * size) {
        if (f.recording()) {
          f.note(
              "get_cached_stack: miss for %d bytes%s",
              size, " (best " + result.stackblockSize + " > 4x)");
        }
        return null;
      }
      del(result);
      addUsed(result);
      long before = actsize;
      actsize -= result.stackblockSize;
      // Cancellation state, the exit flags and setup_failed go back to their defaults.
      result.cancelhandling = 0;
      result.setupFailed = false;
      if (f.recording()) {
        f.note(
            "get_cached_stack: hit, reused a %d-byte block at 0x%x; stack_cache_actsize %d→%d",
            result.stackblockSize, result.stackblock, before, actsize);
      }
      return result;
    }
  }

  /**
   * {@code queue_stack}: a released block goes to the head of the cache and its full size, guard
   * included, is counted; when the count is then strictly above the limit, {@link #freeStacks}
   * trims the cache. The block may still be in use by an exiting thread; it is not reused until the
   * kernel clears its tid.
   */
  @Source(file = "nptl/nptl-stack.c", line = 96, function = "queue_stack", version = "glibc 2.36")
  void queueStack(UserContext ctx, Tcb stack) {
    try (Frame f = ctx.tracer().enter()) {
      cache.add(stack);
      stack.list = Tcb.ListId.CACHE;
      long before = actsize;
      actsize += stack.stackblockSize;
      if (f.recording()) {
        f.note("queue_stack: 0x%x, stack_cache_actsize %d→%d", stack.stackblock, before, actsize);
      }
      if (actsize > maxsize) {
        freeStacks(ctx, maxsize);
      }
    }
  }

  /**
   * {@code __nptl_free_stacks}: unmaps free cached blocks, oldest first, until the byte count is at
   * most {@code limit}. Blocks whose thread the kernel has not yet cleared are skipped, so the
   * cache can stay above the limit for a while (a detached thread's own stack).
   */
  @Source(
      file = "nptl/nptl-stack.c",
      line = 56,
      function = "__nptl_free_stacks",
      version = "glibc 2.36")
  void freeStacks(UserContext ctx, long limit) {
    try (Frame f = ctx.tracer().enter()) {
      freeing++;
      try {
        trim(ctx, f, limit);
      } finally {
        freeing--;
      }
    }
  }

  /** The loop of {@link #freeStacks}. */
  private void trim(UserContext ctx, Frame f, long limit) {
    for (int i = 0; i < cache.size(); ) {
      Tcb curr = cache.get(i);
      if (!stackInUse(ctx, curr)) {
        i++;
        continue;
      }
      cache.remove(i);
      curr.list = Tcb.ListId.NONE;
      long before = actsize;
      actsize -= curr.stackblockSize;
      long rc = ctx.munmap(curr.stackblock, curr.stackblockSize);
      if (rc != 0) {
        throw new IllegalStateException(
            "munmap of a cached stack failed (" + rc + "): glibc calls abort() here");
      }
      if (f.recording()) {
        f.note(
            "free_stacks: unmapped 0x%x (%d bytes), stack_cache_actsize %d→%d",
            curr.stackblock, curr.stackblockSize, before, actsize);
      }
      // the descriptor lived in the block: it is gone now, before this loop's next munmap, at
      // whose entry another thread may run and map (and describe) a new thread at that address
      onFreed(curr);
      if (actsize <= limit) {
        break;
      }
    }
  }

  private final List<java.util.function.Consumer<Tcb>> unmapListeners = new ArrayList<>();

  /** Registers who must forget a descriptor once its block is unmapped. */
  void onUnmap(java.util.function.Consumer<Tcb> listener) {
    unmapListeners.add(listener);
  }

  private void onFreed(Tcb t) {
    for (java.util.function.Consumer<Tcb> l : unmapListeners) {
      l.accept(t);
    }
  }

  /**
   * {@code __nptl_deallocate_stack}: takes the descriptor off its list; a block glibc mapped goes
   * to the cache, a caller-supplied stack is only forgotten (its TLS freed). Never unmaps directly.
   */
  @Source(
      file = "nptl/nptl-stack.c",
      line = 110,
      function = "__nptl_deallocate_stack",
      version = "glibc 2.36")
  void deallocateStack(UserContext ctx, Tcb pd) {
    try (Frame f = ctx.tracer().enter()) {
      del(pd);
      if (!pd.userStack) {
        queueStack(ctx, pd);
      } else {
        if (f.recording()) {
          f.note("deallocate_stack: user stack 0x%x forgotten, not cached", pd.stackblock);
        }
      }
    }
  }

  /**
   * {@code reclaim_stacks} in a forked child: every other thread's block is marked free (tid 0),
   * counted, and spliced into the cache; only the calling thread stays on a used list.
   */
  @Source(
      file = "sysdeps/nptl/fork.h",
      line = 56,
      function = "reclaim_stacks",
      version = "glibc 2.36")
  void reclaimStacks(UserContext ctx, Tcb self) {
    try (Frame f = ctx.tracer().enter()) {
      List<Tcb> running = new ArrayList<>(used);
      for (Tcb curp : running) {
        if (curp != self) {
          ctx.store32(curp.tidAddr(), 0);
          actsize += curp.stackblockSize;
        }
      }
      // list_splice puts the whole used list at the head of the cache, in its own order.
      for (Tcb t : running) {
        if (t != self) {
          cache.add(t);
          t.list = Tcb.ListId.CACHE;
        }
      }
      used.clear();
      user.clear();
      if (!self.isMain) {
        if (self.userStack) {
          addUser(self);
        } else {
          addUsed(self);
        }
      }
      if (f.recording()) {
        f.note(
            "reclaim_stacks: %d stacks of threads not in the child cached, stack_cache_actsize %d",
            running.size() - (running.contains(self) ? 1 : 0), actsize);
      }
    }
  }
}
