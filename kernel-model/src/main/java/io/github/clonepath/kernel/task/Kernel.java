package io.github.clonepath.kernel.task;

import io.github.clonepath.common.Tracer;
import io.github.clonepath.kernel.syscall.FailPoint;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The global state of one machine's kernel: the task table, the root namespaces, the counters and
 * tunables fork checks, the virtual clock value, the tracer, the file tree and the fault-injection
 * switches. One per machine; nothing here is static.
 */
public final class Kernel {
  /** {@code THREAD_SIZE} on x86-64: 16 KiB of kernel stack per task. */
  public static final long THREAD_SIZE = 16 * 1024;

  /** {@code FUTEX_TID_MASK}: the upper clamp of threads-max. */
  public static final int MAX_THREADS = 0x3fffffff;

  /** {@code MIN_THREADS}: the lower clamp of threads-max. */
  public static final int MIN_THREADS = 20;

  /** {@code fs.nr_open} default: 1024 * 1024. */
  public static final int NR_OPEN_DEFAULT = 1024 * 1024;

  public final Tracer tracer;

  /** Virtual time in nanoseconds since boot. */
  public long now;

  /** Every task not yet released, by global pid. */
  public final TreeMap<Integer, Task> tasks = new TreeMap<>();

  public final UserNamespace initUserNs = new UserNamespace(1, 0, null, 0);
  public final PidNamespace initPidNs;
  public Nsproxy initNsproxy;

  /** {@code max_threads} (kernel.threads-max). */
  public int maxThreads;

  /** {@code nr_threads}: tasks forked and not yet released. */
  public int nrThreads;

  /** {@code total_forks}. */
  public long totalForks;

  /** {@code pid_max} (kernel.pid_max). */
  public int pidMax;

  /** {@code sysctl_nr_open} (fs.nr_open). */
  public int nrOpen = NR_OPEN_DEFAULT;

  /** RAM in pages, for the overcommit heuristic. */
  public final long totalRamPages;

  /** Committed address-space pages (vm_committed_as). */
  public long committedPages;

  /** Processes (tasks) per real uid: the ucounts behind RLIMIT_NPROC. */
  public final Map<Integer, Integer> tasksPerUid = new HashMap<>();

  /** How each thread group ended, by tgid: the wait status. */
  public final Map<Integer, Integer> exitStatus = new HashMap<>();

  /** {@code /etc/ld.so.cache}'s size on the reference machine (Debian 12, its installed set). */
  public static final long LD_SO_CACHE_SIZE = 37975;

  /**
   * {@code /lib/x86_64-linux-gnu/libgcc_s.so.1}'s size (Debian 12, libgcc-s1 12.2.0-14+deb12u1).
   */
  public static final long LIBGCC_S_SIZE = 125312;

  public final Dentry root = new Dentry("/", null, true, false, 0755);
  public final Dentry cgroupRoot;

  /** The terminal fd 0-2 point to. */
  public final Dentry tty;

  public Task init;

  /** The task on the CPU while kernel code runs for it ({@code current}), or null between tasks. */
  public @Nullable Task current;

  public Task shell;

  private final EnumMap<FailPoint, Integer> faults = new EnumMap<>(FailPoint.class);
  private final Map<String, int[]> ids = new HashMap<>();

  /**
   * A kernel for a machine of this size.
   *
   * @param tracer the machine's tracer
   * @param ramBytes memory size (sets threads-max)
   * @param pidMax kernel.pid_max
   */
  public Kernel(Tracer tracer, long ramBytes, int pidMax) {
    this.tracer = tracer;
    this.pidMax = pidMax;
    this.totalRamPages = ramBytes / 4096;
    this.initPidNs = new PidNamespace(nextId("pidns"), null, initUserNs);
    this.maxThreads = setMaxThreads(ramBytes);
    Dentry sys = new Dentry("sys", root, true, false, 0555);
    Dentry fsDir = new Dentry("fs", sys, true, false, 0755);
    this.cgroupRoot = new Dentry("cgroup", fsDir, true, true, 0755);
    new Dentry("tmp", root, true, false, 01777);
    Dentry etc = new Dentry("etc", root, true, false, 0755);
    new Dentry("hostname", etc, false, false, 0644);
    // the two files a dlopen of the unwinder opens, at their sizes on the reference machine
    // (Debian 12): the loader's cache, and libgcc_s.so.1 of libgcc-s1 12.2.0-14+deb12u1
    new Dentry("ld.so.cache", etc, false, false, 0644, LD_SO_CACHE_SIZE);
    Dentry lib = new Dentry("lib", root, true, false, 0755);
    Dentry multiarch = new Dentry("x86_64-linux-gnu", lib, true, false, 0755);
    new Dentry("libgcc_s.so.1", multiarch, false, false, 0644, LIBGCC_S_SIZE);
    Dentry dev = new Dentry("dev", root, true, false, 0755);
    this.tty = new Dentry("tty", dev, false, false, 0666);
    new Dentry("null", dev, false, false, 0666);
  }

  /**
   * {@code set_max_threads}: RAM / (THREAD_SIZE * 8), clamped to [MIN_THREADS, FUTEX_TID_MASK], so
   * that task structures and kernel stacks take at most an eighth of memory.
   *
   * @param ramBytes memory size
   * @return threads-max
   */
  public static int setMaxThreads(long ramBytes) {
    long threads = ramBytes / (THREAD_SIZE * 8);
    return (int) Math.max(MIN_THREADS, Math.min(MAX_THREADS, threads));
  }

  /**
   * The next identity of a structure kind, starting at 1 per kind.
   *
   * @param kind mm, fs, files, sighand, signal, file, nsproxy, ...
   * @return a new id
   */
  public int nextId(String kind) {
    // a counter per kind, bumped in place: every boot and every fork asks several times
    return ++ids.computeIfAbsent(kind, k -> new int[1])[0];
  }

  /**
   * Arms a fault.
   *
   * @param point the allocation
   * @param skip successful allocations before the failing one
   */
  public void injectFault(FailPoint point, int skip) {
    faults.put(point, skip);
  }

  /** Disarms every fault. */
  public void clearFaults() {
    faults.clear();
  }

  /**
   * Asks whether this allocation fails: the kernel calls it where the real slab allocation is.
   *
   * @param point the allocation
   * @return true when an armed fault fires now
   */
  public boolean shouldFail(FailPoint point) {
    Integer skip = faults.get(point);
    if (skip == null) {
      return false;
    }
    if (skip == 0) {
      faults.remove(point);
      return true;
    }
    faults.put(point, skip - 1);
    return false;
  }

  /**
   * A task by global pid.
   *
   * @param pid the number
   * @return the task or null
   */
  public @Nullable Task task(int pid) {
    return tasks.get(pid);
  }

  /**
   * {@code find_task_by_pid_ns}: a task by its number in a namespace — {@code find_pid_ns} (the
   * namespace's idr) then {@code pid_task}, so O(1) however many tasks exist. A number that is
   * free, whose pid has no task yet (copy_process before attach_pid) or no more (after
   * __exit_signal's detach_pid), or 0, finds nothing.
   *
   * @param ns the namespace
   * @param nr the number there
   * @return the task or null
   */
  public @Nullable Task findTaskByPidNs(PidNamespace ns, int nr) {
    Pid pid = ns.findPid(nr);
    Task t = pid == null ? null : pid.task();
    return t == null || t.released ? null : t;
  }
}
