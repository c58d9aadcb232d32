package io.github.clonepath.goruntime.runtime;

import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * {@code gList} (proc.go): a stack of Gs linked through their {@link G#schedlink}, as the free
 * lists ({@code p.gFree}, {@code sched.gFree.stack} and {@code .noStack}) hold them. A G is on at
 * most one such list, so pushing and popping allocate nothing. The count is the list's own ({@code
 * p.gFree.n}).
 */
final class GList implements Iterable<G> {
  private @Nullable G head;
  private int n;

  /** {@code gList.push}: gp becomes the head. */
  void push(G gp) {
    gp.schedlink = head;
    head = gp;
    n++;
  }

  /**
   * {@code gList.pop}: takes the head off.
   *
   * @return the head, or null when the list is empty
   */
  @Nullable G pop() {
    G gp = head;
    if (gp != null) {
      head = gp.schedlink;
      gp.schedlink = null;
      n--;
    }
    return gp;
  }

  /** {@code gList.empty}. */
  boolean empty() {
    return head == null;
  }

  /** How many Gs it holds. */
  int size() {
    return n;
  }

  /** From the head, as the runtime walks the list. */
  @Override
  public Iterator<G> iterator() {
    return new SchedlinkIterator(head);
  }
}
