package io.github.clonepath.kernel.syscall;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The machine factory, looked up once: a service lookup reads the class path's provider files,
 * which cost more than booting a machine does (many boots a second when exploring schedules).
 */
final class MachineFactoryHolder {
  static final Optional<MachineFactory> FACTORY =
      ServiceLoader.load(MachineFactory.class, Machine.class.getClassLoader()).findFirst();

  private MachineFactoryHolder() {}
}
