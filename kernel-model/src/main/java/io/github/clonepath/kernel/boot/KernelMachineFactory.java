package io.github.clonepath.kernel.boot;

import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.MachineFactory;

/** The ServiceLoader provider behind {@link Machine#boot(MachineConfig)}. */
public final class KernelMachineFactory implements MachineFactory {
  /** A factory (ServiceLoader needs a public no-argument constructor). */
  public KernelMachineFactory() {}

  @Override
  public Machine boot(MachineConfig config) {
    return new KernelMachine(config);
  }
}
