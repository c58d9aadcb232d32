package io.github.clonepath.kernel.entry;

import io.github.clonepath.kernel.exit.KernelExit;
import io.github.clonepath.kernel.exit.KernelWait;
import io.github.clonepath.kernel.file.FdTable;
import io.github.clonepath.kernel.fork.KernelFork;
import io.github.clonepath.kernel.futex.FutexTable;
import io.github.clonepath.kernel.sched.Scheduler;
import io.github.clonepath.kernel.signal.KernelSignal;
import io.github.clonepath.kernel.task.Kernel;

/**
 * The kernel subsystems of one machine, wired together once at boot.
 *
 * @param kernel global state
 * @param sched scheduler
 * @param futex futex table
 * @param signals signal code
 * @param exit exit code
 * @param waits wait code
 * @param fdt descriptor code
 * @param fork fork code
 */
public record Services(
    Kernel kernel,
    Scheduler sched,
    FutexTable futex,
    KernelSignal signals,
    KernelExit exit,
    KernelWait waits,
    FdTable fdt,
    KernelFork fork) {

  /**
   * Wires the subsystems of a kernel.
   *
   * @param kernel the kernel
   * @param sched its scheduler
   * @return the services
   */
  public static Services wire(Kernel kernel, Scheduler sched) {
    FutexTable futex = new FutexTable(kernel, sched);
    KernelSignal signals = new KernelSignal(kernel, sched);
    KernelExit exit = new KernelExit(kernel, sched, signals, futex);
    KernelWait waits = new KernelWait(kernel, exit);
    FdTable fdt = new FdTable(kernel);
    KernelFork fork = new KernelFork(kernel, sched, exit, fdt, signals);
    return new Services(kernel, sched, futex, signals, exit, waits, fdt, fork);
  }
}
