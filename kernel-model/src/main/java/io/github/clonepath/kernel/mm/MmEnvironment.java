package io.github.clonepath.kernel.mm;

import io.github.clonepath.common.EventLog;
import io.github.clonepath.common.Tracer;

/**
 * What an address space needs from the machine and process that own it: limits, sysctls, the
 * machine-wide commit charge and the tracer. The mm side never reaches back into tasks.
 *
 * <p>{@link StandardMmEnvironment} is a complete implementation for machines and tests.
 */
public interface MmEnvironment {
  /** The value of an unlimited resource limit ({@code RLIM_INFINITY}). */
  long RLIM_INFINITY = -1L;

  /**
   * The RLIMIT_AS soft limit.
   *
   * @return bytes, or {@link #RLIM_INFINITY}
   */
  long rlimitAs();

  /**
   * The RLIMIT_STACK soft limit, which places {@code mmap_base} and bounds stack growth.
   *
   * @return bytes, or {@link #RLIM_INFINITY}
   */
  long rlimitStack();

  /**
   * {@code vm.max_map_count}.
   *
   * @return the most VMAs an mm may hold, 65530 by default
   */
  int maxMapCount();

  /**
   * {@code vm.mmap_min_addr}.
   *
   * @return the lowest address an unprivileged process may map, 65536 here
   */
  long mmapMinAddr();

  /**
   * {@code __vm_enough_memory} under the heuristic overcommit policy (mode 0): charges {@code
   * pages} to the machine's committed memory if the policy allows it.
   *
   * @param pages pages to charge
   * @return true when charged; false (nothing charged) when the request must fail with ENOMEM
   */
  boolean vmEnoughMemory(long pages);

  /**
   * {@code vm_unacct_memory}: gives committed pages back.
   *
   * @param pages pages charged earlier
   */
  void vmUnacct(long pages);

  /**
   * The RLIMIT_DATA soft limit (private writable mappings, since Linux 4.7).
   *
   * @return bytes, or {@link #RLIM_INFINITY} (the default)
   */
  default long rlimitData() {
    return RLIM_INFINITY;
  }

  /**
   * Whether transparent huge pages are built in, as on the reference kernel. It makes MAP_STACK
   * mappings VM_NOHUGEPAGE (Linux 6.8+), aligns anonymous mappings whose length is a multiple of 2
   * MiB to 2 MiB (6.7+), and makes MADV_HUGEPAGE, MADV_NOHUGEPAGE valid advice.
   *
   * @return true by default
   */
  default boolean thpEnabled() {
    return true;
  }

  /**
   * {@code vm.legacy_va_layout} (or the ADDR_COMPAT_LAYOUT personality): bottom-up placement from
   * {@code TASK_UNMAPPED_BASE} instead of top-down below {@code mmap_base}.
   *
   * @return false by default
   */
  default boolean legacyVaLayout() {
    return false;
  }

  /**
   * The next inode number of the machine's internal shmem mount, which backs MAP_SHARED anonymous
   * mappings and shows in {@code /proc/PID/maps}.
   *
   * @return an inode number; machines hosting several processes should number them uniquely
   */
  default long nextShmemIno() {
    return 1;
  }

  /**
   * Where the address space records its modeled kernel calls.
   *
   * @return the machine's tracer; by default a private tracer that records no calls
   */
  default Tracer tracer() {
    return new Tracer(new EventLog(), false);
  }

  /**
   * Whether the calling task holds CAP_SYS_RAWIO in the initial user namespace, which lets {@code
   * cap_mmap_addr} accept an address below {@link #mmapMinAddr()} (MAP_FIXED at 0 as root).
   *
   * @return false by default: an unprivileged caller
   */
  default boolean capSysRawio() {
    return false;
  }

  /**
   * Numbers a new address space, so views of a machine can tell address spaces apart
   * deterministically.
   *
   * @return a number unique among this environment's machine's address spaces; 0 by default
   */
  default int nextMmId() {
    return 0;
  }
}
