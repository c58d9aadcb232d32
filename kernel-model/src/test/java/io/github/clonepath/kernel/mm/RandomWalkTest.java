package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.VmFlags.VM_DONTCOPY;
import static io.github.clonepath.kernel.mm.VmFlags.VM_HUGEPAGE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_NOHUGEPAGE;
import static io.github.clonepath.kernel.mm.VmFlags.VM_RAND_READ;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SEQ_READ;
import static io.github.clonepath.kernel.mm.VmFlags.VM_SHARED;
import static io.github.clonepath.kernel.mm.VmFlags.VM_WIPEONFORK;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Madvise;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.MmFormat;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.UserFault;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded random walks of mmap, munmap, mprotect, madvise, loads and stores, each step checked
 * against a page-by-page reference and the VMA invariants; each walk ends with a fork checked the
 * same way. A failure prints the seed and every step.
 */
class RandomWalkTest {
  private static final long PAGE = 4096;
  private static final int SEEDS = 300;
  private static final int STEPS = 150;
  private static final int WINDOW = 96;
  private static final long ATTRS =
      0x7
          | VM_SHARED
          | VM_DONTCOPY
          | VM_RAND_READ
          | VM_SEQ_READ
          | VM_WIPEONFORK
          | VM_HUGEPAGE
          | VM_NOHUGEPAGE;
  private static final int[] PROTS = {
    Prot.PROT_NONE,
    Prot.PROT_READ,
    Prot.PROT_READ | Prot.PROT_WRITE,
    Prot.PROT_READ | Prot.PROT_EXEC
  };
  private static final int[] ADVICE = {
    Madvise.MADV_DONTFORK, Madvise.MADV_DOFORK, Madvise.MADV_RANDOM, Madvise.MADV_SEQUENTIAL,
    Madvise.MADV_NORMAL, Madvise.MADV_DONTNEED, Madvise.MADV_WIPEONFORK, Madvise.MADV_KEEPONFORK,
    Madvise.MADV_HUGEPAGE, Madvise.MADV_NOHUGEPAGE
  };

  /** What the reference knows of one page. */
  private record Page(long attrs, int object) {}

  /** The trivially correct model: a map from page number to its attributes, and the words. */
  private static final class Reference {
    final TreeMap<Long, Page> pages = new TreeMap<>();
    final TreeMap<Long, Integer> words = new TreeMap<>();
    int objects;

    boolean mapped(long p) {
      return pages.containsKey(p);
    }

    void unmap(long from, long to) {
      for (long p = from; p < to; p++) {
        if (pages.remove(p) != null) {
          dropWords(p);
        }
      }
    }

    void dropWords(long p) {
      words.subMap(p * PAGE, (p + 1) * PAGE).clear();
    }
  }

  @Test
  void randomWalksAgreeWithAPageGranularReference() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      walk(seed);
    }
  }

  private static void walk(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    StandardMmEnvironment env = new StandardMmEnvironment();
    MmStruct mm = new MmStruct(env);
    Reference ref = new Reference();
    long top = mm.mmapBase() / PAGE;
    long low = top - WINDOW;
    List<String> steps = new ArrayList<>();
    try {
      for (int i = 0; i < STEPS; i++) {
        step(rnd, mm, ref, low, top, steps);
        check(mm, ref, env, steps);
      }
      forkAndCheck(mm, ref, env, steps);
    } catch (AssertionError | RuntimeException e) {
      fail("seed " + seed + " failed after steps:\n  " + String.join("\n  ", steps), e);
    }
  }

  private static void step(
      SplittableRandom rnd, MmStruct mm, Reference ref, long low, long top, List<String> steps) {
    long p = low + rnd.nextLong(WINDOW);
    long n = 1 + rnd.nextLong(8);
    switch (rnd.nextInt(7)) {
      case 0, 1 -> mmap(rnd, mm, ref, p, n, top, steps);
      case 2 -> {
        long r = mm.munmap(p * PAGE, n * PAGE - rnd.nextLong(PAGE));
        steps.add(MmFormat.munmap(p * PAGE, n * PAGE, r));
        expect(0, r);
        ref.unmap(p, p + n);
      }
      case 3 -> mprotect(rnd, mm, ref, p, n, steps);
      case 4 -> madvise(rnd, mm, ref, p, n, steps);
      default -> access(rnd, mm, ref, p, steps);
    }
  }

  private static void mmap(
      SplittableRandom rnd, MmStruct mm, Reference ref, long p, long n, long top, List<String> s) {
    int prot = PROTS[rnd.nextInt(PROTS.length)];
    boolean shared = rnd.nextInt(8) == 0;
    boolean fixed = rnd.nextInt(3) != 0;
    int flags = (shared ? MapFlags.MAP_SHARED : MapFlags.MAP_PRIVATE) | MapFlags.MAP_ANONYMOUS;
    flags |= rnd.nextInt(8) == 0 ? MapFlags.MAP_STACK : 0;
    flags |= rnd.nextInt(8) == 0 ? MapFlags.MAP_NORESERVE : 0;
    flags |= fixed ? MapFlags.MAP_FIXED : 0;
    long where = fixed ? p : highestFreeRun(ref, n, top);
    long r = mm.mmap(fixed ? p * PAGE : 0, n * PAGE, prot, flags, -1, 0);
    s.add(MmFormat.mmap(fixed ? p * PAGE : 0, n * PAGE, prot, flags, -1, 0, r));
    expect(where * PAGE, r);
    ref.unmap(where, where + n);
    long attrs = prot | (shared ? VM_SHARED : 0);
    attrs |= (flags & MapFlags.MAP_STACK) != 0 ? VM_NOHUGEPAGE : 0;
    int object = shared ? ++ref.objects : 0;
    for (long q = where; q < where + n; q++) {
      ref.pages.put(q, new Page(attrs, object));
    }
  }

  private static long highestFreeRun(Reference ref, long n, long top) {
    long run = 0;
    for (long q = top - 1; ; q--) {
      run = ref.mapped(q) ? 0 : run + 1;
      if (run == n) {
        return q;
      }
    }
  }

  private static void mprotect(
      SplittableRandom rnd, MmStruct mm, Reference ref, long p, long n, List<String> s) {
    int prot = PROTS[rnd.nextInt(PROTS.length)];
    long r = mm.mprotect(p * PAGE, n * PAGE, prot);
    s.add(MmFormat.mprotect(p * PAGE, n * PAGE, prot, r));
    long q = p;
    for (; q < p + n && ref.mapped(q); q++) {
      Page old = ref.pages.get(q);
      ref.pages.put(q, new Page((old.attrs() & ~0x7L) | prot, old.object()));
    }
    expect(q == p + n ? 0 : Errno.ENOMEM.result(), r);
  }

  private static void madvise(
      SplittableRandom rnd, MmStruct mm, Reference ref, long p, long n, List<String> s) {
    int adv = ADVICE[rnd.nextInt(ADVICE.length)];
    long r = mm.madvise(p * PAGE, n * PAGE, adv);
    s.add(MmFormat.madvise(p * PAGE, n * PAGE, adv, r));
    Long first = ref.pages.ceilingKey(p);
    if (first == null) {
      expect(Errno.ENOMEM.result(), r);
      return;
    }
    long expected = 0;
    for (long q = p; q < p + n; q++) {
      Page pg = ref.pages.get(q);
      if (pg == null) {
        expected = Errno.ENOMEM.result();
        continue;
      }
      long a = pg.attrs();
      switch (adv) {
        case Madvise.MADV_DONTFORK -> a |= VM_DONTCOPY;
        case Madvise.MADV_DOFORK -> a &= ~VM_DONTCOPY;
        case Madvise.MADV_RANDOM -> a = (a & ~VM_SEQ_READ) | VM_RAND_READ;
        case Madvise.MADV_SEQUENTIAL -> a = (a & ~VM_RAND_READ) | VM_SEQ_READ;
        case Madvise.MADV_NORMAL -> a &= ~(VM_RAND_READ | VM_SEQ_READ);
        case Madvise.MADV_HUGEPAGE -> a = (a & ~VM_NOHUGEPAGE) | VM_HUGEPAGE;
        case Madvise.MADV_NOHUGEPAGE -> a = (a & ~VM_HUGEPAGE) | VM_NOHUGEPAGE;
        case Madvise.MADV_KEEPONFORK -> a &= ~VM_WIPEONFORK;
        case Madvise.MADV_WIPEONFORK -> {
          if ((a & VM_SHARED) != 0) {
            expect(Errno.EINVAL.result(), r);
            return;
          }
          a |= VM_WIPEONFORK;
        }
        case Madvise.MADV_DONTNEED -> {
          if ((a & VM_SHARED) == 0) {
            ref.dropWords(q);
          }
        }
        default -> throw new IllegalStateException();
      }
      ref.pages.put(q, new Page(a, pg.object()));
    }
    expect(expected, r);
  }

  private static void access(
      SplittableRandom rnd, MmStruct mm, Reference ref, long p, List<String> s) {
    long addr = p * PAGE + 4 * rnd.nextLong(PAGE / 4);
    Page pg = ref.pages.get(p);
    if (rnd.nextBoolean()) {
      int v = rnd.nextInt(1, 1000);
      s.add(String.format("store32(0x%x, %d)", addr, v));
      boolean ok = pg != null && (pg.attrs() & Prot.PROT_WRITE) != 0;
      boolean faulted = false;
      try {
        mm.store32(addr, v);
      } catch (UserFault e) {
        faulted = true;
      }
      expect(ok ? 0 : 1, faulted ? 1 : 0);
      if (ok) {
        ref.words.put(addr, v);
      }
    } else {
      s.add(String.format("load32(0x%x)", addr));
      boolean ok = pg != null && (pg.attrs() & 0x7) != 0;
      try {
        int v = mm.load32(addr);
        expect(1, ok ? 1 : 0);
        expect(ref.words.getOrDefault(addr, 0), v);
      } catch (UserFault e) {
        expect(0, ok ? 1 : 0);
      }
    }
  }

  private static void check(MmStruct mm, Reference ref, StandardMmEnvironment env, List<String> s) {
    List<Vma> vmas = mm.vmas();
    long prevEnd = -1;
    long pages = 0;
    long charged = 0;
    Map<Shmem, Boolean> objects = new HashMap<>();
    Vma prev = null;
    for (Vma v : vmas) {
      check(v.start() % PAGE == 0 && v.end() % PAGE == 0, () -> "unaligned " + v);
      check(v.start() < v.end(), () -> "empty " + v);
      check(v.start() >= prevEnd, () -> "overlap or unsorted at " + v);
      for (long q = v.start() / PAGE; q < v.end() / PAGE; q++) {
        Page pg = ref.pages.get(q);
        final long at = q * PAGE;
        check(pg != null, () -> "page 0x" + Long.toHexString(at) + " mapped only in the model");
        check(
            (v.flags() & ATTRS) == pg.attrs(),
            () -> String.format("attrs of 0x%x: %x vs %x", at, v.flags() & ATTRS, pg.attrs()));
      }
      if (prev != null && prev.end() == v.start()) {
        boolean mergeable =
            prev.flags() == v.flags()
                && prev.shmem() == v.shmem()
                && prev.pgoff() + prev.pages() == v.pgoff()
                && prev.anonVma() == v.anonVma();
        final Vma left = prev;
        check(!mergeable, () -> "unmerged equal neighbours " + left + " | " + v);
      }
      pages += v.pages();
      if ((v.flags() & VmFlags.VM_ACCOUNT) != 0) {
        charged += v.pages();
      }
      if (v.shmem() != null) {
        objects.put(v.shmem(), true);
      }
      prevEnd = v.end();
      prev = v;
    }
    for (Shmem o : objects.keySet()) {
      charged += o.chargedPages;
    }
    final long mapped = pages;
    final long want = charged;
    check(mapped == ref.pages.size(), () -> "mapped pages " + mapped + " vs " + ref.pages.size());
    check(mm.totalVm() == mapped, () -> "total_vm " + mm.totalVm() + " vs " + mapped);
    check(mm.mapCount() == vmas.size(), () -> "map_count");
    check(env == null || env.committedPages() == want, () -> "committed vs " + want);
    check(mm.tree().freeRanges().size() <= vmas.size() + 1, () -> "free ranges not coalesced");
  }

  private static void forkAndCheck(
      MmStruct mm, Reference ref, StandardMmEnvironment env, List<String> s) {
    s.add("fork");
    MmStruct child = MmFork.dupMm(mm, null);
    Reference cref = new Reference();
    for (Map.Entry<Long, Page> e : ref.pages.entrySet()) {
      if ((e.getValue().attrs() & VM_DONTCOPY) == 0) {
        cref.pages.put(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<Long, Integer> w : ref.words.entrySet()) {
      Page pg = cref.pages.get(w.getKey() / PAGE);
      if (pg != null && (pg.attrs() & VM_WIPEONFORK) == 0) {
        cref.words.put(w.getKey(), w.getValue());
      }
    }
    check(child, cref, null, s);
    for (long w : ref.words.keySet()) {
      Page pg = cref.pages.get(w / PAGE);
      if (pg != null && (pg.attrs() & 0x7) != 0) {
        expect(cref.words.getOrDefault(w, 0), child.load32(w));
      }
    }
    check(child.totalVm() == cref.pages.size(), () -> "child total_vm");
    child.mmput();
    mm.mmput();
    check(env.committedPages() == 0, () -> "commit left after both exits: " + env.committedPages());
  }

  private static void expect(long want, long got) {
    check(want == got, () -> "expected " + want + " got " + got);
  }

  private static void check(boolean ok, java.util.function.Supplier<String> what) {
    if (!ok) {
      throw new AssertionError(what.get());
    }
  }
}
