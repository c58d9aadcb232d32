package io.github.clonepath.kernel.task;

import io.github.clonepath.kernel.syscall.Errno;
import org.jspecify.annotations.Nullable;

/**
 * A result or an errno, as one value: the kernel's {@code ERR_PTR} of {@code include/linux/err.h},
 * where a function returns either the object it made or the error that stopped it, and the caller
 * asks {@code IS_ERR} before it looks. The model keeps the two apart instead of hiding an errno in
 * a pointer; the negated errno a system call returns stays a {@code long} at the door.
 *
 * @param <T> the result's type
 */
public final class ErrOr<T> {
  private final @Nullable T value;
  private final long error;

  private ErrOr(@Nullable T value, long error) {
    this.value = value;
    this.error = error;
  }

  /**
   * A result.
   *
   * @param value the result
   * @param <T> its type
   * @return the result as an ErrOr
   */
  public static <T> ErrOr<T> of(T value) {
    return new ErrOr<>(value, 0);
  }

  /**
   * An error ({@code ERR_PTR(-e)}).
   *
   * @param e the errno
   * @param <T> the type the result would have had
   * @return the error
   */
  public static <T> ErrOr<T> err(Errno e) {
    return new ErrOr<>(null, e.result());
  }

  /**
   * An error given as the negated errno a kernel function returned.
   *
   * @param result a negated errno
   * @param <T> the type the result would have had
   * @return the error
   * @throws IllegalArgumentException if {@code result} is not an error
   */
  public static <T> ErrOr<T> errResult(long result) {
    if (!Errno.isError(result)) {
      throw new IllegalArgumentException("not an error result: " + result);
    }
    return new ErrOr<>(null, result);
  }

  /**
   * {@code IS_ERR}.
   *
   * @return whether this is an error
   */
  public boolean isErr() {
    return error != 0;
  }

  /**
   * The result.
   *
   * @return the result
   * @throws IllegalStateException if this is an error
   */
  public T get() {
    if (error != 0) {
      throw new IllegalStateException("an error, not a result: " + Errno.ofResult(error));
    }
    return value;
  }

  /**
   * {@code PTR_ERR}: the negated errno, as a system call returns it.
   *
   * @return the negated errno
   * @throws IllegalStateException if this is a result
   */
  public long error() {
    if (error == 0) {
      throw new IllegalStateException("a result, not an error");
    }
    return error;
  }

  /**
   * {@code ERR_CAST}: the same error as a result of another type.
   *
   * @param <U> the other type
   * @return this error
   * @throws IllegalStateException if this is a result
   */
  @SuppressWarnings("unchecked")
  public <U> ErrOr<U> cast() {
    if (error == 0) {
      throw new IllegalStateException("a result, not an error");
    }
    return (ErrOr<U>) this;
  }

  @Override
  public String toString() {
    return error != 0 ? "ERR_PTR(" + Errno.ofResult(error) + ")" : String.valueOf(value);
  }
}
