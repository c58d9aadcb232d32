package io.github.clonepath.goruntime.runtime;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Walks Gs linked through {@link G#schedlink} from a head, as the runtime walks a {@code gList} or
 * a {@code gQueue}: one walker for both, since both link their Gs the same way.
 */
final class SchedlinkIterator implements Iterator<G> {
  private @Nullable G next;

  SchedlinkIterator(@Nullable G head) {
    next = head;
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public G next() {
    G gp = next;
    if (gp == null) {
      throw new NoSuchElementException();
    }
    next = gp.schedlink;
    return gp;
  }
}
