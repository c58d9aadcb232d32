package io.github.clonepath.kernel.boot;

import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.UserContext;

/** A fresh machine and helpers for writing user memory in tests. */
class ModelFixture {
  /** Scratch memory inside the spawned process's main stack VMA. */
  static final long SCRATCH = KernelMachine.STACK_TOP - KernelMachine.STACK_SIZE + 0x1000;

  final KernelMachine machine = new KernelMachine(MachineConfig.DEFAULT);

  int spawn(Continuation main) {
    return machine.spawn("t", main);
  }

  /** Writes a clone_args struct of 11 words at addr. */
  static void cloneArgs(UserContext c, long addr, long... words) {
    for (int i = 0; i < 11; i++) {
      c.store64(addr + 8L * i, i < words.length ? words[i] : 0);
    }
  }

  /** The strace lines of one tid, text only. */
  String linesOf(int tid) {
    StringBuilder sb = new StringBuilder();
    machine.log().syscalls().stream()
        .filter(e -> e.tid() == tid)
        .forEach(e -> sb.append(e.text()).append('\n'));
    return sb.toString();
  }
}
