package io.github.clonepath.kernel.mm;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The free ranges of an address space, ordered by start, each subtree knowing its largest range:
 * the model's counterpart of the maple tree's gap tracking. The kernel's maple tree stores, in
 * every node, the largest gap below each slot ({@code ma_gaps} in lib/maple_tree.c, Linux 6.2), so
 * that {@code mas_empty_area} and {@code mas_empty_area_rev} skip whole subtrees whose largest gap
 * is too small; the search for the lowest or highest gap of a given size is O(log n) however many
 * small holes the address space has.
 *
 * <p>An AVL tree keyed by the range start, augmented with the subtree's maximum length {@code end -
 * start}. Ranges never overlap; the owner keeps them coalesced. Insert, remove, floor and both
 * searches are O(log n); nothing is random, so the model stays deterministic.
 */
final class GapTree {
  /** One free range [start, end). */
  static final class Node {
    final long start;
    final long end;
    private Node left;
    private Node right;
    private int height = 1;
    private long maxGap;

    private Node(long start, long end) {
      this.start = start;
      this.end = end;
      this.maxGap = end - start;
    }
  }

  private Node root;
  private int size;

  /**
   * How many free ranges there are.
   *
   * @return the count
   */
  int size() {
    return size;
  }

  /**
   * The free range with the greatest start not above {@code key}.
   *
   * @param key an address
   * @return the range, or null when every range starts above key
   */
  @Nullable Node floor(long key) {
    Node n = root;
    Node best = null;
    while (n != null) {
      if (n.start <= key) {
        best = n;
        n = n.right;
      } else {
        n = n.left;
      }
    }
    return best;
  }

  /**
   * The free range that starts exactly at {@code start}.
   *
   * @param start an address
   * @return the range, or null
   */
  @Nullable Node get(long start) {
    Node n = floor(start);
    return n != null && n.start == start ? n : null;
  }

  /**
   * Adds a free range.
   *
   * @param start its start
   * @param end its end, above start
   * @throws IllegalStateException if a range already starts there
   */
  void put(long start, long end) {
    if (end <= start) {
      throw new IllegalArgumentException("empty free range [" + start + ", " + end + ")");
    }
    root = insert(root, new Node(start, end));
    size++;
  }

  /**
   * Removes the free range that starts at {@code start}.
   *
   * @param start its start
   * @return its end, or -1 when no range starts there
   */
  long remove(long start) {
    Node n = get(start);
    if (n == null) {
      return -1;
    }
    root = delete(root, start);
    size--;
    return n.end;
  }

  /**
   * The search of {@code mas_empty_area_rev}: the free range with the greatest start below {@code
   * below} whose length is at least {@code length}. Subtrees whose largest range is shorter are
   * skipped whole.
   *
   * @param below an exclusive bound on the start
   * @param length the least length
   * @return the range, or null when none below the bound is long enough
   */
  @Nullable Node highestFitting(long below, long length) {
    return highest(root, below, length);
  }

  /**
   * The search of {@code mas_empty_area}: the free range with the least start at or above {@code
   * from} whose length is at least {@code length}.
   *
   * @param from an inclusive bound on the start
   * @param length the least length
   * @return the range, or null when none from the bound on is long enough
   */
  @Nullable Node lowestFitting(long from, long length) {
    return lowest(root, from, length);
  }

  /**
   * The ranges, lowest first, as a new map from start to end.
   *
   * @return a snapshot
   */
  Map<Long, Long> toMap() {
    Map<Long, Long> out = new TreeMap<>();
    collect(root, out);
    return out;
  }

  /**
   * Checks the tree's own invariants: order, AVL balance, heights and the per-subtree maxima.
   *
   * @return null when consistent, else what is wrong
   */
  @Nullable String verify() {
    String bad = verify(root, Long.MIN_VALUE, Long.MAX_VALUE);
    if (bad == null && nodes(root) != size) {
      bad = "size " + size + " but " + nodes(root) + " nodes";
    }
    return bad;
  }

  private static int nodes(Node n) {
    return n == null ? 0 : 1 + nodes(n.left) + nodes(n.right);
  }

  private static String verify(Node n, long lo, long hi) {
    if (n == null) {
      return null;
    }
    if (n.start < lo || n.start > hi || n.end <= n.start) {
      return "node [" + n.start + ", " + n.end + ") out of order";
    }
    String bad = verify(n.left, lo, n.start - 1);
    if (bad == null) {
      bad = verify(n.right, n.start + 1, hi);
    }
    if (bad != null) {
      return bad;
    }
    if (Math.abs(height(n.left) - height(n.right)) > 1
        || n.height != 1 + Math.max(height(n.left), height(n.right))) {
      return "node " + n.start + " unbalanced or with a stale height";
    }
    long max = Math.max(n.end - n.start, Math.max(maxGap(n.left), maxGap(n.right)));
    return n.maxGap == max ? null : "node " + n.start + " maxGap " + n.maxGap + " not " + max;
  }

  private static void collect(Node n, Map<Long, Long> out) {
    if (n != null) {
      collect(n.left, out);
      out.put(n.start, n.end);
      collect(n.right, out);
    }
  }

  // Each level either descends one side or answers from a whole subtree whose maximum says a fit
  // is inside (found in one more descent), so both searches visit O(height) nodes.
  private static Node highest(Node n, long below, long length) {
    if (n == null || n.maxGap < length) {
      return null;
    }
    if (n.start >= below) {
      return highest(n.left, below, length);
    }
    Node r = highest(n.right, below, length);
    if (r != null) {
      return r;
    }
    if (n.end - n.start >= length) {
      return n;
    }
    return highest(n.left, below, length);
  }

  private static Node lowest(Node n, long from, long length) {
    if (n == null || n.maxGap < length) {
      return null;
    }
    if (n.start < from) {
      return lowest(n.right, from, length);
    }
    Node l = lowest(n.left, from, length);
    if (l != null) {
      return l;
    }
    if (n.end - n.start >= length) {
      return n;
    }
    return lowest(n.right, from, length);
  }

  private static int height(Node n) {
    return n == null ? 0 : n.height;
  }

  private static long maxGap(Node n) {
    return n == null ? Long.MIN_VALUE : n.maxGap;
  }

  private static void update(Node n) {
    n.height = 1 + Math.max(height(n.left), height(n.right));
    n.maxGap = Math.max(n.end - n.start, Math.max(maxGap(n.left), maxGap(n.right)));
  }

  private static Node rotateRight(Node n) {
    Node l = n.left;
    n.left = l.right;
    l.right = n;
    update(n);
    update(l);
    return l;
  }

  private static Node rotateLeft(Node n) {
    Node r = n.right;
    n.right = r.left;
    r.left = n;
    update(n);
    update(r);
    return r;
  }

  private static Node balance(Node n) {
    update(n);
    int b = height(n.left) - height(n.right);
    if (b > 1) {
      if (height(n.left.left) < height(n.left.right)) {
        n.left = rotateLeft(n.left);
      }
      return rotateRight(n);
    }
    if (b < -1) {
      if (height(n.right.right) < height(n.right.left)) {
        n.right = rotateRight(n.right);
      }
      return rotateLeft(n);
    }
    return n;
  }

  private static Node insert(Node n, Node x) {
    if (n == null) {
      return x;
    }
    if (x.start < n.start) {
      n.left = insert(n.left, x);
    } else if (x.start > n.start) {
      n.right = insert(n.right, x);
    } else {
      throw new IllegalStateException(
          "a free range already starts at 0x" + Long.toHexString(x.start));
    }
    return balance(n);
  }

  private static Node delete(Node n, long start) {
    if (start < n.start) {
      n.left = delete(n.left, start);
    } else if (start > n.start) {
      n.right = delete(n.right, start);
    } else {
      if (n.left == null) {
        return n.right;
      }
      if (n.right == null) {
        return n.left;
      }
      Node m = n.right;
      while (m.left != null) {
        m = m.left;
      }
      m.right = deleteMin(n.right);
      m.left = n.left;
      return balance(m);
    }
    return balance(n);
  }

  private static Node deleteMin(Node n) {
    if (n.left == null) {
      return n.right;
    }
    n.left = deleteMin(n.left);
    return balance(n);
  }
}
