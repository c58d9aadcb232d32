package io.github.clonepath.lab.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the thread births of a Go program's trace with a real capture (Go 1.19 or Go 1.26).
 *
 * <p>Rules, applied identically to both traces:
 *
 * <ol>
 *   <li><b>Filter.</b> Only the calls the Go captures traced count ({@link #FILTER}); the program's
 *       own calls (write, read, nanosleep...) are not compared.
 *   <li><b>Threads.</b> T1 is the first task (m0); T2, T3, ... are the children of the successful
 *       {@code clone}/{@code clone3} calls in the order the calls completed in the file.
 *   <li><b>Start-up.</b> T1's calls up to its first clone: arch_prctl, the heap and page-allocator
 *       reservations, m0's signal stack and mask. A dynamically linked (cgo) binary's start-up
 *       leaves out the loader's calls, which the model does not have: those before the call just
 *       before T1's first arch_prctl (ld.so mapping ld.so.cache and libc.so.6; that call is glibc's
 *       TLS block) and the {@code mprotect(..., PROT_READ)} (RELRO) and {@code munmap} (the cache)
 *       calls right after it.
 *   <li><b>Births.</b> For T2, T3, ...: the creating thread's calls from the mask-all that saves
 *       its mask ({@code SIG_SETMASK} with an old set) to the clone, the clone, and its calls up to
 *       the restore of that saved mask. A pure-Go M: newosproc's mask-all / clone / restore. A cgo
 *       M (FINDINGS §5): Go's mask, glibc's late_init {@code SIG_UNBLOCK} (a process's first
 *       pthread_create only), the stack's mmap and mprotect, glibc's {@code SIG_BLOCK}, clone3,
 *       glibc's restore, Go's restore. Then the child's first five calls: Go's minit (gettid, the
 *       sigaltstack query, the 32 KiB sigaltstack, unmask, gettid), for a pthread (clone3) glibc
 *       start_thread's mask restore then minit. Which thread created it (sysmon, m0, a spinning M,
 *       the template thread) is printed, not compared: it varies between real runs (the census),
 *       and {@code run --format census} shows it.
 *   <li><b>Arena heaps.</b> A pthread's mmap, munmap and mprotect calls before its first
 *       sigaltstack are glibc malloc's new arena for the thread (threadentry's free() is its first
 *       malloc call): new_heap's heap, compared as what glibc decides. Its reservation and trims
 *       are one line {@code new_heap(67108864) = H1} when they are exactly new_heap's for the
 *       addresses the kernel gave: a 128 MiB {@code PROT_NONE|MAP_NORESERVE} reservation with the
 *       {@code heap-front} (if any) and {@code heap-back} trims of the trace comparator's arena
 *       rule, optionally after a 64 MiB {@code MAP_NORESERVE} try at the second half an aligned
 *       reservation left (given back when it came back unaligned), or that try alone when the
 *       kernel granted it. Which of those a thread gets depends on where ASLR put the reservations
 *       (the captures have all three), so it is not compared. Then {@code mprotect(H1, SIZE,
 *       PROT_READ|PROT_WRITE)} is compared as it is. Calls that are not such a heap stay as they
 *       are and so differ. A thread that takes a free or shared arena makes none of these calls.
 *   <li><b>Count.</b> The number of threads varies between real runs (hello: 3 clones in 12 of 40
 *       runs, 4 in 28; hello with cgo: 4 in 26, 5 in 14; c2_locked_spawn: 6 or 7), so it is
 *       printed, not compared; a birth one side has and the other lacks is compared with the other
 *       side's T2 (T3 when T2 is the first pthread_create, with its one-time late_init), since
 *       every later M is born by the same calls. Likewise whether a thread born just before the
 *       process exits runs at all is the scheduler's choice: when one side's child made no call and
 *       the other's did, only the creator's calls are compared (noted).
 *   <li><b>Addresses.</b> A {@code mmap(NULL, ...)} result starts a reservation {@code Rn}; an
 *       address inside one is {@code Rn+0xOFF} (where the kernel puts a reservation is its choice).
 *       An address inside a Go heap arena is {@code H+0xOFF} with OFF its offset in its 1 KiB
 *       block. A heap arena is a mapping the trace made at a hint the kernel granted: an {@code
 *       mmap(ADDR, ...)} without MAP_FIXED or MAP_NORESERVE (glibc's malloc heaps ask with
 *       MAP_NORESERVE) that returned ADDR, anywhere in the trace (Go's sysReserve). Go 1.19 asks
 *       for 0xc000000000; Go 1.26 randomizes the heap base (malloc.go's randomizeHeapBase), so the
 *       arena is wherever each run's hint put it. Where g0 stacks, Ms and signal stacks land inside
 *       it depends on each binary's start-up allocations (1.19's b_syscalls' first child_stack is
 *       0xc00004e000, hello's 0xc00004c000), while their layout does not (tls = &amp;m.tls[0] + 8
 *       is 0x90 into its 1 KiB-aligned m; stacks start on a block). Any other address (the binary's
 *       static data, such as arch_prctl's) is {@code Sn} by first appearance. Thread ids are
 *       written as thread names, the new thread's as {@code CHILD} in its birth.
 * </ol>
 */
public final class GoTraceComparator {
  /** The calls the Go 1.19 captures traced ({@code strace -e trace=...}). */
  public static final Set<String> FILTER =
      Set.of(
          "clone",
          "clone3",
          "mmap",
          "munmap",
          "mprotect",
          "rt_sigprocmask",
          "sigaltstack",
          "arch_prctl",
          "gettid",
          "futex",
          "madvise");

  /** A hinted mmap: the hint, the size, the flags and the address it returned. */
  private static final Pattern HINT_MMAP =
      Pattern.compile("^mmap\\(0x([0-9a-f]+), (\\d+), [^,]+, ([A-Z_|]+), .* = 0x([0-9a-f]+)$");

  private static final Pattern HEX = Pattern.compile("(?<!stack_size=)0x([0-9a-f]{6,})");
  private static final Pattern NULL_MMAP =
      Pattern.compile("^mmap\\(NULL, (\\d+),.* = 0x([0-9a-f]+)$");
  private static final Pattern RESULT = Pattern.compile(" = (\\d+)$");

  /** A mask-all that saves the old mask; group 1 is the saved set. */
  private static final Pattern SAVE_MASK =
      Pattern.compile(
          "^rt_sigprocmask\\(SIG_SETMASK, ~?\\[[^\\]]*\\], (~?\\[[^\\]]*\\]), 8\\) = 0$");

  /** glibc's late_init, run by the first pthread_create of a process only. */
  private static final String LATE_INIT = "rt_sigprocmask(SIG_UNBLOCK, [RTMIN RT_1], NULL, 8)";

  /** The calls of glibc's per-thread malloc arena (new_heap). */
  private static final Set<String> ARENA = Set.of("mmap", "munmap", "mprotect");

  /** new_heap's try at aligned_heap_area: the hint and the address it returned. */
  private static final Pattern HEAP_TRY =
      Pattern.compile(
          "^mmap\\(0x([0-9a-f]+), 67108864, PROT_NONE, [A-Z_|]*MAP_NORESERVE[A-Z_|]*, -1, 0\\)"
              + " = 0x([0-9a-f]+)$");

  private static final Pattern RESULT_HEX = Pattern.compile(" = 0x([0-9a-f]+)$");
  private static final Pattern HEAP_MUNMAP =
      Pattern.compile("^munmap\\(0x([0-9a-f]+), (\\d+)\\) = 0$");
  private static final Pattern HEAP_MPROTECT =
      Pattern.compile("^mprotect\\(0x([0-9a-f]+), (\\d+), PROT_READ\\|PROT_WRITE\\) = 0$");

  /** At most Go's mask, glibc's SIG_UNBLOCK, the stack's mmap and mprotect and glibc's block. */
  private static final int OPENING_MAX = 5;

  /** At most glibc's restore and Go's. */
  private static final int CLOSING_MAX = 2;

  /**
   * The verdict for one thread.
   *
   * @param name T1 (start-up) or Tn (birth)
   * @param realPid its tid in the capture, -1 if the capture has no such thread
   * @param realParent the name of the thread that created it in the capture, or "-"
   * @param modelPid its tid in the model, -1 if the model has no such thread
   * @param modelParent the name of the thread that created it in the model, or "-"
   * @param match whether the calls are equal
   * @param index the first differing call (0-based), or the count when equal
   * @param real the capture's call there, normalized
   * @param model the model's call there, normalized
   * @param count how many calls were compared
   * @param note why a thread was compared with another side's T2, or empty
   */
  public record Birth(
      String name,
      int realPid,
      String realParent,
      int modelPid,
      String modelParent,
      boolean match,
      int index,
      String real,
      String model,
      int count,
      String note) {}

  /**
   * The comparison of two traces.
   *
   * @param threads T1's start-up, then one birth per thread
   * @param realClones successful clones in the capture
   * @param modelClones successful clones in the model
   */
  public record Result(List<Birth> threads, int realClones, int modelClones) {
    /**
     * Whether every compared thread matched.
     *
     * @return true when all match
     */
    public boolean match() {
      return threads.stream().allMatch(Birth::match);
    }
  }

  /** One trace's threads: each one's compared calls, tid and creator. */
  private record Side(
      List<List<String>> calls,
      List<Integer> tids,
      List<String> parents,
      List<Integer> creatorCalls,
      List<Integer> childCalls) {}

  private GoTraceComparator() {}

  /**
   * What a comparison keeps of one trace, handed its calls one at a time: the calls of {@link
   * #FILTER}, in trace order (births look at calls on both sides of a clone, from every thread),
   * and the signal deliveries as {@link GoSignals} places them. Everything else is dropped as it
   * comes.
   */
  public static final class Lines implements TraceLines {
    private final List<TraceLine> kept = new ArrayList<>();
    private final GoSignals.Reader signals = new GoSignals.Reader();

    /** An empty trace. */
    public Lines() {}

    /**
     * {@inheritDoc}
     *
     * @return true for the calls of {@link #FILTER} and for signal deliveries
     */
    @Override
    public boolean wants(String name) {
      return FILTER.contains(name) || name.equals(StraceParser.SIGNAL);
    }

    @Override
    public void accept(TraceLine l) {
      signals.accept(l);
      if (FILTER.contains(l.name())) {
        kept.add(l);
      }
    }

    /**
     * The signal deliveries read so far, placed as {@link GoSignals} places them.
     *
     * @return them in trace order
     */
    public List<GoSignals.Delivery> signals() {
      return signals.deliveries();
    }

    /**
     * The calls kept so far, in trace order.
     *
     * @return a read-only view
     */
    public List<TraceLine> calls() {
      return java.util.Collections.unmodifiableList(kept);
    }
  }

  /**
   * Compares a model trace with a real one.
   *
   * @param real the capture's calls
   * @param model the model's calls
   * @return the start-up and birth verdicts
   */
  public static Result compare(List<TraceLine> real, List<TraceLine> model) {
    Lines r = new Lines();
    real.forEach(r);
    Lines m = new Lines();
    model.forEach(m);
    return compare(r, m);
  }

  /**
   * Compares a model trace with a real one, each read as it came.
   *
   * @param real the capture's filtered calls
   * @param model the model's filtered calls
   * @return the start-up and birth verdicts
   */
  public static Result compare(Lines real, Lines model) {
    Side r = side(real.kept);
    Side m = side(model.kept);
    List<Birth> out = new ArrayList<>();
    int n = Math.max(r.calls.size(), m.calls.size());
    for (int k = 0; k < n; k++) {
      String name = "T" + (k + 1);
      int rk = k < r.calls.size() ? k : stand(r);
      int mk = k < m.calls.size() ? k : stand(m);
      String note = "";
      if (rk != k) {
        note = "model only; compared with the capture's T" + (rk + 1);
      } else if (mk != k) {
        note = "capture only; compared with the model's T" + (mk + 1);
      }
      List<String> rl = rk < r.calls.size() ? r.calls.get(rk) : List.of();
      List<String> ml = mk < m.calls.size() ? m.calls.get(mk) : List.of();
      if (k > 0
          && rk < r.calls.size()
          && mk < m.calls.size()
          && (r.childCalls.get(rk) == 0) != (m.childCalls.get(mk) == 0)) {
        rl = rl.subList(0, r.creatorCalls.get(rk));
        ml = ml.subList(0, m.creatorCalls.get(mk));
        note =
            (note.isEmpty() ? "" : note + "; ")
                + (r.childCalls.get(rk) == 0 ? "the capture's" : "the model's")
                + " child made no call before the process exited: creator's calls compared";
      }
      int i = 0;
      while (i < rl.size() && i < ml.size() && rl.get(i).equals(ml.get(i))) {
        i++;
      }
      boolean match = i == rl.size() && i == ml.size();
      out.add(
          new Birth(
              name,
              pid(r, k),
              parent(r, k),
              pid(m, k),
              parent(m, k),
              match,
              i,
              i < rl.size() ? rl.get(i) : "(no more calls)",
              i < ml.size() ? ml.get(i) : "(no more calls)",
              rl.size(),
              note));
    }
    return new Result(out, r.calls.size() - 1, m.calls.size() - 1);
  }

  /**
   * The birth that stands for one the side lacks: T2, or T3 when T2 is the process's first
   * pthread_create, which alone runs glibc's one-time late_init ({@code SIG_UNBLOCK [RTMIN RT_1]}).
   */
  private static int stand(Side s) {
    boolean lateInit =
        s.calls.size() > 2 && s.calls.get(1).stream().anyMatch(c -> c.startsWith(LATE_INIT));
    return lateInit ? 2 : 1;
  }

  private static int pid(Side s, int k) {
    return k < s.tids.size() ? s.tids.get(k) : -1;
  }

  private static String parent(Side s, int k) {
    return k < s.parents.size() ? s.parents.get(k) : "-";
  }

  private static Side side(List<TraceLine> lines) {
    List<List<String>> calls = new ArrayList<>();
    List<Integer> tids = new ArrayList<>();
    List<String> parents = new ArrayList<>();
    if (lines.isEmpty()) {
      return new Side(calls, tids, parents, List.of(), List.of());
    }
    List<long[]> arenas = arenas(lines);
    Map<Integer, String> names = new LinkedHashMap<>();
    int m0 = lines.get(0).pid();
    names.put(m0, "T1");
    List<int[]> clones = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      TraceLine l = lines.get(i);
      Matcher res = RESULT.matcher(l.text());
      if ((l.name().equals("clone") || l.name().equals("clone3")) && res.find()) {
        int child = Integer.parseInt(res.group(1));
        names.putIfAbsent(child, "T" + (names.size() + 1));
        clones.add(new int[] {i, child});
      }
    }
    List<TraceLine> startup = new ArrayList<>();
    int firstClone = clones.isEmpty() ? lines.size() : clones.get(0)[0];
    for (TraceLine l : lines.subList(0, firstClone)) {
      if (l.pid() == m0) {
        startup.add(l);
      }
    }
    calls.add(normalize(withoutLoader(startup), names, -1, arenas));
    tids.add(m0);
    parents.add("-");
    List<Integer> creatorCalls = new ArrayList<>(List.of(0));
    List<Integer> childCalls = new ArrayList<>(List.of(0));
    for (int[] c : clones) {
      int i = c[0];
      TraceLine clone = lines.get(i);
      List<TraceLine> birth = new ArrayList<>(opening(lines, i, clone.pid()));
      birth.add(clone);
      birth.addAll(closing(lines, i, clone.pid(), birth.get(0)));
      // the child's first five calls wherever they are: a child's call can complete (and so be
      // printed) before its parent's clone is resumed; a pthread's malloc arena is left out
      boolean pthread = clone.name().equals("clone3");
      boolean minit = false;
      int got = 0;
      int heapAt = -1;
      List<TraceLine> heap = new ArrayList<>();
      for (int j = 0; j < lines.size() && got < 5; j++) {
        TraceLine l = lines.get(j);
        if (l.pid() != c[1]) {
          continue;
        }
        minit |= l.name().equals("sigaltstack");
        if (pthread && !minit && ARENA.contains(l.name())) {
          heapAt = heapAt < 0 ? birth.size() : heapAt;
          heap.add(l);
          continue;
        }
        birth.add(l);
        got++;
      }
      creatorCalls.add(birth.size() - got);
      childCalls.add(got);
      // the Arena heaps rule: a heap as glibc decided it, or its calls as they are
      List<String> newHeap = heap.isEmpty() ? null : newHeap(heap);
      if (newHeap == null) {
        birth.addAll(Math.max(heapAt, 0), heap);
      }
      List<String> seq = new ArrayList<>(normalize(birth, names, c[1], arenas));
      if (newHeap != null) {
        seq.addAll(heapAt, newHeap);
      }
      calls.add(seq);
      tids.add(c[1]);
      parents.add(names.get(clone.pid()));
    }
    return new Side(calls, tids, parents, creatorCalls, childCalls);
  }

  /**
   * A thread's arena calls as the Arena heaps rule writes them, or null when they are not the calls
   * new_heap makes for the addresses the kernel returned.
   */
  private static List<String> newHeap(List<TraceLine> calls) {
    List<String> t = calls.stream().map(TraceLine::text).toList();
    int i = 0;
    long heap = -1;
    // the try at aligned_heap_area: kept when it came back aligned, else given back
    Matcher tried = HEAP_TRY.matcher(t.get(0));
    if (tried.matches()) {
      long got = Long.parseUnsignedLong(tried.group(2), 16);
      i++;
      if ((got & (TraceComparator.HEAP - 1)) == 0) {
        heap = got;
      } else if (i < t.size() && t.get(i).equals(munmap(got, TraceComparator.HEAP))) {
        i++;
      } else {
        return null;
      }
    }
    // the 128 MiB reservation, trimmed to the 64 MiB-aligned heap inside it
    if (heap < 0) {
      Matcher r = i < t.size() ? RESULT_HEX.matcher(t.get(i)) : null;
      if (r == null || !TraceComparator.HEAP_RESERVATION.matcher(t.get(i)).find() || !r.find()) {
        return null;
      }
      long start = Long.parseUnsignedLong(r.group(1), 16);
      i++;
      heap = (start + TraceComparator.HEAP - 1) & -TraceComparator.HEAP;
      for (String trim :
          heap == start ? List.of("heap-back") : List.of("heap-front", "heap-back")) {
        Matcher u = i < t.size() ? HEAP_MUNMAP.matcher(t.get(i)) : null;
        if (u == null
            || !u.matches()
            || !trim.equals(
                TraceComparator.trimName(
                    Long.parseUnsignedLong(u.group(1), 16), Long.parseLong(u.group(2)), start))) {
          return null;
        }
        i++;
      }
    }
    Matcher p = i < t.size() ? HEAP_MPROTECT.matcher(t.get(i)) : null;
    if (p == null || !p.matches() || Long.parseUnsignedLong(p.group(1), 16) != heap) {
      return null;
    }
    if (i + 1 != t.size()) {
      return null;
    }
    return List.of(
        "new_heap(" + TraceComparator.HEAP + ") = H1",
        "mprotect(H1, " + p.group(2) + ", PROT_READ|PROT_WRITE) = 0");
  }

  private static String munmap(long addr, long len) {
    return "munmap(0x" + Long.toHexString(addr) + ", " + len + ") = 0";
  }

  /**
   * The creator's calls before a clone, from the mask-all that saves its signal mask (Go's
   * sigprocmask(SIG_SETMASK, all, &amp;old)): one call for a Go clone, the whole pthread_create
   * before clone3 for a cgo M (FINDINGS §5). Only the call just before when no such mask is near.
   */
  private static List<TraceLine> opening(List<TraceLine> lines, int i, int pid) {
    List<TraceLine> out = new ArrayList<>();
    for (int j = i - 1; j >= 0 && out.size() < OPENING_MAX; j--) {
      TraceLine l = lines.get(j);
      if (l.pid() != pid) {
        continue;
      }
      if (l.name().equals("clone") || l.name().equals("clone3")) {
        break;
      }
      out.add(0, l);
      if (SAVE_MASK.matcher(l.text()).matches()) {
        return out;
      }
    }
    TraceLine prev = neighbour(lines, i, pid, -1);
    return prev == null ? List.of() : List.of(prev);
  }

  /**
   * The creator's calls after a clone, up to the one that restores the mask its opening saved: Go's
   * restore for a Go clone; glibc's restore, then Go's, for a cgo M.
   */
  private static List<TraceLine> closing(
      List<TraceLine> lines, int i, int pid, TraceLine openingCall) {
    Matcher save = SAVE_MASK.matcher(openingCall.text());
    String restore =
        save.matches() ? "rt_sigprocmask(SIG_SETMASK, " + save.group(1) + ", NULL, 8) = 0" : null;
    List<TraceLine> out = new ArrayList<>();
    for (int j = i + 1; j < lines.size() && out.size() < CLOSING_MAX; j++) {
      TraceLine l = lines.get(j);
      if (l.pid() != pid) {
        continue;
      }
      out.add(l);
      if (restore == null || l.text().equals(restore)) {
        return out;
      }
    }
    TraceLine next = neighbour(lines, i, pid, +1);
    return next == null ? List.of() : List.of(next);
  }

  /**
   * A dynamically linked start-up without the loader's calls: when T1's first arch_prctl is not its
   * first call, the calls before the one just before it (ld.so mapping ld.so.cache and libc.so.6;
   * that one is glibc's TLS block) and the {@code mprotect(..., PROT_READ)} and {@code munmap}
   * calls right after it (RELRO, releasing the cache) are the loader's.
   */
  private static List<TraceLine> withoutLoader(List<TraceLine> startup) {
    int a = 0;
    while (a < startup.size() && !startup.get(a).name().equals("arch_prctl")) {
      a++;
    }
    if (a == startup.size() || a < 2) {
      return startup;
    }
    List<TraceLine> out = new ArrayList<>(startup.subList(a - 1, a + 1));
    int k = a + 1;
    while (k < startup.size()
        && (startup.get(k).name().equals("munmap")
            || startup.get(k).name().equals("mprotect")
                && startup.get(k).text().contains(", PROT_READ) = "))) {
      k++;
    }
    out.addAll(startup.subList(k, startup.size()));
    return out;
  }

  private static TraceLine neighbour(List<TraceLine> lines, int i, int pid, int step) {
    for (int j = i + step; j >= 0 && j < lines.size(); j += step) {
      if (lines.get(j).pid() == pid) {
        return lines.get(j);
      }
    }
    return null;
  }

  /**
   * The Go heap arenas a trace reserved: each {@code mmap(ADDR, SIZE, ...)} without MAP_FIXED or
   * MAP_NORESERVE that returned ADDR, as {start, size}.
   */
  private static List<long[]> arenas(List<TraceLine> lines) {
    List<long[]> out = new ArrayList<>();
    for (TraceLine l : lines) {
      if (!l.name().equals("mmap")) {
        continue;
      }
      Matcher m = HINT_MMAP.matcher(l.text());
      if (m.matches()
          && m.group(1).equals(m.group(4))
          && !m.group(3).contains("MAP_FIXED")
          && !m.group(3).contains("MAP_NORESERVE")) {
        out.add(new long[] {Long.parseUnsignedLong(m.group(1), 16), Long.parseLong(m.group(2))});
      }
    }
    return out;
  }

  /** Names addresses and thread ids in one compared sequence (the Addresses rule). */
  private static List<String> normalize(
      List<TraceLine> seq, Map<Integer, String> names, int child, List<long[]> arenas) {
    Map<Integer, String> tids = new HashMap<>(names);
    tids.put(child, "CHILD");
    List<long[]> reservations = new ArrayList<>();
    Map<Long, String> statics = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (TraceLine l : seq) {
      String t = l.text();
      Matcher res = RESULT.matcher(t);
      if (List.of("clone", "clone3", "gettid").contains(l.name()) && res.find()) {
        t =
            t.substring(0, res.start())
                + " = "
                + tids.getOrDefault(Integer.parseInt(res.group(1)), "T?");
      }
      t = TidNames.parentTid(t, tids);
      Matcher nm = NULL_MMAP.matcher(t);
      String resultName = null;
      if (nm.matches()) {
        reservations.add(
            new long[] {Long.parseUnsignedLong(nm.group(2), 16), Long.parseLong(nm.group(1))});
        resultName = "R" + (reservations.size() - 1);
        t = t.substring(0, t.lastIndexOf(" = 0x"));
      }
      Matcher h = HEX.matcher(t);
      StringBuilder sb = new StringBuilder();
      while (h.find()) {
        long a = Long.parseUnsignedLong(h.group(1), 16);
        h.appendReplacement(sb, Matcher.quoteReplacement(name(a, arenas, reservations, statics)));
      }
      h.appendTail(sb);
      if (resultName != null) {
        sb.append(" = ").append(resultName);
      }
      out.add(sb.toString());
    }
    return out;
  }

  private static String name(
      long a, List<long[]> arenas, List<long[]> reservations, Map<Long, String> statics) {
    for (long[] r : arenas) {
      if (Long.compareUnsigned(a, r[0]) >= 0 && Long.compareUnsigned(a, r[0] + r[1]) < 0) {
        return "H+0x" + Long.toHexString(a & 0x3ff);
      }
    }
    for (int i = reservations.size() - 1; i >= 0; i--) {
      long[] r = reservations.get(i);
      if (Long.compareUnsigned(a, r[0]) >= 0 && Long.compareUnsigned(a, r[0] + r[1]) < 0) {
        return "R" + i + "+0x" + Long.toHexString(a - r[0]);
      }
    }
    return statics.computeIfAbsent(a, k -> "S" + statics.size());
  }
}
