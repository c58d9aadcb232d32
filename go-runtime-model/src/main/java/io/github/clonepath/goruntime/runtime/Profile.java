package io.github.clonepath.goruntime.runtime;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What differs between the Go releases the model follows: the {@link GoFeature}s a release has, and
 * two sizes. The features follow from the release tag (each names the release it arrived in).
 *
 * <p>go1.26.8 is held against real captures of Go 1.26.8 (a_hello, b_syscalls, c2_locked_spawn,
 * d_cgo, a_hello_cgo: m0's start-up and every birth match), and go1.27.3, which has go1.26.8's
 * features, against captures of Go 1.27.3 (the same five and c_lockosthread). DEVIATION: go1.26.8
 * draws its heap base at random in each process; the model draws nothing and starts its heap at
 * 0xc000000000 unless it is given one process's base ({@code GoOptions.withHeapBase}). With another
 * base than the capture's, m0's start-up differs from that capture in up to five calls (from the
 * default, in all five for each of the five captures; the comparator reports the first), the page
 * allocator's one-page commits of summary levels 1 to 4 and of the scavenge index: their offsets
 * inside their reservations are the heap chunk's index, so they follow the drawn address (level 0
 * is committed whole and the heap's own mappings are named by arena, so they match anyway). A base
 * at another page of its chunk can also move the heap's second 4 MiB commit into or out of m0's
 * start-up. The per-M persistent memory ({@link GoFeature#PERSISTENT_PER_M}) and the start-up's
 * opaque pages are fitted to the captures, not read in the source.
 *
 * @param tag the release, as {@code @Source} names it: go1.13, go1.14, go1.19, go1.21.0, go1.26.8
 *     or go1.27.3
 * @param features the features of that release
 * @param g0StackSize the non-cgo g0 stack: 8 KiB, 16 KiB from go1.22 ({@link
 *     GoFeature#G0_STACK_16K})
 * @param stackGuard {@code _StackGuard} on linux/amd64: 880 in go1.13, 896 in go1.14, 928 from
 *     go1.15 (from go1.21 internal/abi computes it as StackNosplitBase 800 + StackSmall 128, still
 *     928 in go1.26.8 and go1.27.3)
 */
public record Profile(String tag, Set<GoFeature> features, int g0StackSize, int stackGuard) {

  /**
   * Keeps a copy of the features as an {@link EnumSet} (one word of bits), which {@link #has},
   * asked on every go statement and schedule, reads directly; {@link #features()} hands out a
   * read-only view.
   */
  public Profile {
    features = features.isEmpty() ? EnumSet.noneOf(GoFeature.class) : EnumSet.copyOf(features);
  }

  /**
   * The features of the release.
   *
   * @return a read-only view
   */
  @Override
  public Set<GoFeature> features() {
    return Collections.unmodifiableSet(features);
  }

  /**
   * The profile of one release.
   *
   * @param tag go1.13, go1.14, go1.19, go1.21.0, go1.26.8 or go1.27.3
   * @return its features and sizes
   * @throws IllegalArgumentException for a release the model does not follow
   */
  public static Profile of(String tag) {
    int stackGuard =
        switch (tag) {
          case "go1.13" -> 880;
          case "go1.14" -> 896;
          case "go1.19", "go1.21.0", "go1.26.8", "go1.27.3" -> 928;
          default ->
              throw new IllegalArgumentException(
                  "no Go profile "
                      + tag
                      + "; use go1.13, go1.14, go1.19, go1.21.0, go1.26.8 or go1.27.3");
        };
    Set<GoFeature> features = EnumSet.noneOf(GoFeature.class);
    int[] release = GoFeature.numbers(tag);
    for (GoFeature g : GoFeature.values()) {
      if (g.in(release)) {
        features.add(g);
      }
    }
    int g0 = features.contains(GoFeature.G0_STACK_16K) ? Consts.G0_STACK_16K : Consts.G0_STACK;
    return new Profile(tag, features, g0, stackGuard);
  }

  /**
   * Whether this release has a feature.
   *
   * @param feature the feature
   * @return true if the release is the feature's or later
   */
  public boolean has(GoFeature feature) {
    return features.contains(feature);
  }

  /**
   * The highest G status value this release has.
   *
   * @return 9 with _Gpreempted, else 8
   */
  public int maxGStatus() {
    return has(GoFeature.G_PREEMPTED) ? GStatus.GPREEMPTED : GStatus.GCOPYSTACK;
  }
}
