package io.github.clonepath.kernel.syscall;

/**
 * How {@link Machine#boot(MachineConfig)} finds the kernel without this package depending on the
 * kernel's internals (a {@link java.util.ServiceLoader} provider, declared in {@code
 * module-info.java} and {@code META-INF/services}).
 */
public interface MachineFactory {
  /**
   * Boots a machine.
   *
   * @param config its configuration
   * @return the machine
   */
  Machine boot(MachineConfig config);
}
