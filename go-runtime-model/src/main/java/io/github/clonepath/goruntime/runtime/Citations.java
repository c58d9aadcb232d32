package io.github.clonepath.goruntime.runtime;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.github.clonepath.common.SourceRef;

/**
 * Where to read each modeled function in the release the process follows. The methods are annotated
 * with their go1.19 reference; on a go1.13 or go1.21.0 run a call is recorded under that release's
 * reference instead: its own line (where the function starts in that release's tag; 0 when not
 * pinned) and, where the function had another name then, that name (go1.13's {@code mstart} holds
 * what go1.17 moved into {@code mstart0}; {@code findRunnable} was {@code findrunnable} before
 * go1.19). A function the release does not have (go1.13 has no {@code checkTimers}, {@code
 * stealWork}, {@code mReserveID} or page allocator) keeps its go1.19 reference, so the walk shows
 * which steps are modeled from a later release. References that already name another release are
 * left as they are.
 */
final class Citations {
  private static final String BASE = "go1.19";

  /** go1.13 first lines: the line each function starts on in the go1.13 tag of golang/go. */
  private static final ImmutableMap<String, Integer> GO113_LINES =
      ImmutableMap.<String, Integer>builder()
          .put("checkmcount", 596)
          .put("mcommoninit", 604)
          .put("mstart", 1146)
          .put("mstart1", 1179)
          .put("mexit", 1238)
          .put("allocm", 1460)
          .put("newm", 1803)
          .put("newm1", 1835)
          .put("startTemplateThread", 1861)
          .put("templateThread", 1883)
          .put("startm", 1945)
          .put("handoffp", 1990)
          .put("wakep", 2045)
          .put("malg", 3231)
          .put("newproc", 3251)
          .put("newproc1", 3263)
          .put("gfput", 3404)
          .put("gfget", 3439)
          .put("mget", 4634)
          .put("globrunqputbatch", 4664)
          .put("pidleget", 4716)
          .put("runqput", 4758)
          .put("runqputslow", 4793)
          .put("newosproc", 132)
          .put("mpreinit", 323)
          .put("minit", 332)
          .put("clone", 540)
          .put("stackpoolalloc", 174)
          .put("stackcacherefill", 251)
          .put("stackalloc", 316)
          .put("stackfree", 414)
          .buildOrThrow();

  /** go1.14 first lines: the line each function starts on in the go1.14 tag of golang/go. */
  private static final ImmutableMap<String, Integer> GO114_LINES =
      ImmutableMap.<String, Integer>builder()
          .put("checkmcount", 600)
          .put("mcommoninit", 608)
          .put("mstart", 1041)
          .put("mstart1", 1075)
          .put("mexit", 1134)
          .put("allocm", 1361)
          .put("newm", 1703)
          .put("newm1", 1735)
          .put("startTemplateThread", 1761)
          .put("templateThread", 1783)
          .put("startm", 1845)
          .put("handoffp", 1890)
          .put("wakep", 1948)
          .put("malg", 3353)
          .put("newproc", 3376)
          .put("newproc1", 3388)
          .put("gfput", 3528)
          .put("gfget", 3563)
          .put("mget", 4825)
          .put("globrunqputbatch", 4855)
          .put("pidleget", 4907)
          .put("runqput", 4949)
          .put("runqputslow", 4984)
          .put("newosproc", 139)
          .put("mpreinit", 337)
          .put("minit", 349)
          .put("clone", 572)
          .put("stackpoolalloc", 182)
          .put("stackcacherefill", 259)
          .put("stackalloc", 324)
          .put("stackfree", 422)
          .buildOrThrow();

  /** Functions that came after go1.14: their go1.19 reference stays. */
  private static final ImmutableSet<String> AFTER_GO114 =
      ImmutableSet.of("mReserveID", "stealWork");

  /** Functions go1.13 and go1.14 name differently: the go1.19 name to theirs. */
  private static final ImmutableMap<String, String> GO113_NAMES =
      ImmutableMap.of("mstart0", "mstart", "findRunnable", "findrunnable");

  /** Functions that came after go1.13: their go1.19 reference stays. */
  private static final ImmutableSet<String> AFTER_GO113 =
      ImmutableSet.of(
          "mReserveID",
          "checkTimers",
          "stealWork",
          "wakeNetPoller",
          "pageAlloc.sysGrow",
          "pageAlloc.sysInit");

  /** go1.21.0 first lines: the line each function starts on in the go1.21.0 tag of golang/go. */
  private static final ImmutableMap<String, Integer> GO121_LINES =
      ImmutableMap.<String, Integer>builder()
          .put("checkmcount", 788)
          .put("mReserveID", 810)
          .put("mcommoninit", 823)
          .put("mstart0", 1531)
          .put("mstart1", 1573)
          .put("mexit", 1646)
          .put("allocm", 1889)
          .put("newm", 2385)
          .put("newm1", 2434)
          .put("startTemplateThread", 2463)
          .put("templateThread", 2491)
          .put("startm", 2563)
          .put("handoffp", 2659)
          .put("wakep", 2729)
          .put("malg", 4458)
          .put("newproc", 4477)
          .put("newproc1", 4495)
          .put("gfput", 4624)
          .put("gfget", 4667)
          .put("mget", 5941)
          .put("globrunqputbatch", 5982)
          .put("pidleget", 6123)
          .put("runqput", 6199)
          .put("runqputslow", 6234)
          .put("newosproc", 166)
          .put("mpreinit", 400)
          .put("minit", 409)
          .put("clone", 562)
          .put("stackpoolalloc", 193)
          .put("stackcacherefill", 271)
          .put("stackalloc", 336)
          .put("stackfree", 439)
          .buildOrThrow();

  /**
   * What a release other than go1.19 changes in a reference.
   *
   * @param lines the line each function starts on in the release's tag
   * @param later the functions the release does not have yet: their go1.19 reference stays
   * @param names the release's name for a function go1.19 calls otherwise
   */
  private record Release(
      ImmutableMap<String, Integer> lines,
      ImmutableSet<String> later,
      ImmutableMap<String, String> names) {}

  private static final ImmutableMap<String, Release> RELEASES =
      ImmutableMap.of(
          "go1.13", new Release(GO113_LINES, AFTER_GO113, GO113_NAMES),
          "go1.14", new Release(GO114_LINES, AFTER_GO114, GO113_NAMES),
          "go1.21.0", new Release(GO121_LINES, ImmutableSet.of(), ImmutableMap.of()));

  private Citations() {}

  /**
   * The reference of a call in a release.
   *
   * @param tag the release the process follows: go1.13, go1.14, go1.19 or go1.21.0
   * @param ref the method's annotated reference
   * @return the reference to record
   */
  static SourceRef in(String tag, SourceRef ref) {
    Release release = RELEASES.get(tag);
    String fn = ref.function();
    if (release == null || !ref.version().equals(BASE) || release.later().contains(fn)) {
      return ref;
    }
    String name = release.names().getOrDefault(fn, fn);
    return new SourceRef(ref.file(), release.lines().getOrDefault(name, 0), name, tag);
  }
}
