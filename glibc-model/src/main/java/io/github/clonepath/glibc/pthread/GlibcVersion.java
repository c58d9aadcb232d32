package io.github.clonepath.glibc.pthread;

/**
 * The glibc versions the model can behave as. 2.36 is the reference machine's; 2.31 is the layout
 * before the 2.34 rework (cache in allocatestack.c, legacy clone, no rseq, no signal blocking
 * around creation, the 64 KiB multi-page aliasing rule); 2.41 is Debian 13's (the rseq area in the
 * extra TLS block below the thread pointer, signals blocked around fork).
 */
public enum GlibcVersion {
  /** glibc 2.31: the seed layout. */
  GLIBC_2_31("glibc 2.31"),
  /** glibc 2.36: what the reference traces were captured with. */
  GLIBC_2_36("glibc 2.36"),
  /** glibc 2.41: checked against captures made in a Debian 13 root on the same kernel. */
  GLIBC_2_41("glibc 2.41");

  private final String label;

  GlibcVersion(String label) {
    this.label = label;
  }

  /**
   * The version as source references name it.
   *
   * @return for example {@code glibc 2.36}
   */
  public String label() {
    return label;
  }

  /**
   * Whether this version is the given one or a later one.
   *
   * @param other the version to compare with
   * @return true if this release has what {@code other} introduced
   */
  public boolean isAtLeast(GlibcVersion other) {
    return compareTo(other) >= 0;
  }

  /**
   * The version named by a label or a short form.
   *
   * @param text {@code glibc 2.36}, {@code 2.36}, {@code glibc-2.31} ...
   * @return the version
   * @throws IllegalArgumentException if it is not a modeled version
   */
  public static GlibcVersion parse(String text) {
    String t = text.trim().replace("glibc", "").replace('-', ' ').trim();
    for (GlibcVersion v : values()) {
      if (v.label.endsWith(t)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "unknown glibc version '"
            + text
            + "': the model has glibc 2.31, glibc 2.36 and glibc 2.41");
  }
}
