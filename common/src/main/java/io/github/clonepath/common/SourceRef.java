package io.github.clonepath.common;

import java.util.Objects;

/**
 * A place in the real sources: file, first line, function and version.
 *
 * @param file the file relative to its tree's root, such as {@code runtime/proc.go}
 * @param line the first line of the definition, or 0 when not pinned
 * @param function the real function's name
 * @param version the version the line refers to, such as {@code go1.21.0}
 */
public record SourceRef(String file, int line, String function, String version) {

  /** Checks the parts; a reference always names a file, a function and a version. */
  public SourceRef {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(version, "version");
    if (line < 0) {
      throw new IllegalArgumentException("line must be 0 (not pinned) or positive: " + line);
    }
  }

  /**
   * The reference an annotation states.
   *
   * @param source the annotation on a modeled method
   * @return the same place as a value
   */
  public static SourceRef of(Source source) {
    return new SourceRef(source.file(), source.line(), source.function(), source.version());
  }

  /** Prints as {@code runtime/proc.go:2385 newm (go1.21.0)}. */
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + " " + function + " (" + version + ")";
  }
}
