package io.github.clonepath.lab.compare;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a model trace with a real one the way the reference captures say: same syscall filter on
 * both sides, the program's own output lines ({@code write}) ignored, each thread's own calls in
 * order, addresses and thread ids named by first appearance.
 *
 * <p>Rules, applied identically to both traces:
 *
 * <ol>
 *   <li><b>Filter.</b> Only the calls the reference captures traced count ({@link #FILTER}), with
 *       {@code sched_setscheduler}, which the explicit-scheduling capture adds to them.
 *   <li><b>Start-up.</b> Everything before the trace's first {@code write} is the process's
 *       start-up (the dynamic loader's mappings, relocation, the main thread's TLS): every
 *       reference program prints a line before it creates anything, and the model does not
 *       reproduce the loader, so those calls are not compared.
 *   <li><b>Threads.</b> The first task is T1; the tasks are then named in the order their creation
 *       ({@code clone}/{@code clone3} results) appears, reading T1's calls first, then T2's, and so
 *       on, so the naming does not depend on how threads interleaved.
 *   <li><b>Addresses.</b> Hex numbers of 9 or more digits are addresses (sizes and flags are
 *       shorter; {@code stack_size=} is always a size). Every successful {@code mmap} starts a new
 *       block {@code An} of its length; an address inside a block is {@code An+0xOFF}, inside the
 *       block mapped most recently before the call (in trace order, not in the per-thread reading
 *       order, so a later block reusing the addresses does not rename them). Other addresses get
 *       their own name, or are written relative to the nearest lower such name within 1 MiB. Thread
 *       ids are replaced where they appear: clone results, {@code parent_tid=[N]}, the value of a
 *       futex wait, and the pid of a {@code sched_setscheduler}.
 *   <li><b>Arena heaps.</b> A 128 MiB {@code PROT_NONE|MAP_NORESERVE} reservation is malloc's
 *       {@code new_heap}: the 64 MiB-aligned heap inside it lies wherever the kernel's placement
 *       (ASLR) puts it, so addresses in the heap (and its end) are {@code Hn+0xOFF}, and the two
 *       {@code munmap}s trimming the reservation to it have the lengths {@code heap-front} and
 *       {@code heap-back}.
 *   <li><b>Deadlines.</b> The timeout of a {@code FUTEX_CLOCK_REALTIME} wait is an absolute
 *       wall-clock time (a timed join's deadline), which no two runs share and the model reads on
 *       its own virtual clock: it is written {@code DEADLINE}.
 *   <li><b>Exec.</b> A process made with {@code CLONE_VFORK} execs a new program; its calls after
 *       those the model has are the new program's start-up and are not compared.
 * </ol>
 */
public final class TraceComparator {
  /** The calls {@code run_all.sh} traced, and {@code sched_setscheduler}. */
  public static final Set<String> FILTER =
      Set.of(
          "sched_setscheduler",
          "mmap",
          "munmap",
          "mprotect",
          "clone",
          "clone3",
          "rt_sigprocmask",
          "set_robust_list",
          "rseq",
          "futex",
          "exit",
          "madvise",
          "write");

  private static final Pattern HEX = Pattern.compile("(stack_size=)?0x([0-9a-f]{9,})");
  private static final Pattern MMAP_LEN = Pattern.compile("^mmap\\([^,]+, (\\d+),");
  private static final Pattern RESULT_HEX = Pattern.compile(" = 0x([0-9a-f]+)$");
  private static final Pattern CLONE_RESULT = Pattern.compile(" = (\\d+)$");
  private static final Pattern FUTEX_WAIT =
      Pattern.compile("^(futex\\([^,]+, FUTEX_WAIT[^,]*, )(\\d+)");
  private static final Pattern REALTIME_DEADLINE =
      Pattern.compile(
          "^(futex\\([^,]+, [A-Z_|]*FUTEX_CLOCK_REALTIME[A-Z_|]*, [^,]+, )"
              + "\\{tv_sec=\\d+, tv_nsec=\\d+\\}");
  private static final Pattern SCHED_PID = Pattern.compile("^(sched_setscheduler\\()(\\d+)");
  private static final long WINDOW = 1 << 20;

  /** malloc's {@code HEAP_MAX_SIZE}: an arena's heap is this big and aligned to it. */
  static final long HEAP = 64L << 20;

  /**
   * new_heap's reservation of twice {@link #HEAP} (the Go comparator's arena rule reads it too).
   */
  static final Pattern HEAP_RESERVATION =
      Pattern.compile(
          "^mmap\\(NULL, 134217728, PROT_NONE, [A-Z_|]*MAP_NORESERVE[A-Z_|]*, -1, 0\\)");

  private static final Pattern MUNMAP = Pattern.compile("^munmap\\(0x([0-9a-f]+), (\\d+)\\)");

  /** The outcome for one thread. */
  public record ThreadResult(
      String name,
      int realPid,
      int modelPid,
      boolean match,
      int index,
      String real,
      String model,
      int count) {}

  private TraceComparator() {}

  /**
   * Compares two traces.
   *
   * @param real the real capture's calls
   * @param model the model's calls
   * @return one result per thread name, T1 first
   */
  public static List<ThreadResult> compare(List<TraceLine> real, List<TraceLine> model) {
    return compare(lines(real), lines(model));
  }

  /**
   * Compares two traces read as they came.
   *
   * @param real the capture's filtered calls
   * @param model the model's filtered calls
   * @return one result per thread name, T1 first
   */
  public static List<ThreadResult> compare(Lines real, Lines model) {
    Normalized r = normalize(real);
    Normalized m = normalize(model);
    List<ThreadResult> out = new ArrayList<>();
    Set<String> names = new java.util.TreeSet<>((a, b) -> Integer.compare(num(a), num(b)));
    names.addAll(r.threads.keySet());
    names.addAll(m.threads.keySet());
    for (String n : names) {
      List<String> rl = r.threads.getOrDefault(n, List.of());
      List<String> ml = m.threads.getOrDefault(n, List.of());
      if (m.vforked.contains(n) && rl.size() > ml.size()) {
        rl = rl.subList(0, ml.size());
      }
      int i = 0;
      while (i < rl.size() && i < ml.size() && rl.get(i).equals(ml.get(i))) {
        i++;
      }
      boolean match = i == rl.size() && i == ml.size();
      out.add(
          new ThreadResult(
              n,
              r.pids.getOrDefault(n, -1),
              m.pids.getOrDefault(n, -1),
              match,
              i,
              i < rl.size() ? rl.get(i) : "(no more calls)",
              i < ml.size() ? ml.get(i) : "(no more calls)",
              rl.size()));
    }
    return out;
  }

  /**
   * Which of new_heap's trims an {@code munmap(addr, len)} is, for the 128 MiB reservation at
   * {@code start}: {@code heap-front} (the part before the aligned heap), {@code heap-back} (the
   * part after it), or null when it is neither.
   */
  static String trimName(long addr, long len, long start) {
    long heap = (start + HEAP - 1) & -HEAP;
    if (addr == start && len == heap - start) {
      return "heap-front";
    }
    if (addr == heap + HEAP && len == start + 2 * HEAP - addr) {
      return "heap-back";
    }
    return null;
  }

  private static int num(String name) {
    return Integer.parseInt(name.substring(1));
  }

  private static Lines lines(List<TraceLine> all) {
    Lines l = new Lines();
    all.forEach(l);
    return l;
  }

  /**
   * What a comparison keeps of one trace, handed its calls one at a time: the first {@code write}'s
   * pid (T1) and, after that write, the calls of {@link #FILTER} other than {@code write}, in trace
   * order. Everything else is dropped as it comes.
   */
  public static final class Lines implements TraceLines {
    private final List<TraceLine> kept = new ArrayList<>();
    private boolean started;
    private int firstPid;

    /** An empty trace. */
    public Lines() {}

    /**
     * {@inheritDoc}
     *
     * @return true for the calls of {@link #FILTER}
     */
    @Override
    public boolean wants(String name) {
      return FILTER.contains(name);
    }

    @Override
    public void accept(TraceLine l) {
      if (!started) {
        if (l.name().equals("write")) {
          started = true;
          firstPid = l.pid();
        }
        return;
      }
      if (FILTER.contains(l.name()) && !l.name().equals("write")) {
        kept.add(l);
      }
    }

    /**
     * How many calls were kept.
     *
     * @return the filtered calls after the first write
     */
    public int size() {
      return kept.size();
    }
  }

  /** A trace after the rules: per thread name, its normalized calls. */
  static final class Normalized {
    final Map<String, List<String>> threads = new LinkedHashMap<>();
    final Map<String, Integer> pids = new HashMap<>();
    final Set<String> vforked = new java.util.HashSet<>();
  }

  static Normalized normalize(List<TraceLine> lines) {
    return normalize(lines(lines));
  }

  static Normalized normalize(Lines trace) {
    Normalized n = new Normalized();
    List<TraceLine> lines = trace.kept;
    Map<Integer, List<Integer>> byPid = new LinkedHashMap<>();
    Namer namer = new Namer();
    for (int i = 0; i < lines.size(); i++) {
      TraceLine l = lines.get(i);
      byPid.computeIfAbsent(l.pid(), k -> new ArrayList<>()).add(i);
      namer.block(l, i);
    }
    if (!trace.started) {
      return n;
    }
    Map<Integer, String> tids = new HashMap<>();
    Deque<Integer> order = new ArrayDeque<>();
    int firstPid = trace.firstPid;
    tids.put(firstPid, "T1");
    order.add(firstPid);
    while (!order.isEmpty()) {
      int pid = order.poll();
      String tname = tids.get(pid);
      n.pids.put(tname, pid);
      List<String> calls = new ArrayList<>();
      for (int pos : byPid.getOrDefault(pid, List.of())) {
        TraceLine l = lines.get(pos);
        String t = l.text();
        if (l.name().equals("clone") || l.name().equals("clone3")) {
          Matcher cr = CLONE_RESULT.matcher(t);
          if (cr.find()) {
            int child = Integer.parseInt(cr.group(1));
            if (!tids.containsKey(child)) {
              String cn = "T" + (tids.size() + 1);
              tids.put(child, cn);
              order.add(child);
              if (t.contains("CLONE_VFORK")) {
                n.vforked.add(cn);
              }
            }
          }
        }
        calls.add(namer.line(l, pos, t, tids));
      }
      n.threads.put(tname, calls);
    }
    return n;
  }

  /**
   * Names addresses as the rules say. The blocks are known from a first pass over the whole trace,
   * so an address is named by the block mapped most recently before the call in trace order, even
   * when a later block (read earlier, in another thread's calls) reuses the same addresses.
   */
  private static final class Namer {
    /** Every successful mmap's [start, end) by its position in the trace. */
    private final TreeMap<Integer, long[]> blocks = new TreeMap<>();

    private final Map<Integer, String> blockNames = new HashMap<>();
    private final TreeMap<Long, String> bare = new TreeMap<>();

    /** Each arena reservation's 64 MiB-aligned heap start, by the reservation's position. */
    private final TreeMap<Integer, Long> heaps = new TreeMap<>();

    private final Map<Integer, String> heapNames = new HashMap<>();
    private int next = 1;
    private int nextHeap = 1;

    /** The first pass: records the block a successful mmap at {@code pos} maps. */
    void block(TraceLine l, int pos) {
      if (l.name().equals("mmap")) {
        Matcher rm = RESULT_HEX.matcher(l.text());
        Matcher lm = MMAP_LEN.matcher(l.text());
        if (rm.find() && lm.find()) {
          long start = Long.parseUnsignedLong(rm.group(1), 16);
          blocks.put(pos, new long[] {start, start + Long.parseLong(lm.group(1))});
          if (HEAP_RESERVATION.matcher(l.text()).find()) {
            heaps.put(pos, (start + HEAP - 1) & -HEAP);
          }
        }
      }
    }

    String line(TraceLine l, int pos, String text, Map<Integer, String> tids) {
      String t = text;
      boolean mapped = blocks.containsKey(pos);
      if (mapped) {
        Matcher rm = RESULT_HEX.matcher(t);
        if (rm.find()) {
          t = t.substring(0, rm.start());
        }
      }
      t = replaceTids(t, tids);
      t = REALTIME_DEADLINE.matcher(t).replaceFirst("$1DEADLINE");
      t = heapTrim(t, pos);
      StringBuilder sb = new StringBuilder();
      Matcher h = HEX.matcher(t);
      int last = 0;
      while (h.find()) {
        sb.append(t, last, h.start());
        if (h.group(1) != null) {
          sb.append(h.group());
        } else {
          sb.append(name(Long.parseUnsignedLong(h.group(2), 16), pos));
        }
        last = h.end();
      }
      sb.append(t.substring(last));
      if (mapped) {
        sb.append(" = ").append(blockName(pos));
      }
      return sb.toString();
    }

    /**
     * new_heap's two trims of its reservation: the part before the aligned heap and the part after
     * it, whose lengths depend only on where the kernel put the reservation.
     */
    private String heapTrim(String t, int pos) {
      Matcher m = MUNMAP.matcher(t);
      Map.Entry<Integer, Long> h = heaps.lowerEntry(pos);
      if (!m.find() || h == null) {
        return t;
      }
      long addr = Long.parseUnsignedLong(m.group(1), 16);
      long len = Long.parseLong(m.group(2));
      String what = trimName(addr, len, blocks.get(h.getKey())[0]);
      return what == null ? t : "munmap(0x" + m.group(1) + ", " + what + t.substring(m.end() - 1);
    }

    /** A block's name, given at its first appearance (its mmap, or an address inside it). */
    private String blockName(int pos) {
      return blockNames.computeIfAbsent(pos, k -> "A" + next++);
    }

    private String name(long addr, int pos) {
      Map.Entry<Integer, Long> h = heaps.lowerEntry(pos);
      if (h != null
          && Long.compareUnsigned(addr, h.getValue()) >= 0
          && Long.compareUnsigned(addr, h.getValue() + HEAP) <= 0) {
        String hn = heapNames.computeIfAbsent(h.getKey(), k -> "H" + nextHeap++);
        return rel(hn, addr - h.getValue());
      }
      for (Map.Entry<Integer, long[]> e : blocks.headMap(pos, false).descendingMap().entrySet()) {
        long[] b = e.getValue();
        if (Long.compareUnsigned(addr, b[0]) >= 0 && Long.compareUnsigned(addr, b[1]) < 0) {
          return rel(blockName(e.getKey()), addr - b[0]);
        }
      }
      Map.Entry<Long, String> e = bare.floorEntry(addr);
      if (e != null && addr - e.getKey() < WINDOW) {
        return rel(e.getValue(), addr - e.getKey());
      }
      String bn = "A" + next++;
      bare.put(addr, bn);
      return bn;
    }

    private static String rel(String name, long off) {
      return off == 0 ? name : name + "+0x" + Long.toHexString(off);
    }

    private static String replaceTids(String t, Map<Integer, String> tids) {
      String s = t;
      Matcher cr = CLONE_RESULT.matcher(s);
      if ((s.startsWith("clone(") || s.startsWith("clone3(")) && cr.find()) {
        s =
            s.substring(0, cr.start())
                + " = "
                + tids.getOrDefault(Integer.parseInt(cr.group(1)), "T?");
      }
      s = TidNames.parentTid(s, tids);
      Matcher fw = FUTEX_WAIT.matcher(s);
      if (fw.find()) {
        s =
            fw.group(1)
                + tids.getOrDefault(Integer.parseInt(fw.group(2)), "T?")
                + s.substring(fw.end());
      }
      Matcher sp = SCHED_PID.matcher(s);
      if (sp.find() && !sp.group(2).equals("0")) {
        s =
            sp.group(1)
                + tids.getOrDefault(Integer.parseInt(sp.group(2)), "T?")
                + s.substring(sp.end());
      }
      return s;
    }
  }
}
