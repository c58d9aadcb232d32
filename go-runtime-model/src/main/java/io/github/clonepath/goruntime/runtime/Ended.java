package io.github.clonepath.goruntime.runtime;

/**
 * The process has just been ended from inside a modeled call (exit(1) of the libc-thread newosproc,
 * cgo's abort): unwinds the Java stack of that call to the task's entry, where nothing more runs.
 */
final class Ended extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Ended() {
    super("process ended", null, false, false);
  }
}
