package io.github.clonepath.goruntime.runtime;

/**
 * A Go {@code throw}: a fatal runtime error. It unwinds the Java stack of the modeled call to the
 * task's entry, where the runtime prints {@code fatal error: <msg>} and exits the process with
 * status 2, as {@code fatalthrow} does.
 */
final class GoThrow extends RuntimeException {
  private static final long serialVersionUID = 1L;

  GoThrow(String msg) {
    super(msg, null, false, false);
  }
}
