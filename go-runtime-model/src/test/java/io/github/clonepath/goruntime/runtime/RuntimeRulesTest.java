package io.github.clonepath.goruntime.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.EventLog;
import io.github.clonepath.common.Tracer;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The constants of the reference findings (§7, read from the Go 1.19.8 sources) and the rules of
 * their §8, checked on the runtime's own structures; expectations come from the findings and the Go
 * sources, not from the model's output.
 */
class RuntimeRulesTest {

  private static Runtime runtime(String version) {
    Runtime rt = new Runtime(RuntimeOptions.plain(Profile.of(version), 4));
    rt.tracer = new Tracer(new EventLog(), false);
    return rt;
  }

  /** Runs code with a real task context of a fresh process mapped like the Go binary. */
  private static void onTask(Runtime rt, BiConsumer<Runtime, UserContext> body) {
    Machine m = Machine.boot(MachineConfig.DEFAULT);
    m.spawn(
        "probe",
        Runtime.IMAGE,
        (ctx, r) -> {
          rt.tracer = ctx.tracer();
          body.accept(rt, ctx);
          ctx.exitGroup(0);
        });
    m.run();
  }

  private static G runnable(long goid) {
    G g = new G();
    g.goid = goid;
    g.status = GStatus.GRUNNABLE;
    return g;
  }

  @Test
  @DisplayName("§7 cloneFlags is VM|FS|FILES|SIGHAND|SYSVSEM|THREAD = 0x50f00, plus SETTLS 0x80000")
  void cloneFlagsAre0x50f00PlusSettls() {
    assertEquals(0x100 | 0x200 | 0x400 | 0x800 | 0x40000 | 0x10000, Consts.CLONE_FLAGS);
    assertEquals(0x50f00L, Consts.CLONE_FLAGS);
    assertEquals(0xd0f00L, Consts.CLONE_FLAGS | Consts.CLONE_SETTLS);
  }

  @Test
  @DisplayName("§7 g0 stack 8 KiB (non-cgo, go1.13-1.21), gsignal 32 KiB, m0's g0 64 KiB")
  void g0AndGsignalStackSizes() {
    assertEquals(8192, Consts.G0_STACK);
    for (String v : List.of("go1.13", "go1.19", "go1.21.0")) {
      assertEquals(8192, Profile.of(v).g0StackSize(), v);
    }
    assertEquals(32 * 1024, Consts.GSIGNAL_STACK);
    assertEquals(64 * 1024, Consts.M0_G0_STACK);
  }

  @Test
  @DisplayName("§7 stack constants: StackMin/FixedStack 2048, guard 928 (880 in go1.13), 4 orders")
  void stackConstants() {
    assertEquals(2048, Consts.STACK_MIN);
    assertEquals(2048, Consts.FIXED_STACK);
    assertEquals(0, Consts.STACK_SYSTEM);
    assertEquals(928, Consts.STACK_GUARD);
    assertEquals(928, Profile.of("go1.19").stackGuard());
    assertEquals(880, Profile.of("go1.13").stackGuard());
    assertEquals(128, Consts.STACK_SMALL);
    assertEquals(4096, Consts.STACK_BIG);
    assertEquals(800, Consts.STACK_LIMIT);
    assertEquals(4, Consts.NUM_STACK_ORDERS);
    assertEquals(32 * 1024, Consts.STACK_CACHE_SIZE);
    assertEquals(1_000_000_000L, Consts.MAX_STACK_SIZE);
    assertEquals(0, Stacks.order(2048));
    assertEquals(1, Stacks.order(4096));
    assertEquals(2, Stacks.order(8192));
    assertEquals(3, Stacks.order(16384));
  }

  @Test
  @DisplayName("§7 G status values 0-9 and _Gscan 0x1000; go1.13 has no _Gpreempted")
  void gStatusValues() {
    assertEquals(
        List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x1000),
        List.of(
            GStatus.GIDLE,
            GStatus.GRUNNABLE,
            GStatus.GRUNNING,
            GStatus.GSYSCALL,
            GStatus.GWAITING,
            GStatus.GMORIBUND_UNUSED,
            GStatus.GDEAD,
            GStatus.GENQUEUE_UNUSED,
            GStatus.GCOPYSTACK,
            GStatus.GPREEMPTED,
            GStatus.GSCAN));
    assertEquals(GStatus.GCOPYSTACK, Profile.of("go1.13").maxGStatus());
    assertEquals(GStatus.GPREEMPTED, Profile.of("go1.19").maxGStatus());
  }

  @Test
  @DisplayName("§7 P status values: idle 0, running 1, syscall 2, gcstop 3, dead 4")
  void pStatusValues() {
    assertEquals(
        List.of(0, 1, 2, 3, 4),
        List.of(PStatus.PIDLE, PStatus.PRUNNING, PStatus.PSYSCALL, PStatus.PGCSTOP, PStatus.PDEAD));
  }

  @Test
  @DisplayName("§7 sched.maxmcount 10000, goid batch 16, sysmon 20 µs..10 ms, 50 idle cycles")
  void schedulerConstants() {
    assertEquals(10000, Consts.MAX_MCOUNT);
    assertEquals(10000, runtime("go1.19").sched.maxmcount);
    assertEquals(16, Consts.GOID_CACHE_BATCH);
    assertEquals(20, Consts.SYSMON_MIN_DELAY_US);
    assertEquals(10_000, Consts.SYSMON_MAX_DELAY_US);
    assertEquals(50, Consts.SYSMON_IDLE_BEFORE_DOUBLING);
    assertEquals(10_000_000L, Consts.FORCE_PREEMPT_NS);
    assertEquals(61, Consts.GLOBAL_RUNQ_TICK);
  }

  @Test
  @DisplayName("§7 mcount() = mnext - nmfreed")
  void mcountIsMnextMinusNmfreed() {
    Runtime rt = runtime("go1.19");
    rt.sched.mnext = 12;
    rt.sched.nmfreed = 3;
    assertEquals(9, rt.sched.mcount());
  }

  @Test
  @DisplayName("§8 runqput(next=true) takes runnext and kicks the old runnext to the tail")
  void runqputNextKicksTheOldRunnextToTheTail() {
    Runtime rt = runtime("go1.19");
    P pp = new P(0);
    G a = runnable(1);
    G b = runnable(2);
    rt.procg.runqput(pp, a, true);
    assertSame(a, pp.runnext);
    assertEquals(0, pp.runqlen());
    rt.procg.runqput(pp, b, true);
    assertSame(b, pp.runnext);
    assertEquals(1, pp.runqlen());
    assertSame(a, pp.runq[pp.runqhead]);
  }

  @Test
  @DisplayName("§7 P runq holds 256; the 257th put moves 128 + the new G = 129 to the global queue")
  void fullRunqSpillsHalfPlusOneToTheGlobalQueue() {
    Runtime rt = runtime("go1.19");
    P pp = new P(0);
    for (int i = 0; i < 256; i++) {
      rt.procg.runqput(pp, runnable(i + 1), false);
    }
    assertEquals(256, Consts.RUNQ_SIZE);
    assertEquals(256, pp.runqlen());
    assertTrue(rt.sched.runq.empty());
    G extra = runnable(1000);
    rt.procg.runqput(pp, extra, false);
    assertEquals(128, pp.runqlen());
    assertEquals(129, rt.sched.runq.size());
    assertEquals(1, rt.sched.runq.head().goid, "the oldest half goes first, in order");
    assertSame(extra, rt.sched.runq.tail());
  }

  @Test
  @DisplayName("globrunqget takes len/gomaxprocs+1 from the global queue's head, oldest first")
  void globrunqgetTakesTheOldestShare() {
    Runtime rt = runtime("go1.19");
    P pp = new P(0);
    for (int i = 0; i < 257; i++) {
      rt.procg.runqput(pp, runnable(i + 1), false);
    }
    P other = new P(1);
    G first = rt.procg.globrunqget(other, 0);
    assertEquals(1, first.goid);
    int n = 129 / 4 + 1;
    assertEquals(n - 1, other.runqlen());
    for (int i = 2; i <= n; i++) {
      assertEquals(i, rt.procg.runqget(other).goid, "queued on the P in the global queue's order");
    }
    assertEquals(129 - n, rt.sched.runq.size());
    assertEquals(n + 1, rt.sched.runq.head().goid);
    assertEquals(257, rt.sched.runq.tail().goid, "the spilled G last");
    for (long goid = n + 1; goid <= 128; goid++) {
      assertEquals(goid, rt.sched.runq.pop().goid);
    }
    assertEquals(257, rt.sched.runq.pop().goid);
    assertTrue(rt.sched.runq.empty());
    assertEquals(0, rt.sched.runq.size());
    assertEquals(null, rt.sched.runq.tail());
  }

  @Test
  @DisplayName(
      "§7 gfput: at 64 free Gs a P moves Gs to the global lists until fewer than 32 remain")
  void gfputSpillsAt64DownTo31() {
    Runtime rt = runtime("go1.19");
    P pp = new P(0);
    for (int i = 0; i < 63; i++) {
      G g = new G();
      g.status = GStatus.GDEAD;
      rt.procg.gfput(null, pp, g);
    }
    assertEquals(63, pp.gFree.size(), "63 stay local");
    G g = new G();
    g.status = GStatus.GDEAD;
    rt.procg.gfput(null, pp, g);
    assertEquals(31, pp.gFree.size());
    assertEquals(33, rt.sched.gFreeNoStack.size());
    assertEquals(64, Consts.GFREE_SPILL_AT);
    assertEquals(32, Consts.GFREE_KEEP);
  }

  @Test
  @DisplayName("§7 gfput refuses a G that is not _Gdead (throw)")
  void gfputRefusesALiveG() {
    Runtime rt = runtime("go1.19");
    assertThrows(GoThrow.class, () -> rt.procg.gfput(null, new P(0), runnable(1)));
  }

  @Test
  @DisplayName("model: a G newproc1 takes back from the free list starts without its last locals")
  void newproc1GivesAReusedGNoLocals() {
    Runtime rt = runtime("go1.19");
    P pp = new P(0);
    M mp = new M(0xc000100000L);
    mp.p = pp;
    G old = new G();
    old.status = GStatus.GDEAD;
    old.setStack(new Stack(0xc000100000L, 0xc000100800L));
    old.locals().childGoids.add(7L);
    old.locals().setMaxThreadsOut = 10_000;
    old.locals().loops.addLast(new G.Loop(List.of(), 0, 3));
    pp.gFree.push(old);
    G[] out = new G[1];
    onTask(rt, (r, ctx) -> out[0] = r.procg.newproc1(ctx, mp, "main.f", List.of(), null));
    assertSame(old, out[0], "gfget hands back the freed G");
    assertNull(out[0].locals, "a plain goroutine carries no interpreter locals");
    assertEquals(0, out[0].round());
  }

  @Test
  @DisplayName("§7 gfget: an empty P pulls up to 32 from the global lists, Gs with stacks first")
  void gfgetRefillsTo32WithStackedGsFirst() {
    Runtime rt = runtime("go1.19");
    for (int i = 0; i < 40; i++) {
      G g = new G();
      g.status = GStatus.GDEAD;
      rt.sched.gFreeNoStack.push(g);
    }
    G[] withStack = new G[5];
    for (int i = 0; i < 5; i++) {
      withStack[i] = new G();
      withStack[i].status = GStatus.GDEAD;
      withStack[i].setStack(new Stack(0xc000100000L + i * 2048L, 0xc000100800L + i * 2048L));
      rt.sched.gFreeStack.push(withStack[i]);
    }
    P pp = new P(0);
    G[] out = new G[1];
    onTask(rt, (r, ctx) -> out[0] = r.procg.gfget(ctx, pp));
    G got = out[0];
    assertEquals(31, pp.gFree.size(), "32 pulled, one handed out");
    assertTrue(rt.sched.gFreeStack.empty(), "the 5 with stacks were taken first");
    assertEquals(40 - 27, rt.sched.gFreeNoStack.size());
    assertEquals(2048, got.stack().size());
  }

  @Test
  @DisplayName(
      "stack.go: stackpoolfree finds each stack's 32 KiB span, on every page of it; the span"
          + " returns to the heap when its last stack is freed")
  void stackpoolfreeFindsTheSpanOfEveryStack() {
    Runtime rt = runtime("go1.19");
    // one span of _StackCacheSize carved into _FixedStack stacks: 16 of 2 KiB over 4 pages
    int perSpan = Consts.STACK_CACHE_SIZE / Consts.FIXED_STACK;
    long spanPages = Consts.STACK_CACHE_SIZE / Consts.PAGE_SIZE;
    long[] pages = new long[3];
    int[] poolFree = new int[perSpan + 1];
    onTask(
        rt,
        (r, ctx) -> {
          r.mheap.mallocinit(ctx);
          long before = r.mheap.pagesInUse;
          long[] x = new long[perSpan];
          for (int i = 0; i < perSpan; i++) {
            x[i] = r.stacks.stackpoolalloc(ctx, 0);
          }
          pages[0] = r.mheap.pagesInUse - before;
          poolFree[0] = r.stacks.poolFree(0);
          for (int i = 0; i < perSpan - 1; i++) {
            r.stacks.stackpoolfree(x[i], 0);
            poolFree[i + 1] = r.stacks.poolFree(0);
          }
          pages[1] = r.mheap.pagesInUse - before;
          r.stacks.stackpoolfree(x[perSpan - 1], 0);
          poolFree[perSpan] = r.stacks.poolFree(0);
          pages[2] = r.mheap.pagesInUse - before;
        });
    assertEquals(spanPages, pages[0], "one span for 16 stacks");
    assertEquals(0, poolFree[0], "a span with no free stack is off the pool list");
    for (int i = 1; i < perSpan; i++) {
      assertEquals(i, poolFree[i], "each freed stack is back in its span");
    }
    assertEquals(spanPages, pages[1], "the span is kept while one stack is in use");
    assertEquals(0, pages[2], "the wholly free span went back to the heap");
    assertEquals(0, poolFree[perSpan], "and left the pool");
  }

  @Test
  @DisplayName("§7 checkmcount: mcount > max prints the real message and throws thread exhaustion")
  void checkmcountThrowsAboveTheLimitOnly() {
    Runtime rt = runtime("go1.19");
    String[] out = new String[2];
    onTask(
        rt,
        (r, ctx) -> {
          r.sched.maxmcount = 5;
          r.sched.mnext = 5;
          r.proc.checkmcount(ctx);
          out[0] = "ok at 5";
          r.sched.mnext = 6;
          out[1] = assertThrows(GoThrow.class, () -> r.proc.checkmcount(ctx)).getMessage();
        });
    assertEquals("ok at 5", out[0]);
    assertEquals("thread exhaustion", out[1]);
    assertEquals("runtime: program exceeds 5-thread limit\n", rt.stderr.toString());
  }

  @Test
  @DisplayName("§8 mReserveID takes sched.mnext, increments it, then checks the limit")
  void mReserveIdCountsBeforeAnyThreadExists() {
    Runtime rt = runtime("go1.19");
    long[] got = new long[2];
    onTask(
        rt,
        (r, ctx) -> {
          r.sched.mnext = 7;
          got[0] = r.proc.mReserveID(ctx);
          got[1] = r.sched.mnext;
          r.sched.maxmcount = 8;
          assertThrows(GoThrow.class, () -> r.proc.mReserveID(ctx));
        });
    assertEquals(7, got[0]);
    assertEquals(8, got[1]);
    assertEquals(9, rt.sched.mnext, "the failing reservation still counted");
  }

  @Test
  @DisplayName(
      "version table: checkmcount counts extra Ms up to go1.19 and excludes them in go1.21")
  void checkmcountExtraMCountingByVersion() {
    for (String v : List.of("go1.19", "go1.21.0")) {
      Runtime rt = runtime(v);
      boolean[] threw = new boolean[1];
      onTask(
          rt,
          (r, ctx) -> {
            M extra = new M(0xc000200000L);
            extra.isExtra = true;
            r.sched.allm.add(extra);
            r.sched.maxmcount = 3;
            r.sched.mnext = 4;
            try {
              r.proc.checkmcount(ctx);
            } catch (GoThrow t) {
              threw[0] = true;
            }
          });
      assertEquals(v.equals("go1.19"), threw[0], v + ": 4 Ms of which 1 extra, limit 3");
    }
  }

  @Test
  @DisplayName("version table: go1.13 has no mReserveID, no freeWait states, no EAGAIN retry")
  void go113ProfileFollowsThe113CallGraph() {
    Profile p = Profile.of("go1.13");
    assertFalse(p.has(GoFeature.RESERVE_ID_IN_STARTM));
    assertFalse(p.has(GoFeature.FREE_WAIT_STATES));
    assertFalse(p.has(GoFeature.RETRY_ON_EAGAIN));
    assertFalse(p.has(GoFeature.WAKEP_TAKES_P));
    assertFalse(p.has(GoFeature.STARTM_LOCKHELD));
    assertFalse(p.has(GoFeature.SETTLS_IN_PARENT), "CLONE_SETTLS in the parent came with go1.16");
    assertFalse(
        p.has(GoFeature.NEWPROC_CALLS_RUNQPUT),
        "runqput/wakep moved from newproc1 to newproc in 1.15");
  }

  @Test
  @DisplayName("version table: go1.21 has retryOnEAGAIN (from 1.20), wakep taking the P, lockheld")
  void go121ProfileFollowsThe121CallGraph() {
    Profile p = Profile.of("go1.21.0");
    assertTrue(p.has(GoFeature.RETRY_ON_EAGAIN));
    assertTrue(p.has(GoFeature.WAKEP_TAKES_P));
    assertTrue(p.has(GoFeature.STARTM_LOCKHELD));
    assertTrue(p.has(GoFeature.FREE_WAIT_STATES));
    assertTrue(p.has(GoFeature.CHECKMCOUNT_EXCLUDES_EXTRA));
    assertEquals(20, Consts.EAGAIN_TRIES);
    Profile q = Profile.of("go1.19");
    assertFalse(q.has(GoFeature.RETRY_ON_EAGAIN), "no retry in 1.19");
    assertFalse(q.has(GoFeature.WAKEP_TAKES_P));
    assertTrue(q.has(GoFeature.RESERVE_ID_IN_STARTM));
  }

  @Test
  @DisplayName("version table: each release has the features of its own and earlier releases")
  void featuresFollowTheReleaseTheyArrivedIn() {
    assertEquals(Set.of(), Profile.of("go1.13").features());
    assertEquals(
        Set.of(GoFeature.G_PREEMPTED, GoFeature.ASYNC_PREEMPT, GoFeature.PER_P_TIMERS),
        Profile.of("go1.14").features());
    assertEquals(
        Set.of(
            GoFeature.G_PREEMPTED,
            GoFeature.ASYNC_PREEMPT,
            GoFeature.PER_P_TIMERS,
            GoFeature.RESERVE_ID_IN_STARTM,
            GoFeature.NEWPROC_CALLS_RUNQPUT,
            GoFeature.WAKEP_CHECKS_NPIDLE,
            GoFeature.SETTLS_IN_PARENT),
        Profile.of("go1.19").features());
    // go1.21.0: everything up to go1.21, none of the later releases' changes
    assertEquals(
        Set.of(
            GoFeature.G_PREEMPTED,
            GoFeature.ASYNC_PREEMPT,
            GoFeature.PER_P_TIMERS,
            GoFeature.RESERVE_ID_IN_STARTM,
            GoFeature.NEWPROC_CALLS_RUNQPUT,
            GoFeature.WAKEP_CHECKS_NPIDLE,
            GoFeature.SETTLS_IN_PARENT,
            GoFeature.FREE_WAIT_STATES,
            GoFeature.RETRY_ON_EAGAIN,
            GoFeature.WAKEP_TAKES_P,
            GoFeature.STARTM_LOCKHELD,
            GoFeature.CHECKMCOUNT_EXCLUDES_EXTRA,
            GoFeature.NEEDSPINNING),
        Profile.of("go1.21.0").features());
    assertEquals(Set.of(GoFeature.values()), Profile.of("go1.26.8").features());
    assertEquals("go1.15", GoFeature.RESERVE_ID_IN_STARTM.since());
    assertTrue(GoFeature.STARTM_LOCKHELD.in("go1.21.0"));
    assertFalse(GoFeature.FREE_WAIT_STATES.in("go1.19"));
  }

  @Test
  @DisplayName("go1.26.8: 16 KiB g0 stacks, a 928-byte stack guard, 2048-byte Ms")
  void go126ProfileHasItsSizes() {
    Profile p = Profile.of("go1.26.8");
    // allocm's malg(16384 * StackGuardMultiplier) for a non-cgo M (proc.go:2333 in go1.26.8)
    assertEquals(16384, p.g0StackSize());
    // internal/abi: StackNosplitBase 800 + StackSmall 128
    assertEquals(928, p.stackGuard());
    assertTrue(p.has(GoFeature.M_PADDED));
    assertEquals(8192, Profile.of("go1.21.0").g0StackSize());
    assertFalse(Profile.of("go1.21.0").has(GoFeature.G0_STACK_16K));
  }

  @Test
  @DisplayName("a heap base is go1.26.8's alone, and an 8 KiB-aligned user address")
  void heapBaseBelongsToGo126() {
    io.github.clonepath.goruntime.GoOptions go126 =
        io.github.clonepath.goruntime.GoOptions.DEFAULT.withVersion(
            io.github.clonepath.goruntime.GoVersion.GO1_26);
    assertEquals(0x3ebca6c68000L, go126.withHeapBase(0x3ebca6c68000L).heapBase());
    assertThrows(
        IllegalArgumentException.class,
        () -> io.github.clonepath.goruntime.GoOptions.DEFAULT.withHeapBase(0x3ebca6c68000L));
    assertThrows(IllegalArgumentException.class, () -> go126.withHeapBase(0x3ebca6c68100L));
    assertThrows(IllegalArgumentException.class, () -> go126.withHeapBase(0xffff800000000000L));
  }

  @Test
  @DisplayName("an unknown version is refused with the list of known ones")
  void unknownVersionIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Profile.of("go1.22"));
    assertTrue(e.getMessage().contains("go1.21.0"));
  }
}
