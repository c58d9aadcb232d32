package io.github.clonepath.kernel.syscall;

import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * What a machine is made of. Immutable; each {@code with...} returns a changed copy.
 *
 * @param cpus number of CPUs (the reference machine has 2)
 * @param ramBytes memory size, which sets {@code threads-max}
 * @param pidMax {@code kernel.pid_max}
 * @param seed empty for FIFO dispatch, else the seed of the random dispatch order
 * @param traceCalls whether modeled function calls are recorded (system calls always are)
 * @param chooser who decides each scheduling point (see {@link Chooser}), or null for FIFO with no
 *     preemption; ignored with a seed
 */
public record MachineConfig(
    int cpus,
    long ramBytes,
    int pidMax,
    OptionalLong seed,
    boolean traceCalls,
    @Nullable Chooser chooser) {

  /** The reference machine: 2 CPUs, 24 GiB, pid_max 32768, FIFO, no call tracing. */
  public static final MachineConfig DEFAULT =
      new MachineConfig(2, 24L << 30, 32768, OptionalLong.empty(), false, null);

  /**
   * A configuration without a chooser.
   *
   * @param cpus number of CPUs
   * @param ramBytes memory size
   * @param pidMax {@code kernel.pid_max}
   * @param seed empty for FIFO dispatch, else the seed of the random dispatch order
   * @param traceCalls whether modeled function calls are recorded
   */
  public MachineConfig(int cpus, long ramBytes, int pidMax, OptionalLong seed, boolean traceCalls) {
    this(cpus, ramBytes, pidMax, seed, traceCalls, null);
  }

  /** Checks the values. */
  public MachineConfig {
    if (cpus < 1) {
      throw new IllegalArgumentException("a machine needs at least one CPU: " + cpus);
    }
    if (ramBytes <= 0) {
      throw new IllegalArgumentException("ramBytes must be positive: " + ramBytes);
    }
    if (pidMax < 301 || pidMax > 4 * 1024 * 1024) {
      throw new IllegalArgumentException("pid_max must be within [301, 4194304]: " + pidMax);
    }
  }

  /**
   * With a number of CPUs.
   *
   * @param n CPUs
   * @return a changed copy
   */
  public MachineConfig withCpus(int n) {
    return new MachineConfig(n, ramBytes, pidMax, seed, traceCalls, chooser);
  }

  /**
   * With a memory size.
   *
   * @param bytes RAM
   * @return a changed copy
   */
  public MachineConfig withRam(long bytes) {
    return new MachineConfig(cpus, bytes, pidMax, seed, traceCalls, chooser);
  }

  /**
   * With a pid_max.
   *
   * @param max the new limit
   * @return a changed copy
   */
  public MachineConfig withPidMax(int max) {
    return new MachineConfig(cpus, ramBytes, max, seed, traceCalls, chooser);
  }

  /**
   * With seeded-random dispatch.
   *
   * @param s the seed
   * @return a changed copy
   */
  public MachineConfig withSeed(long s) {
    return new MachineConfig(cpus, ramBytes, pidMax, OptionalLong.of(s), traceCalls, chooser);
  }

  /**
   * With call tracing on or off.
   *
   * @param on whether modeled calls are recorded
   * @return a changed copy
   */
  public MachineConfig withTraceCalls(boolean on) {
    return new MachineConfig(cpus, ramBytes, pidMax, seed, on, chooser);
  }

  /**
   * With a chooser deciding every scheduling point.
   *
   * @param c the chooser, or null for FIFO with no preemption
   * @return a changed copy
   */
  public MachineConfig withChooser(@Nullable Chooser c) {
    return new MachineConfig(cpus, ramBytes, pidMax, seed, traceCalls, c);
  }
}
