package io.github.clonepath.goruntime.runtime;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.github.clonepath.common.SourceRef;

/**
 * Where to read each modeled function in the release the process follows. The methods are annotated
 * with their go1.19 reference; on a go1.13, go1.14, go1.21.0, go1.26.8 or go1.27.3 run a call is
 * recorded under that release's reference instead: its own line (where the function starts in that
 * release's tag; 0 when not pinned) and, where the function had another name then, that name
 * (go1.13's {@code mstart} holds what go1.17 moved into {@code mstart0}; {@code findRunnable} was
 * {@code findrunnable} before go1.19). A function the release does not have (go1.13 has no {@code
 * checkTimers}, {@code stealWork}, {@code mReserveID} or page allocator) keeps its go1.19
 * reference, so the walk shows which steps are modeled from a later release. References that
 * already name another release are left as they are, except that a go1.26.8 run also re-cites those
 * pinned to go1.21.0 (go1.26.8 keeps go1.21.0's wakep and retryOnEAGAIN), and follows the functions
 * go1.26.8 renamed or moved ({@code checkTimers} is {@code timers.check} in time.go). A go1.27.3
 * run re-cites those and the references pinned to go1.26.8 as well.
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
   * go1.26.8 first lines: the line each function starts on in the go1.26.8 tag of golang/go (read
   * in its src/runtime), under the names go1.26.8 gives them.
   */
  private static final ImmutableMap<String, Integer> GO126_LINES =
      ImmutableMap.<String, Integer>builder()
          .put("rt0_go", 175)
          .put("cgocall", 134)
          .put("noteclear", 22)
          .put("notewakeup", 26)
          .put("notesleep", 35)
          .put("notetsleep", 106)
          .put("mallocinit", 405)
          .put("mheap.sysAlloc", 741)
          .put("mheap.allocManual", 1039)
          .put("mheap.grow", 1553)
          .put("netpoll", 99)
          .put("newosproc", 170)
          .put("mpreinit", 387)
          .put("minit", 396)
          .put("unminit", 408)
          .put("futexwakeup", 85)
          .put("gwrite", 89)
          .put("printbool", 117)
          .put("printuint", 157)
          .put("printint", 167)
          .put("printstring", 256)
          .put("main", 149)
          .put("allgadd", 688)
          .put("schedinit", 831)
          .put("checkmcount", 963)
          .put("mReserveID", 985)
          .put("mcommoninit", 998)
          .put("ready", 1120)
          .put("casgstatus", 1277)
          .put("mstart0", 1862)
          .put("mstart1", 1904)
          .put("mstartm0", 1951)
          .put("mexit", 1981)
          .put("allocm", 2269)
          .put("oneNewExtraM", 2505)
          .put("newm", 2857)
          .put("newm1", 2906)
          .put("startTemplateThread", 2935)
          .put("templateThread", 2963)
          .put("stopm", 2992)
          .put("startm", 3035)
          .put("handoffp", 3131)
          .put("wakep", 3212)
          .put("stoplockedm", 3250)
          .put("startlockedm", 3278)
          .put("execute", 3331)
          .put("findRunnable", 3389)
          .put("stealWork", 3828)
          .put("wakeNetPoller", 4002)
          .put("resetspinning", 4021)
          .put("schedule", 4135)
          .put("dropg", 4240)
          .put("park_m", 4253)
          .put("goexit0", 4491)
          .put("entersyscall", 4737)
          .put("exitsyscall", 4883)
          .put("exitsyscallTryGetP", 5033)
          .put("exitsyscallNoP", 5067)
          .put("malg", 5273)
          .put("newproc", 5295)
          .put("newproc1", 5313)
          .put("gfput", 5465)
          .put("gfget", 5507)
          .put("LockOSThread", 5623)
          .put("lockOSThread", 5640)
          .put("dounlockOSThread", 5650)
          .put("UnlockOSThread", 5676)
          .put("unlockOSThread", 5686)
          .put("procresize", 6030)
          .put("acquirep", 6259)
          .put("releasep", 6324)
          .put("checkdead", 6367)
          .put("sysmon", 6486)
          .put("retake", 6630)
          .put("schedtrace", 6899)
          .put("mput", 7200)
          .put("mget", 7213)
          .put("globrunqput", 7249)
          .put("globrunqputbatch", 7272)
          .put("globrunqget", 7281)
          .put("pidleput", 7373)
          .put("pidleget", 7402)
          .put("runqput", 7478)
          .put("runqputslow", 7524)
          .put("runqget", 7598)
          .put("runqsteal", 7730)
          .put("setMaxThreads", 7860)
          .put("retryOnEAGAIN", 14)
          .put("parseRuntimeDebugVars", 406)
          .put("sigsave", 1239)
          .put("sigblock", 1295)
          .put("minitSignalStack", 1333)
          .put("minitSignalMask", 1354)
          .put("stackpoolalloc", 194)
          .put("stackpoolfree", 240)
          .put("stackcacherefill", 279)
          .put("stackcacherelease", 301)
          .put("stackalloc", 344)
          .put("stackfree", 463)
          .put("pageAlloc.sysInit", 71)
          .put("pageAlloc.sysGrow", 100)
          .put("usleep", 120)
          .put("clone", 574)
          .put("settls", 649)
          .put("exitThread", 58)
          .put("timeSleep", 330)
          .put("timers.check", 1009)
          .put("fatalf", 13)
          .put("_cgo_sys_thread_start", 54)
          .put("threadentry", 81)
          .put("_cgo_try_pthread_create", 214)
          .put("x_cgo_thread_start", 9)
          .put("crosscall1", 26)
          .buildOrThrow();

  /**
   * Functions go1.26.8 names differently: checkTimers became the timers type's check method,
   * exitsyscall's fast and slow halves exitsyscallTryGetP and exitsyscallNoP, parsedebugvars
   * parseRuntimeDebugVars, and cgo's amd64 trampoline is crosscall1.
   */
  private static final ImmutableMap<String, String> GO126_NAMES =
      ImmutableMap.of(
          "checkTimers", "timers.check",
          "exitsyscallfast", "exitsyscallTryGetP",
          "exitsyscall0", "exitsyscallNoP",
          "parsedebugvars", "parseRuntimeDebugVars",
          "crosscall_amd64", "crosscall1");

  /** Functions go1.26.8 keeps in another file than go1.19 did (by go1.26.8's name). */
  private static final ImmutableMap<String, String> GO126_FILES =
      ImmutableMap.of(
          "timers.check", "runtime/time.go", "x_cgo_thread_start", "runtime/cgo/gcc_util.c");

  /**
   * go1.27.3 first lines: the line each function starts on in go1.27.3's src/runtime (the toolchain
   * the go command fetches as go1.27.3), under the names go1.26.8 gives them, which go1.27.3 keeps;
   * the three functions the model cites from go1.26.8 itself (mProfStackInit, stkbucket,
   * persistentalloc) too.
   */
  private static final ImmutableMap<String, Integer> GO127_LINES =
      ImmutableMap.<String, Integer>builder()
          .put("rt0_go", 142)
          .put("cgocall", 134)
          .put("noteclear", 22)
          .put("notewakeup", 26)
          .put("notesleep", 35)
          .put("notetsleep", 106)
          .put("mallocinit", 405)
          .put("mheap.sysAlloc", 741)
          .put("mheap.allocManual", 1030)
          .put("mheap.grow", 1544)
          .put("netpoll", 113)
          .put("newosproc", 170)
          .put("mpreinit", 387)
          .put("minit", 396)
          .put("unminit", 408)
          .put("futexwakeup", 85)
          .put("gwrite", 89)
          .put("printbool", 117)
          .put("printuint", 157)
          .put("printint", 167)
          .put("printstring", 264)
          .put("main", 153)
          .put("allgadd", 700)
          .put("schedinit", 844)
          .put("checkmcount", 976)
          .put("mReserveID", 998)
          .put("mcommoninit", 1011)
          .put("ready", 1133)
          .put("casgstatus", 1290)
          .put("mstart0", 1875)
          .put("mstart1", 1917)
          .put("mstartm0", 1964)
          .put("mexit", 1999)
          .put("allocm", 2287)
          .put("oneNewExtraM", 2523)
          .put("newm", 2875)
          .put("newm1", 2924)
          .put("startTemplateThread", 2950)
          .put("templateThread", 2978)
          .put("stopm", 3007)
          .put("startm", 3050)
          .put("handoffp", 3146)
          .put("wakep", 3227)
          .put("stoplockedm", 3265)
          .put("startlockedm", 3293)
          .put("execute", 3346)
          .put("findRunnable", 3404)
          .put("stealWork", 3843)
          .put("wakeNetPoller", 4017)
          .put("resetspinning", 4036)
          .put("schedule", 4150)
          .put("dropg", 4255)
          .put("park_m", 4268)
          .put("goexit0", 4506)
          .put("entersyscall", 4776)
          .put("exitsyscall", 4922)
          .put("exitsyscallTryGetP", 5072)
          .put("exitsyscallNoP", 5106)
          .put("malg", 5312)
          .put("newproc", 5334)
          .put("newproc1", 5352)
          .put("gfput", 5516)
          .put("gfget", 5558)
          .put("LockOSThread", 5674)
          .put("lockOSThread", 5691)
          .put("dounlockOSThread", 5701)
          .put("UnlockOSThread", 5727)
          .put("unlockOSThread", 5737)
          .put("procresize", 6081)
          .put("acquirep", 6310)
          .put("releasep", 6375)
          .put("checkdead", 6418)
          .put("sysmon", 6537)
          .put("retake", 6681)
          .put("schedtrace", 6950)
          .put("mput", 7251)
          .put("mget", 7264)
          .put("globrunqput", 7300)
          .put("globrunqputbatch", 7323)
          .put("globrunqget", 7332)
          .put("pidleput", 7424)
          .put("pidleget", 7453)
          .put("runqput", 7529)
          .put("runqputslow", 7575)
          .put("runqget", 7649)
          .put("runqsteal", 7781)
          .put("setMaxThreads", 7911)
          .put("retryOnEAGAIN", 14)
          .put("parseRuntimeDebugVars", 393)
          .put("sigsave", 1241)
          .put("sigblock", 1297)
          .put("minitSignalStack", 1335)
          .put("minitSignalMask", 1356)
          .put("stackpoolalloc", 194)
          .put("stackpoolfree", 240)
          .put("stackcacherefill", 279)
          .put("stackcacherelease", 301)
          .put("stackalloc", 344)
          .put("stackfree", 463)
          .put("pageAlloc.sysInit", 71)
          .put("pageAlloc.sysGrow", 100)
          .put("usleep", 120)
          .put("clone", 580)
          .put("settls", 655)
          .put("exitThread", 58)
          .put("timeSleep", 335)
          .put("timers.check", 982)
          .put("fatalf", 14)
          .put("_cgo_sys_thread_start", 19)
          .put("threadentry", 48)
          .put("_cgo_try_pthread_create", 120)
          .put("x_cgo_thread_start", 181)
          .put("crosscall1", 26)
          .put("mProfStackInit", 1056)
          .put("stkbucket", 271)
          .put("persistentalloc", 2313)
          .buildOrThrow();

  /**
   * Functions go1.27.3 keeps in another file than go1.19 did: go1.26.8's moves, and the cgo start
   * (gcc_linux_amd64.c and gcc_libinit.c) folded into the files all unix systems share.
   */
  private static final ImmutableMap<String, String> GO127_FILES =
      ImmutableMap.of(
          "timers.check",
          "runtime/time.go",
          "x_cgo_thread_start",
          "runtime/cgo/gcc_libinit_unix.c",
          "_cgo_sys_thread_start",
          "runtime/cgo/pthread_unix.c",
          "_cgo_try_pthread_create",
          "runtime/cgo/pthread_unix.c",
          "threadentry",
          "runtime/cgo/gcc_unix.c");

  /**
   * What a release other than go1.19 changes in a reference.
   *
   * @param lines the line each function starts on in the release's tag
   * @param later the functions the release does not have yet: their go1.19 reference stays
   * @param names the release's name for a function go1.19 calls otherwise
   * @param files the file a function (by the release's name) lives in when it moved
   * @param from the references the release re-cites: go1.19's, and for go1.26.8 also those the
   *     model pins to go1.21.0 (the paths go1.21.0 changed, which go1.26.8 keeps); for go1.27.3
   *     those and the ones pinned to go1.26.8
   */
  private record Release(
      ImmutableMap<String, Integer> lines,
      ImmutableSet<String> later,
      ImmutableMap<String, String> names,
      ImmutableMap<String, String> files,
      ImmutableSet<String> from) {
    Release(
        ImmutableMap<String, Integer> lines,
        ImmutableSet<String> later,
        ImmutableMap<String, String> names) {
      this(lines, later, names, ImmutableMap.of(), ImmutableSet.of(BASE));
    }
  }

  private static final ImmutableMap<String, Release> RELEASES =
      ImmutableMap.of(
          "go1.13",
          new Release(GO113_LINES, AFTER_GO113, GO113_NAMES),
          "go1.14",
          new Release(GO114_LINES, AFTER_GO114, GO113_NAMES),
          "go1.21.0",
          new Release(GO121_LINES, ImmutableSet.of(), ImmutableMap.of()),
          "go1.26.8",
          new Release(
              GO126_LINES,
              ImmutableSet.of(),
              GO126_NAMES,
              GO126_FILES,
              ImmutableSet.of(BASE, "go1.21.0")),
          "go1.27.3",
          new Release(
              GO127_LINES,
              ImmutableSet.of(),
              GO126_NAMES,
              GO127_FILES,
              ImmutableSet.of(BASE, "go1.21.0", "go1.26.8")));

  private Citations() {}

  /**
   * The reference of a call in a release.
   *
   * @param tag the release the process follows: go1.13, go1.14, go1.19, go1.21.0, go1.26.8 or
   *     go1.27.3
   * @param ref the method's annotated reference
   * @return the reference to record
   */
  static SourceRef in(String tag, SourceRef ref) {
    Release release = RELEASES.get(tag);
    String fn = ref.function();
    if (release == null
        || !release.from().contains(ref.version())
        || release.later().contains(fn)) {
      return ref;
    }
    String name = release.names().getOrDefault(fn, fn);
    String file = release.files().getOrDefault(name, ref.file());
    return new SourceRef(file, release.lines().getOrDefault(name, 0), name, tag);
  }
}
