package io.github.clonepath.lab.explore;

import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.Snapshot;
import io.github.clonepath.kernel.syscall.StructInfo;
import io.github.clonepath.kernel.syscall.TaskInfo;
import io.github.clonepath.kernel.syscall.VmaInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
    // keyed by the structure itself; its text is made only for a broken one (this runs at every
    // pick of every explored run)
    Map<Held, Count> holders = new HashMap<>();
    for (TaskInfo t : s.tasks()) {
      for (StructInfo st : t.structures()) {
        String counter = counter(st.kind());
        if (counter == null || st.id() == 0) {
          continue;
        }
        Held k = new Held(st.kind(), st.id());
        Count c = holders.get(k);
        if (c == null) {
          c = new Count();
          holders.put(k, c);
        }
        c.holders++;
        c.counted = st.counts().get(counter);
      }
    }
    TreeSet<String> broken = null;
    Map<String, Count> byKey = null;
    for (Map.Entry<Held, Count> e : holders.entrySet()) {
      Count c = e.getValue();
      if (c.counted == null || c.counted != c.holders) {
        if (broken == null) {
          broken = new TreeSet<>();
          byKey = new HashMap<>();
        }
        String key = e.getKey().kind().name().toLowerCase() + " #" + e.getKey().id();
        broken.add(key);
        byKey.put(key, c);
      }
    }
    if (broken != null) {
      // the first in the text's order, as when every key was text
      String key = broken.first();
      Count c = byKey.get(key);
      return key + ": " + c.holders + " tasks hold it, its count says " + c.counted;
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

  /**
   * One shared structure: its kind and id. Its equality is written out: the record's generated one
   * goes through a method handle per call, and this is a map key at every pick.
   */
  private record Held(StructInfo.Kind kind, int id) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Held h && h.kind == kind && h.id == id;
    }

    @Override
    public int hashCode() {
      return kind.ordinal() * 31 + id;
    }
  }

  /** How many tasks hold a structure, and what its own count says (null if it has none). */
  private static final class Count {
    int holders;
    Integer counted;
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
