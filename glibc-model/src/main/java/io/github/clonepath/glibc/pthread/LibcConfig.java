package io.github.clonepath.glibc.pthread;

/**
 * What a process's C library is set up with: the version, the stack limit it reads at start-up, the
 * size of static TLS (which the program's {@code __thread} variables decide) and the two tunables
 * that shape thread creation.
 *
 * @param version the glibc version to behave as
 * @param rlimitStack the soft {@code RLIMIT_STACK} seen at start-up, or -1 for unlimited
 * @param staticTlsSize {@code __nptl_tls_static_size_for_stack()}: static TLS plus the TCB, rounded
 *     to the TLS alignment (4224 for the reference program; 1052800 with a 1 MiB {@code __thread}
 *     array)
 * @param stackCacheSize the tunable {@code glibc.pthread.stack_cache_size} (glibc 2.34 and later;
 *     default 41943040)
 * @param rseq the tunable {@code glibc.pthread.rseq} (glibc 2.35 and later; default on)
 */
public record LibcConfig(
    GlibcVersion version, long rlimitStack, long staticTlsSize, long stackCacheSize, boolean rseq) {

  /** The default stack cache limit, 40 MiB. */
  public static final long DEFAULT_STACK_CACHE_SIZE = 41943040L;

  /** The reference machine's static TLS size for the test program. */
  public static final long DEFAULT_STATIC_TLS_SIZE = 4224;

  /** The reference machine: glibc 2.36, 8 MiB stack limit, 4224 bytes of static TLS, defaults. */
  public static final LibcConfig DEFAULT =
      new LibcConfig(
          GlibcVersion.GLIBC_2_36,
          8L << 20,
          DEFAULT_STATIC_TLS_SIZE,
          DEFAULT_STACK_CACHE_SIZE,
          true);

  /** Checks the values and refuses tunables the chosen version does not have. */
  public LibcConfig {
    if (version == null) {
      throw new IllegalArgumentException("a glibc version is required");
    }
    if (rlimitStack < -1 || rlimitStack == 0) {
      throw new IllegalArgumentException(
          "rlimitStack must be positive, or -1 for unlimited: " + rlimitStack);
    }
    if (staticTlsSize < 2368 || staticTlsSize % 64 != 0) {
      throw new IllegalArgumentException(
          "staticTlsSize must hold the 2368-byte TCB and be a multiple of 64: " + staticTlsSize);
    }
    if (stackCacheSize < 0) {
      throw new IllegalArgumentException("stackCacheSize must be >= 0: " + stackCacheSize);
    }
    if (version == GlibcVersion.GLIBC_2_31 && stackCacheSize != DEFAULT_STACK_CACHE_SIZE) {
      throw new IllegalArgumentException(
          "glibc 2.31 has no glibc.pthread.stack_cache_size tunable (added in 2.34)");
    }
    if (version == GlibcVersion.GLIBC_2_31 && !rseq) {
      throw new IllegalArgumentException(
          "glibc 2.31 has no glibc.pthread.rseq tunable (rseq registration came in 2.35)");
    }
  }

  /**
   * With another version. Switching to 2.31 resets the tunables 2.31 does not have.
   *
   * @param v the version
   * @return a changed copy
   */
  public LibcConfig withVersion(GlibcVersion v) {
    if (v == GlibcVersion.GLIBC_2_31) {
      return new LibcConfig(v, rlimitStack, staticTlsSize, DEFAULT_STACK_CACHE_SIZE, true);
    }
    return new LibcConfig(v, rlimitStack, staticTlsSize, stackCacheSize, rseq);
  }

  /**
   * With another stack limit.
   *
   * @param bytes the soft limit, -1 for unlimited
   * @return a changed copy
   */
  public LibcConfig withRlimitStack(long bytes) {
    return new LibcConfig(version, bytes, staticTlsSize, stackCacheSize, rseq);
  }

  /**
   * With another static TLS size.
   *
   * @param bytes the size, TCB included
   * @return a changed copy
   */
  public LibcConfig withStaticTlsSize(long bytes) {
    return new LibcConfig(version, rlimitStack, bytes, stackCacheSize, rseq);
  }

  /**
   * With the tunable {@code glibc.pthread.stack_cache_size}.
   *
   * @param bytes the cache limit
   * @return a changed copy
   */
  public LibcConfig withStackCacheSize(long bytes) {
    return new LibcConfig(version, rlimitStack, staticTlsSize, bytes, rseq);
  }

  /**
   * With the tunable {@code glibc.pthread.rseq}.
   *
   * @param on whether threads register rseq areas
   * @return a changed copy
   */
  public LibcConfig withRseq(boolean on) {
    return new LibcConfig(version, rlimitStack, staticTlsSize, stackCacheSize, on);
  }
}
