package io.github.clonepath.lab.walk;

import io.github.clonepath.kernel.syscall.Errno;
import java.util.Locale;
import java.util.Optional;

/**
 * The options of one walk, already checked against what its topic accepts.
 *
 * @param version the version tag to follow
 * @param cacheHit reuse a cached stack instead of mapping a new one
 * @param cgo take the cgo path (pthread_create instead of a raw clone)
 * @param locked start the thread from a locked M, through the template thread
 * @param fail a system call to fail, if any
 */
public record Variant(
    String version, boolean cacheHit, boolean cgo, boolean locked, Optional<Failure> fail) {

  /** The variant flags a topic may take. */
  public enum Flag {
    /** {@code --cache-hit}. */
    CACHE_HIT,
    /** {@code --cgo}. */
    CGO,
    /** {@code --locked}. */
    LOCKED,
    /** {@code --fail SYSCALL=ERRNO}. */
    FAIL;

    /**
     * The option as typed.
     *
     * @return for example {@code --cache-hit}
     */
    public String option() {
      return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * A system call that returns an error instead of succeeding, once.
   *
   * @param syscall its name, such as {@code clone3}
   * @param errno the error it returns
   */
  public record Failure(String syscall, Errno errno) {
    /**
     * Parses {@code SYSCALL=ERRNO}.
     *
     * @param text for example {@code clone3=ENOMEM}
     * @return the failure
     * @throws IllegalArgumentException with a message saying what is expected
     */
    public static Failure parse(String text) {
      int eq = text.indexOf('=');
      if (eq <= 0 || eq == text.length() - 1) {
        throw new IllegalArgumentException(
            "--fail takes SYSCALL=ERRNO, such as clone3=ENOMEM, not '" + text + "'");
      }
      String name = text.substring(eq + 1);
      try {
        return new Failure(text.substring(0, eq), Errno.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--fail: '" + name + "' is not an errno name such as ENOMEM or EAGAIN", e);
      }
    }

    @Override
    public String toString() {
      return syscall + "=" + errno.name();
    }
  }
}
