package io.github.clonepath.common;

import com.google.common.collect.ImmutableSet;

/**
 * The real versions the model has, as {@link Source#version()} names them.
 *
 * <p>A reference to any other version is a defect: the reader would look up a line in a tree the
 * model does not follow. Add a version here only together with the profile that models it.
 */
public final class Versions {
  /** Every version a {@link Source} may name. */
  public static final ImmutableSet<String> KNOWN =
      ImmutableSet.of(
          "Linux 6.2",
          "glibc 2.31",
          "glibc 2.36",
          "go1.13",
          "go1.14",
          "go1.19",
          "go1.21.0",
          "go1.26.8");

  private Versions() {}
}
