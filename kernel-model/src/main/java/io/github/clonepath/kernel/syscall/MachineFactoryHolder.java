package io.github.clonepath.kernel.syscall;

import com.google.common.collect.ImmutableList;
import java.util.ServiceLoader;

/**
 * The machine factory, looked up once: a service lookup reads the class path's provider files,
 * which cost more than booting a machine does (many boots a second when exploring schedules).
 */
final class MachineFactoryHolder {
  /** The first provider on the class path, or none (an immutable list, so no state is shared). */
  static final ImmutableList<MachineFactory> FACTORY =
      ServiceLoader.load(MachineFactory.class, Machine.class.getClassLoader())
          .findFirst()
          .map(ImmutableList::of)
          .orElse(ImmutableList.of());

  /** The provider, or a failure naming the module that is missing. */
  static MachineFactory factory() {
    if (FACTORY.isEmpty()) {
      throw new IllegalStateException("kernel-model is not on the class path");
    }
    return FACTORY.get(0);
  }

  private MachineFactoryHolder() {}
}
