package io.github.clonepath.kernel.task;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code struct pid_namespace} with its number allocator (the kernel's per-namespace idr): a
 * nesting level, a parent, the cyclic cursor, the set of numbers in use and, for each number, the
 * {@link Pid} it names once alloc_pid has made it visible.
 */
public final class PidNamespace {
  /** Nesting limit of pid namespaces: 32 levels below the root. */
  public static final int MAX_PID_NS_LEVEL = 32;

  /** {@code RESERVED_PIDS}: after the first wrap, allocation restarts here, not at 1. */
  public static final int RESERVED_PIDS = 300;

  public final int id;
  public final int level;
  public final @Nullable PidNamespace parent;

  /** The user namespace that owns this pid namespace (capability checks on set_tid). */
  public final UserNamespace userNs;

  /** References: nsproxies (pid_ns_for_children), struct pids of this level, child namespaces. */
  public int count = 1;

  /** The task that reaps orphans here: init of this namespace; null until it exists. */
  public @Nullable Task childReaper;

  /** {@code PIDNS_ADDING}: cleared when the namespace's init dies; then alloc_pid fails. */
  public boolean adding = true;

  private final BitSet used = new BitSet();

  /** The idr's pointers: number → pid, installed by {@link #replace}, dropped by {@link #free}. */
  private final Map<Integer, Pid> pids = new HashMap<>();

  private int cursor = 1;

  /**
   * A new namespace.
   *
   * @param id identity
   * @param parent the parent, null for the root
   * @param userNs the owning user namespace
   */
  public PidNamespace(int id, @Nullable PidNamespace parent, UserNamespace userNs) {
    this.id = id;
    this.parent = parent;
    this.level = parent == null ? 0 : parent.level + 1;
    this.userNs = userNs;
  }

  /**
   * {@code idr_alloc} of one given number.
   *
   * @param nr the number wanted
   * @return nr, or -1 when it is in use
   */
  public int allocExact(int nr) {
    if (used.get(nr)) {
      return -1;
    }
    used.set(nr);
    cursor = nr + 1;
    return nr;
  }

  /**
   * {@code idr_alloc_cyclic} within [min, max): the first free number from the cursor, wrapping to
   * {@code min}.
   *
   * @param min the lowest number
   * @param max one past the highest number
   * @return the number, or -1 when every number is taken (ENOSPC)
   */
  public int allocCyclic(int min, int max) {
    int start = Math.max(cursor, min);
    int nr = start < max ? used.nextClearBit(start) : max;
    if (nr >= max) {
      nr = used.nextClearBit(min);
      if (nr >= max) {
        return -1;
      }
    }
    used.set(nr);
    cursor = nr + 1;
    return nr;
  }

  /**
   * {@code idr_get_cursor}: one past the last number handed out.
   *
   * @return the cursor
   */
  public int cursor() {
    return cursor;
  }

  /**
   * {@code idr_replace}: makes an allocated number name its pid. alloc_pid reserves numbers with no
   * pointer and installs the pid at every level only once all levels succeeded, so a half-built pid
   * is never found.
   *
   * @param nr a number allocated here
   * @param pid the pid that holds it at this namespace's level
   * @throws IllegalStateException if the number is not allocated here
   */
  public void replace(int nr, Pid pid) {
    if (!used.get(nr)) {
      throw new IllegalStateException("pid number " + nr + " is not allocated in pid ns " + id);
    }
    pids.put(nr, pid);
  }

  /**
   * {@code find_pid_ns}: the pid a number names here, by the idr lookup (O(1) here, a radix-tree
   * walk in the kernel), not by scanning tasks.
   *
   * @param nr the number
   * @return the pid, or null when the number is free, only reserved, or not positive
   */
  public @Nullable Pid findPid(int nr) {
    return nr > 0 ? pids.get(nr) : null;
  }

  /**
   * {@code idr_remove}.
   *
   * @param nr a number in use
   */
  public void free(int nr) {
    used.clear(nr);
    pids.remove(nr);
  }

  /**
   * Whether a number is in use.
   *
   * @param nr the number
   * @return true if allocated
   */
  public boolean inUse(int nr) {
    return used.get(nr);
  }

  /**
   * How many numbers are in use.
   *
   * @return the count
   */
  public int allocated() {
    return used.cardinality();
  }
}
