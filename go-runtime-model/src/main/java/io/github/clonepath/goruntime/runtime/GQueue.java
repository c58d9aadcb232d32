package io.github.clonepath.goruntime.runtime;

import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * {@code gQueue} (proc.go): a FIFO of Gs linked through their {@link G#schedlink}, with a head and
 * a tail, as the global run queue {@code sched.runq} holds them. A runnable G on it is on no free
 * list, so its schedlink is free for this; queueing allocates nothing, however long the queue
 * grows. The count stands for {@code sched.runqsize}, which the runtime keeps beside the queue.
 */
final class GQueue implements Iterable<G> {
  private @Nullable G head;
  private @Nullable G tail;
  private int n;

  /** {@code gQueue.pushBack}: gp becomes the tail. */
  void pushBack(G gp) {
    gp.schedlink = null;
    if (tail != null) {
      tail.schedlink = gp;
    } else {
      head = gp;
    }
    tail = gp;
    n++;
  }

  /**
   * {@code gQueue.pop}: takes the head off.
   *
   * @return the head, or null when the queue is empty
   */
  @Nullable G pop() {
    G gp = head;
    if (gp != null) {
      head = gp.schedlink;
      if (head == null) {
        tail = null;
      }
      gp.schedlink = null;
      n--;
    }
    return gp;
  }

  /** {@code gQueue.empty}. */
  boolean empty() {
    return head == null;
  }

  /** How many Gs it holds ({@code sched.runqsize} for the global queue). */
  int size() {
    return n;
  }

  /** The head, the next G {@link #pop} takes; null when empty. */
  @Nullable G head() {
    return head;
  }

  /** The tail, the G last pushed; null when empty. */
  @Nullable G tail() {
    return tail;
  }

  /** From the head, in queue order. */
  @Override
  public Iterator<G> iterator() {
    return new SchedlinkIterator(head);
  }
}
