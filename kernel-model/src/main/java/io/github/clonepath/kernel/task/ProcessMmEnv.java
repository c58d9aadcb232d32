package io.github.clonepath.kernel.task;

import io.github.clonepath.kernel.mm.MmEnvironment;
import io.github.clonepath.kernel.syscall.Rlimits;

/**
 * What an address space asks of its process and machine: the process's RLIMIT_AS and RLIMIT_STACK
 * (read from its signal_struct each time, so setrlimit takes effect), the VM sysctls, and the
 * machine-wide commit accounting under the default heuristic overcommit policy.
 */
public final class ProcessMmEnv implements MmEnvironment {
  /** {@code vm.max_map_count} default. */
  public static final int DEFAULT_MAX_MAP_COUNT = 65530;

  /** {@code vm.mmap_min_addr} as Debian sets it. */
  public static final long DEFAULT_MMAP_MIN_ADDR = 65536;

  private final Kernel kernel;
  private final SignalStruct signal;

  /**
   * The environment of one process.
   *
   * @param kernel the machine's kernel
   * @param signal the process's signal_struct (its rlimits)
   */
  public ProcessMmEnv(Kernel kernel, SignalStruct signal) {
    this.kernel = kernel;
    this.signal = signal;
  }

  @Override
  public long rlimitAs() {
    return signal.rlim[Rlimits.RLIMIT_AS].cur();
  }

  @Override
  public long rlimitStack() {
    return signal.rlim[Rlimits.RLIMIT_STACK].cur();
  }

  @Override
  public int maxMapCount() {
    return DEFAULT_MAX_MAP_COUNT;
  }

  @Override
  public long mmapMinAddr() {
    return DEFAULT_MMAP_MIN_ADDR;
  }

  /**
   * Heuristic overcommit (mode 0): one request may not exceed all of RAM (no swap is modeled);
   * otherwise it is charged.
   */
  @Override
  public boolean vmEnoughMemory(long pages) {
    if (pages > kernel.totalRamPages) {
      return false;
    }
    kernel.committedPages += pages;
    return true;
  }

  @Override
  public void vmUnacct(long pages) {
    kernel.committedPages -= pages;
  }

  /** {@code cap_mmap_addr}'s test: the current task's capability in the initial user namespace. */
  @Override
  public boolean capSysRawio() {
    Task t = kernel.current;
    return t != null && t.cred.capable(kernel.initUserNs, Cred.CAP_SYS_RAWIO);
  }

  @Override
  public int nextMmId() {
    return kernel.nextId("mm");
  }

  @Override
  public long nextShmemIno() {
    return kernel.nextId("shmem-ino");
  }

  @Override
  public io.github.clonepath.common.Tracer tracer() {
    return kernel.tracer;
  }
}
