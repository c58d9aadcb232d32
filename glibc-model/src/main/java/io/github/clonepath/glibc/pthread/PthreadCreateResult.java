package io.github.clonepath.glibc.pthread;

/**
 * What {@link Libc#pthreadCreate} gives back: the new thread's handle, or the error number glibc
 * returns and then no thread. C returns the error and writes the handle through a pointer; in Java
 * one value carries either, so a caller cannot read a handle that was never made.
 *
 * @param error 0 on success, else EAGAIN, EINVAL or EPERM as glibc returns them
 * @param thread the new thread's {@code pthread_t} when {@code error} is 0, else 0
 */
public record PthreadCreateResult(int error, long thread) {
  /**
   * Checks that the value is one or the other.
   *
   * @throws IllegalArgumentException for a handle with an error, or success without a handle
   */
  public PthreadCreateResult {
    if ((error == 0) == (thread == 0)) {
      throw new IllegalArgumentException(
          "either a thread or an error: error " + error + ", thread 0x" + Long.toHexString(thread));
    }
  }

  /**
   * A thread was created.
   *
   * @param thread its {@code pthread_t}
   * @return the success
   */
  public static PthreadCreateResult created(long thread) {
    return new PthreadCreateResult(0, thread);
  }

  /**
   * No thread was created.
   *
   * @param error the error number pthread_create returns
   * @return the failure
   */
  public static PthreadCreateResult failed(int error) {
    return new PthreadCreateResult(error, 0);
  }

  /**
   * Whether a thread was created.
   *
   * @return true when {@link #error} is 0
   */
  public boolean ok() {
    return error == 0;
  }
}
