package io.github.clonepath.goruntime;

/**
 * The Go releases whose thread and goroutine creation the model follows, each with its own call
 * graph (see the module README for what differs).
 */
public enum GoVersion {
  /** {@code newm(fn, p)}; Ms are numbered inside mcommoninit. */
  GO1_13("go1.13"),
  /**
   * The creation path of go1.13 (notes: byte-identical newm, allocm, newm1, newosproc, startm,
   * wakep), with _Gpreempted and a 896-byte stack guard; the libc-thread path's release.
   */
  GO1_14("go1.14"),
  /** The reference machine's Go: {@code newm(fn, p, id)} with {@code mReserveID}. */
  GO1_19("go1.19"),
  /** {@code wakep} takes the P first; {@code startm(pp, spinning, lockheld)}. */
  GO1_21("go1.21.0"),
  /**
   * The go1.21.0 paths with 16 KiB g0 stacks, 2048-byte Ms, newproc1's parked argument and 1.26's
   * start-up mappings at a randomized heap base; checked against real captures of go1.26.8.
   */
  GO1_26("go1.26.8"),
  /**
   * go1.26.8's paths, unchanged where the model follows them (its cgo start moved into the unix
   * files: pthread_unix.c, gcc_unix.c, gcc_libinit_unix.c); checked against real captures of
   * go1.27.3.
   */
  GO1_27("go1.27.3");

  private final String tag;

  GoVersion(String tag) {
    this.tag = tag;
  }

  /**
   * The release a name means: its tag ({@code go1.26.8}), the tag without {@code go} ({@code
   * 1.26.8}), or a release series the model follows one release of ({@code go1.26}, {@code 1.26}).
   *
   * @param name what a user wrote
   * @return the release, or empty when the name means none or several
   */
  public static java.util.Optional<GoVersion> named(String name) {
    String tag = name.startsWith("go") ? name : "go" + name;
    GoVersion inSeries = null;
    int matches = 0;
    for (GoVersion v : values()) {
      if (v.tag.equals(tag)) {
        return java.util.Optional.of(v);
      }
      if (v.tag.startsWith(tag + ".")) {
        inSeries = v;
        matches++;
      }
    }
    return matches == 1 ? java.util.Optional.of(inSeries) : java.util.Optional.empty();
  }

  /**
   * The release tag, as source references name it.
   *
   * @return for example {@code go1.21.0}
   */
  public String tag() {
    return tag;
  }
}
