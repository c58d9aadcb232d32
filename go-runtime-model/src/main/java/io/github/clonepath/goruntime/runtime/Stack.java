package io.github.clonepath.goruntime.runtime;

/**
 * A stack's bounds, {@code [lo, hi)}, as {@code runtime.stack} holds them.
 *
 * @param lo lowest address
 * @param hi one past the highest address; the stack grows down from here
 */
public record Stack(long lo, long hi) {
  /** No stack (a G on the no-stack free list, or a cgo M's g0 before mstart0). */
  public static final Stack NONE = new Stack(0, 0);

  /**
   * The size.
   *
   * @return hi - lo
   */
  public long size() {
    return hi - lo;
  }

  @Override
  public String toString() {
    return String.format("[0x%x, 0x%x)", lo, hi);
  }
}
