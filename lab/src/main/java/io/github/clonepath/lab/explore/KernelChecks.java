package io.github.clonepath.lab.explore;

import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.Snapshot;
import io.github.clonepath.kernel.syscall.StructInfo;
import io.github.clonepath.kernel.syscall.TaskInfo;
import io.github.clonepath.kernel.syscall.VmaInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The kernel's invariants at one scheduling point of an explored run, read from the machine's door
 * only, so they are counted independently of the counters they check: each shared structure's count
 * is the number of tasks that hold it ({@code mm_users}, the fs {@code users}, the files and
 * sighand {@code count}), and each process's VMAs are page-aligned, non-empty, sorted and disjoint.
 */
final class KernelChecks {
  private static final long PAGE = 4096;

  private KernelChecks() {}

  /**
   * Checks the machine as it is now.
   *
   * @param m the machine
   * @return "" when every invariant holds, else the first broken one
   */
  static String check(Machine m) {
    return check(m.inspect(), m::vmas);
  }

  /**
   * Checks a task table and the address spaces it names.
   *
   * @param s the task table
   * @param vmas a process's VMAs by its pid
   * @return "" when every invariant holds, else the first broken one
   */
  static String check(Snapshot s, IntFunction<List<VmaInfo>> vmas) {
    String broken = counts(s);
    if (!broken.isEmpty()) {
      return broken;
    }
    for (TaskInfo t : s.tasks()) {
      // a process's address space, read through its leader while the leader still has it
      if (t.tid() != t.tgid() || !hasMm(t)) {
        continue;
      }
      long end = 0;
      for (VmaInfo v : vmas.apply(t.tid())) {
        if (v.start() % PAGE != 0 || v.end() % PAGE != 0 || v.end() <= v.start()) {
          return "pid " + t.tid() + ": VMA " + span(v) + " is not whole pages";
        }
        if (v.start() < end) {
          return "pid " + t.tid() + ": VMA " + span(v) + " overlaps or precedes the one before";
        }
        end = v.end();
      }
    }
    return "";
  }

  /** Whether the task has an address space (its mm entry names one). */
  private static boolean hasMm(TaskInfo t) {
    for (StructInfo st : t.structures()) {
      if (st.kind() == StructInfo.Kind.MM && st.id() != 0) {
        return true;
      }
    }
    return false;
  }

  /** Bits of a holder's entry that say which structure of the table it is (see {@link #counts}). */
  private static final int INDEX_BITS = 25;

  /**
   * The first structure whose count is not the number of tasks that hold it, "" if none.
   *
   * <p>Each holder is one long, the structure's kind and id above its place in the table: sorted,
   * the holders of one structure lie together, the last of them the last in the table's order, and
   * the structure's own count is read once, from that last holder (as every holder points at the
   * same structure, any would do). No map and no key object per holder: this runs at every pick of
   * every explored run.
   */
  private static String counts(Snapshot s) {
    List<StructInfo> held = new ArrayList<>();
    long[] keys = new long[4 * s.tasks().size()];
    int n = 0;
    for (TaskInfo t : s.tasks()) {
      for (StructInfo st : t.structures()) {
        if (counter(st.kind()) == null || st.id() == 0) {
          continue;
        }
        if (held.size() >= 1 << INDEX_BITS) {
          throw new IllegalStateException("too many structures to check: " + held.size());
        }
        if (n == keys.length) {
          keys = Arrays.copyOf(keys, 2 * n);
        }
        long structure = ((long) st.kind().ordinal() << 32) | Integer.toUnsignedLong(st.id());
        keys[n++] = (structure << INDEX_BITS) | held.size();
        held.add(st);
      }
    }
    Arrays.sort(keys, 0, n);
    TreeMap<String, String> broken = null;
    for (int i = 0; i < n; ) {
      long structure = keys[i] >>> INDEX_BITS;
      int j = i;
      while (j < n && keys[j] >>> INDEX_BITS == structure) {
        j++;
      }
      StructInfo last = held.get((int) (keys[j - 1] & ((1 << INDEX_BITS) - 1)));
      Integer counted = last.counts().get(counter(last.kind()));
      int holders = j - i;
      if (counted == null || counted != holders) {
        if (broken == null) {
          broken = new TreeMap<>();
        }
        String key = last.kind().name().toLowerCase() + " #" + last.id();
        broken.put(key, key + ": " + holders + " tasks hold it, its count says " + counted);
      }
      i = j;
    }
    // the first in the text's order
    return broken == null ? "" : broken.firstEntry().getValue();
  }

  private static String counter(StructInfo.Kind kind) {
    return switch (kind) {
      case MM -> "mm_users";
      case FS -> "users";
      case FILES, SIGHAND -> "count";
      default -> null;
    };
  }

  private static String span(VmaInfo v) {
    return String.format("0x%x-0x%x", v.start(), v.end());
  }
}
