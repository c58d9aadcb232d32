/**
 * The kernel model: clone and copy_process, the five shared structures, the address space, futex
 * and exit. Only the system-call ABI package is exported.
 */
module io.github.clonepath.kernel {
  requires transitive io.github.clonepath.common;
  requires static org.jspecify;

  exports io.github.clonepath.kernel.syscall;

  uses io.github.clonepath.kernel.syscall.MachineFactory;

  provides io.github.clonepath.kernel.syscall.MachineFactory with
      io.github.clonepath.kernel.boot.KernelMachineFactory;
}
