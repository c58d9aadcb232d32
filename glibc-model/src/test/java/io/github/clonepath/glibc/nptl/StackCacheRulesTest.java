package io.github.clonepath.glibc.nptl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.glibc.pthread.PthreadCreateResult;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The S1-S9 scenarios of the reference captures and the cache rules of get_cached_stack and
 * queue_stack (nptl/allocatestack.c, nptl/nptl-stack.c, glibc 2.36), each named after its rule.
 */
class StackCacheRulesTest {
  static final long DEFAULT_BLOCK = 8392704;

  @Test
  @DisplayName("S1: sequential creates reuse the cached block: no mmap, same B and T")
  void sequentialCreatesReuseTheCachedBlock() {
    Driver d = new Driver().create("a").join("a").create("b").join("b").create("c").join("c").run();
    assertEquals(1, d.after("mmap").size());
    assertEquals(1, d.after("mprotect").size());
    assertTrue(d.after("munmap").isEmpty());
    List<Door.Call> c3 = d.after("clone3");
    assertEquals(3, c3.size());
    for (Door.Call c : c3) {
      assertEquals(c3.get(0).arg(5), c.arg(5), "same block");
      assertEquals(c3.get(0).arg(7), c.arg(7), "same TCB");
    }
    assertEquals(3, d.after("madvise").size(), "every exit drops its stack pages");
  }

  @Test
  @DisplayName(
      "S1 cache0: with stack_cache_size=0 every join unmaps the block right after the futex")
  void cacheLimitZeroUnmapsAtJoin() {
    Driver d =
        new Driver(LibcConfig.DEFAULT.withStackCacheSize(0))
            .create("a")
            .join("a")
            .create("b")
            .join("b")
            .run();
    assertEquals(2, d.after("mmap").size());
    List<Door.Call> seq = d.after("futex", "munmap");
    assertEquals(
        List.of("futex", "munmap", "futex", "munmap"), seq.stream().map(Door.Call::name).toList());
    assertEquals(DEFAULT_BLOCK, d.after("munmap").get(0).arg(1));
  }

  @Test
  @DisplayName(
      "first create only: SIGSETXID handler and SIG_UNBLOCK [RTMIN RT_1]; all signals blocked around clone3")
  void firstCreateInstallsSetxidAndBlocksSignalsAroundClone() {
    Driver d = new Driver().create("a").join("a").create("b").join("b").run();
    assertEquals(1, d.after("rt_sigaction").size());
    assertEquals(33, d.after("rt_sigaction").get(0).arg(0));
    List<String> main =
        d.after().stream()
            .filter(c -> c.tid() == d.pid)
            .map(Door.Call::name)
            .filter(n -> !n.equals("futex"))
            .toList();
    assertEquals(
        List.of(
            "rt_sigaction",
            "rt_sigprocmask",
            "mmap",
            "mprotect",
            "rt_sigprocmask",
            "clone3",
            "rt_sigprocmask",
            "rt_sigprocmask",
            "clone3",
            "rt_sigprocmask",
            "exit_group"),
        main);
    Door.Call unblock = d.after("rt_sigprocmask").get(0);
    assertEquals(1, unblock.arg(0));
    assertEquals(3L << 31, unblock.arg(1), "[RTMIN RT_1] = signals 32 and 33");
    Door.Call block = d.after("rt_sigprocmask").get(1);
    assertEquals(0, block.arg(0));
    assertEquals(-1L, block.arg(1), "~[]");
  }

  @Test
  @DisplayName(
      "§2: the child does rseq, set_robust_list, SIG_SETMASK; exits with SIG_BLOCK ~[RT_1], madvise, exit")
  void childSequence() {
    Driver d = new Driver().create("a").join("a").run();
    long child = d.after("clone3").get(0).result();
    Door.Call c3 = d.after("clone3").get(0);
    long t = c3.arg(7);
    List<Door.Call> cc = d.after().stream().filter(c -> c.tid() == child).toList();
    assertEquals(
        List.of("rseq", "set_robust_list", "rt_sigprocmask", "rt_sigprocmask", "madvise", "exit"),
        cc.stream().map(Door.Call::name).toList());
    assertEquals(t + 0x920, cc.get(0).arg(0));
    assertEquals(0x20, cc.get(0).arg(1));
    assertEquals(0x53053053, cc.get(0).arg(3));
    assertEquals(t + 0x2e0, cc.get(1).arg(0));
    assertEquals(24, cc.get(1).arg(1));
    assertEquals(2, cc.get(2).arg(0), "restores the creator's mask");
    assertEquals(0, cc.get(3).arg(0));
    assertEquals(~(1L << 32), cc.get(3).arg(1), "~[RT_1]");
    Door.Call join = d.after("futex").get(0);
    assertEquals(t + 0x2d0, join.arg(0));
    assertEquals(9 | 256, join.arg(1), "FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, not private");
    assertEquals(child, join.arg(2));
  }

  @Test
  @DisplayName("s1_seq_norseq: with glibc.pthread.rseq=0 there is no rseq call at all")
  void rseqTunableOff() {
    Driver d = new Driver(LibcConfig.DEFAULT.withRseq(false)).create("a").join("a").run();
    assertTrue(d.calls("rseq").isEmpty());
  }

  @Test
  @DisplayName("s1b_latejoin: joining a thread that already exited makes no syscall")
  void lateJoinMakesNoSyscall() {
    Driver d = new Driver().create("a").release("a").yield().yield().yield().join("a").run();
    assertTrue(d.after("futex").isEmpty());
    assertEquals(0, d.joinRc.get("a"));
  }

  @Test
  @DisplayName(
      "S2: five concurrent default threads; the 5th join evicts the first joined; round 2 reuses newest first")
  void concurrentRoundsKeepAtMostFourDefaultStacks() {
    Driver d = new Driver();
    for (int i = 0; i < 5; i++) {
      d.create("r1-" + i);
    }
    for (int i = 0; i < 5; i++) {
      d.join("r1-" + i);
    }
    for (int i = 0; i < 5; i++) {
      d.create("r2-" + i);
    }
    for (int i = 0; i < 5; i++) {
      d.join("r2-" + i);
    }
    d.run();
    List<Door.Call> mmaps = d.after("mmap");
    assertEquals(6, mmaps.size(), "5 in round 1, 1 in round 2");
    List<Door.Call> munmaps = d.after("munmap");
    assertEquals(2, munmaps.size());
    assertEquals(mmaps.get(0).result(), munmaps.get(0).arg(0), "first joined, oldest cached");
    List<Door.Call> c3 = d.after("clone3");
    // Round 2 reuses blocks joined 5,4,3,2 (most recent first), then maps one.
    assertEquals(mmaps.get(4).result(), c3.get(5).arg(5));
    assertEquals(mmaps.get(3).result(), c3.get(6).arg(5));
    assertEquals(mmaps.get(2).result(), c3.get(7).arg(5));
    assertEquals(mmaps.get(1).result(), c3.get(8).arg(5));
    assertEquals(mmaps.get(5).result(), c3.get(9).arg(5));
    assertEquals(4 * DEFAULT_BLOCK, d.libc.stacks().actsize());
  }

  @Test
  @DisplayName("§5.1: the cache counts the full block, guard included")
  void cacheCountsTheFullBlock() {
    Driver d = new Driver().create("a", Driver.guard(3 * 4096)).join("a").run();
    assertEquals(8388608 + 3 * 4096, d.libc.stacks().actsize());
  }

  @Test
  @DisplayName("§5.2: eviction only when the count is strictly above the limit")
  void evictionOnlyStrictlyAboveTheLimit() {
    Driver d = new Driver(LibcConfig.DEFAULT.withStackCacheSize(2 * DEFAULT_BLOCK));
    d.create("a").create("b").join("a").join("b").run();
    assertTrue(d.after("munmap").isEmpty(), "count == limit keeps both");
    Driver e = new Driver(LibcConfig.DEFAULT.withStackCacheSize(2 * DEFAULT_BLOCK - 1));
    e.create("a").create("b").join("a").join("b").run();
    assertEquals(1, e.after("munmap").size(), "count > limit evicts the oldest");
  }

  @Test
  @DisplayName(
      "S4b: a cached block is reused when the total matches; the guard is fixed with one mprotect")
  void guardReuseFixedWithOneMprotect() {
    PthreadAttr g8 = Driver.stack(8388608 - 4096);
    g8.setguardsize(8192);
    PthreadAttr g0 = Driver.stack(8388608 + 4096);
    g0.setguardsize(0);
    Driver d =
        new Driver()
            .create("a")
            .join("a")
            .create("b", g8)
            .getattr("b")
            .join("b")
            .create("c", g0)
            .getattr("c")
            .join("c")
            .create("d")
            .join("d")
            .run();
    assertEquals(1, d.after("mmap").size());
    long b = d.after("mmap").get(0).result();
    List<Door.Call> mp = d.after("mprotect");
    assertEquals(4, mp.size());
    assertEquals(
        List.of(b, 8192L, 0L), List.of(mp.get(1).arg(0), mp.get(1).arg(1), mp.get(1).arg(2)));
    assertEquals(
        List.of(b, 8192L, 3L), List.of(mp.get(2).arg(0), mp.get(2).arg(1), mp.get(2).arg(2)));
    assertEquals(
        List.of(b, 4096L, 0L), List.of(mp.get(3).arg(0), mp.get(3).arg(1), mp.get(3).arg(2)));
    assertEquals(8384512, d.getattr.get("b").stacksize());
    assertEquals(8392704, d.getattr.get("c").stacksize());
  }

  @Test
  @DisplayName(
      "S5: user stacks: no mmap/mprotect/madvise/munmap, never cached, T at the top, odd base gives top-T 0x944")
  void userStacksAreNeverCached() {
    PthreadAttr u = new PthreadAttr();
    PthreadAttr odd = new PthreadAttr();
    long[] bss = new long[1];
    int[] mark = new int[1];
    Driver d = new Driver();
    // The reference program's buffer is static (bss): program memory mapped read-write.
    d.step(
        (c, next) -> {
          bss[0] = c.mmap(0, 1 << 20, 3, 0x22, -1, 0);
          assertEquals(0, u.setstack(bss[0], 262144));
          assertEquals(0, odd.setstack(bss[0] + 100, 100000));
          assertEquals(22, new PthreadAttr().setstack(bss[0], 8192), "setstack(.., 8192) EINVAL");
          mark[0] = d.door.calls.size();
          next.run();
        });
    d.create("u1", u)
        .getattr("u1")
        .join("u1")
        .create("u2", u)
        .join("u2")
        .create("odd", odd)
        .join("odd")
        .run();
    long buf = bss[0];
    assertTrue(d.door.calls(mark[0], "mmap", "mprotect", "madvise", "munmap").isEmpty());
    List<Door.Call> c3 = d.after("clone3");
    long top = buf + 262144;
    assertEquals(buf, c3.get(0).arg(5));
    assertEquals(0x3ef80, c3.get(0).arg(6));
    assertEquals(top - 0x940, c3.get(0).arg(7));
    assertEquals(c3.get(0).arg(7), c3.get(1).arg(7), "the same buffer is reused");
    assertEquals(0x944, buf + 100 + 100000 - c3.get(2).arg(7));
    assertEquals(0, d.getattr.get("u1").getguardsize());
    assertEquals(0, d.libc.stacks().actsize());
  }

  @Test
  @DisplayName(
      "S6: a detached thread queues its own stack (no futex); reuse waits for the kernel's tid clear")
  void detachedThreadQueuesItsOwnStack() {
    Driver d = new Driver().createDetached("a", Driver.detached()).yield().yield().yield();
    d.createDetached("b", Driver.detached()).yield().yield().yield().run();
    assertEquals(1, d.after("mmap").size(), "the second reuses the first's block");
    assertTrue(d.after("futex").isEmpty());
    assertEquals(2, d.after("madvise").size());
    assertEquals(DEFAULT_BLOCK, d.libc.stacks().actsize());
  }

  @Test
  @DisplayName("S6 back-to-back: a queued block whose tid is not cleared yet is not reused")
  void busyCachedBlockIsNotReused() {
    Driver d = new Driver().createDetached("a", Driver.detached());
    d.step(
        (c, next) -> {
          // Thread a has run its exit path up to queue_stack, but the kernel has not cleared its
          // tid.
          Tcb t = d.libc.descriptors().get(d.threads.get("a"));
          c.store32(t.tidAddr(), 4242);
          d.libc.stacks().del(d.libc.stacks().usedList().get(0));
          d.libc.stacks().queueStack(c, t);
          next.run();
        });
    d.create("b").run();
    assertEquals(2, d.after("mmap").size());
  }

  @Test
  @DisplayName(
      "S6 cache0: with limit 0 an exiting detached thread keeps its own stack cached and unmaps"
          + " the stacks of threads already gone")
  void detachedStackStaysWithLimitZero() {
    Driver d = new Driver(LibcConfig.DEFAULT.withStackCacheSize(0));
    d.createDetached("a", Driver.detached()).yield().yield().yield();
    d.check(x -> assertEquals(DEFAULT_BLOCK, x.libc.stacks().actsize(), "stays above limit 0"));
    d.createDetached("b", Driver.detached()).yield().yield().yield();
    d.check(x -> assertEquals(1, x.after("mmap").size(), "b reused a's block"));
    d.createDetached("c", Driver.detached()).createDetached("e", Driver.detached());
    d.yield().yield().yield().yield().run();
    List<Door.Call> munmaps = d.after("munmap");
    assertEquals(1, munmaps.size());
    long c = d.after("clone3").get(2).result();
    long e = d.after("clone3").get(3).result();
    assertEquals(e, munmaps.get(0).tid(), "the later exiting detached thread unmaps c's block");
    assertEquals(d.after("clone3").get(2).arg(5), munmaps.get(0).arg(0));
    assertTrue(c != e);
    assertEquals(DEFAULT_BLOCK, d.libc.stacks().actsize(), "e's own stack stays");
  }

  @Test
  @DisplayName(
      "S7: P1..P7 cache overflow: counts, 4x rule, eviction order, blocks bigger than the limit")
  void cacheOverflowScenario() {
    Driver d = new Driver();
    for (int i = 0; i < 10; i++) {
      d.create("p1-" + i);
    }
    for (int i = 0; i < 10; i++) {
      d.join("p1-" + i);
    }
    d.check(x -> assertEquals(33570816, x.libc.stacks().actsize(), "P1 leaves 4 default stacks"));
    for (int i = 0; i < 3; i++) {
      d.create("p2-" + i, Driver.stack(65536));
    }
    for (int i = 0; i < 3; i++) {
      d.join("p2-" + i);
    }
    d.check(x -> assertEquals(33779712, x.libc.stacks().actsize(), "P2: no eviction"));
    d.create("p3", Driver.stack(2 << 20)).getattr("p3").join("p3");
    d.create("p4", Driver.stack(1 << 20)).join("p4");
    d.create("p5", Driver.stack(16384)).getattr("p5").join("p5");
    d.create("p6-0", Driver.stack(16 << 20)).create("p6-1", Driver.stack(16 << 20));
    d.join("p6-0").join("p6-1");
    d.check(x -> assertEquals(34684928, x.libc.stacks().actsize(), "P6 leaves 34684928"));
    for (int i = 0; i < 6; i++) {
      d.create("p7-" + i, Driver.stack(8 << 20));
    }
    d.getattr("p7-0").getattr("p7-1");
    for (int i = 0; i < 6; i++) {
      d.join("p7-" + i);
    }
    d.run();
    assertEquals(8388608, d.getattr.get("p3").stacksize(), "P3 2 MiB reuses an 8 MiB block");
    assertEquals(65536, d.getattr.get("p5").stacksize(), "P5 16 KiB reuses a 64 KiB block");
    assertEquals(16777216, d.getattr.get("p7-0").stacksize(), "P7 reuses the 16 MiB blocks");
    assertEquals(16777216, d.getattr.get("p7-1").stacksize());
    List<Long> lens = d.after("mmap").stream().map(c -> c.arg(1)).toList();
    assertEquals(
        List.of(
            DEFAULT_BLOCK,
            DEFAULT_BLOCK,
            DEFAULT_BLOCK,
            DEFAULT_BLOCK,
            DEFAULT_BLOCK,
            DEFAULT_BLOCK,
            DEFAULT_BLOCK,
            DEFAULT_BLOCK,
            DEFAULT_BLOCK,
            DEFAULT_BLOCK,
            69632L,
            69632L,
            69632L,
            1052672L,
            16781312L,
            16781312L,
            DEFAULT_BLOCK,
            DEFAULT_BLOCK,
            DEFAULT_BLOCK,
            DEFAULT_BLOCK),
        lens);
  }

  @Test
  @DisplayName("S7 P6: joins of the 16 MiB threads evict oldest first: 8M, 8M | 8M, 64K, 64K, 8M")
  void evictionOrderIsOldestInsertedFirst() {
    Driver d = new Driver();
    for (int i = 0; i < 10; i++) {
      d.create("p1-" + i);
    }
    for (int i = 0; i < 10; i++) {
      d.join("p1-" + i);
    }
    for (int i = 0; i < 3; i++) {
      d.create("p2-" + i, Driver.stack(65536));
    }
    for (int i = 0; i < 3; i++) {
      d.join("p2-" + i);
    }
    d.create("p3", Driver.stack(2 << 20)).join("p3");
    d.create("p4", Driver.stack(1 << 20)).join("p4");
    d.create("p5", Driver.stack(16384)).join("p5");
    int[] before = new int[1];
    d.check(x -> before[0] = x.after("munmap").size());
    d.create("p6-0", Driver.stack(16 << 20)).create("p6-1", Driver.stack(16 << 20));
    d.join("p6-0").join("p6-1").run();
    List<Long> evicted =
        d.after("munmap").subList(before[0], d.after("munmap").size()).stream()
            .map(c -> c.arg(1))
            .toList();
    assertEquals(
        List.of(DEFAULT_BLOCK, DEFAULT_BLOCK, DEFAULT_BLOCK, 69632L, 69632L, DEFAULT_BLOCK),
        evicted);
  }

  @Test
  @DisplayName("s7b 4x rule, below the boundary: block 2098112 (4x = 8392448 < 8392704) maps fresh")
  void fourTimesRuleJustBelowBoundaryMapsFresh() {
    Driver d =
        new Driver().create("a").join("a").create("b", Driver.stack(2094016)).join("b").run();
    assertEquals(2, d.after("mmap").size());
    assertEquals(2098112, d.after("mmap").get(1).arg(1));
  }

  @Test
  @DisplayName(
      "s7b 4x rule, at the boundary: block 2098176 (4x = 8392704) reuses the 8392704-byte block")
  void fourTimesRuleAtBoundaryReuses() {
    Driver d =
        new Driver().create("a").join("a").create("b", Driver.stack(2094080)).join("b").run();
    assertEquals(1, d.after("mmap").size());
    assertEquals(0x7fff80, d.after("clone3").get(1).arg(6), "a reused block keeps its full size");
  }

  @Test
  @DisplayName("§5.3: exact size ends the search; ties go to the most recently cached")
  void exactFitAndTiesGoToMostRecent() {
    Driver d = new Driver();
    d.create("a").create("b").create("c", Driver.stack(65536));
    d.join("a").join("b").join("c");
    d.create("x", Driver.stack(65536)).create("y").run();
    List<Door.Call> mm = d.after("mmap");
    List<Door.Call> c3 = d.after("clone3");
    assertEquals(mm.get(2).result(), c3.get(3).arg(5), "exact 64 KiB block");
    assertEquals(
        mm.get(1).result(), c3.get(4).arg(5), "of two equal 8 MiB blocks, b was cached last");
  }

  @Test
  @DisplayName(
      "s7_cache_16MiB: limit 16 MiB keeps one default stack; a block bigger than the limit is unmapped at its own join")
  void blockBiggerThanLimitIsNeverKept() {
    Driver d = new Driver(LibcConfig.DEFAULT.withStackCacheSize(16777216));
    d.create("a").create("b").join("a").join("b");
    d.check(x -> assertEquals(DEFAULT_BLOCK, x.libc.stacks().actsize()));
    d.create("big", Driver.stack(16 << 20)).join("big").run();
    Door.Call last = d.after("munmap").get(d.after("munmap").size() - 1);
    assertEquals(16781312, last.arg(1));
  }

  @Test
  @DisplayName(
      "S9: fork child reclaims the parent's thread stacks and creates a thread without mmap")
  void forkChildReusesParentThreadStack() {
    Driver d = new Driver().create("t");
    long[] childClone = new long[1];
    d.step(
        (c, next) -> {
          long pid =
              d.libc.fork(
                  c,
                  d.libc.mainThread(),
                  (cc, childLibc, self) -> {
                    PthreadCreateResult created =
                        childLibc.pthreadCreate(
                            cc, self, null, (x, s, a, done) -> done.ret(x, 0), 0);
                    int rc = created.error();
                    assertEquals(0, rc);
                    childLibc.pthreadJoin(
                        cc, self, created.thread(), (x, err, rv) -> childLibc.exit(x, 0));
                  });
          childClone[0] = pid;
          next.run();
        });
    d.yield().yield().yield().yield().join("t").run();
    Door.Call fork = d.after("clone").get(0);
    assertEquals(0x01200000L | 17, fork.arg(0), "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
    assertEquals(0, fork.arg(1), "child_stack NULL");
    assertEquals(d.libc.mainThread() + 0x2d0, fork.arg(3));
    long pid = fork.result();
    List<Door.Call> child = d.after().stream().filter(c -> c.tid() == pid).toList();
    assertEquals("set_robust_list", child.get(0).name());
    assertEquals(d.libc.mainThread() + 0x2e0, child.get(0).arg(0));
    assertTrue(child.stream().noneMatch(c -> c.name().equals("mmap") || c.name().equals("rseq")));
    Door.Call childClone3 =
        child.stream().filter(c -> c.name().equals("clone3")).findFirst().orElseThrow();
    assertEquals(d.after("clone3").get(0).arg(5), childClone3.arg(5), "same block B");
    assertEquals(d.after("clone3").get(0).arg(7), childClone3.arg(7), "same TCB T");
  }

  @Test
  @DisplayName(
      "S9: posix_spawn maps 36 KiB RW with no guard, clone3(CLONE_VM|CLONE_VFORK, SIGCHLD), unmaps after")
  void posixSpawnUses36KiBStack() {
    Driver d = new Driver();
    int[] rc = {-1};
    d.step(
        (c, next) ->
            d.libc.posixSpawn(
                c,
                d.libc.mainThread(),
                0,
                (x, err, pid) -> {
                  rc[0] = err;
                  next.run();
                }));
    d.run();
    assertEquals(0, rc[0]);
    Door.Call mmap = d.after("mmap").get(0);
    assertEquals(36864, mmap.arg(1));
    assertEquals(3, mmap.arg(2));
    Door.Call c3 = d.after("clone3").get(0);
    assertEquals(0x4100, c3.arg(0));
    assertEquals(17, c3.arg(4));
    assertEquals(0x9000, c3.arg(6));
    assertEquals(36864, d.after("munmap").get(0).arg(1));
  }
}
