package io.github.clonepath.goruntime;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import java.util.ArrayList;
import java.util.List;

/** Runs a Go program on a freshly booted kernel model (the reference machine's configuration). */
final class Harness {
  final Machine machine;
  final GoRuntime go;

  Harness(GoOptions opts, GoProgram main) {
    this(opts, main, false);
  }

  Harness(GoOptions opts, GoProgram main, boolean traceCalls) {
    machine = Machine.boot(MachineConfig.DEFAULT.withTraceCalls(traceCalls));
    go = GoRuntime.spawn(machine, "go", opts, main);
  }

  Harness run() {
    machine.run();
    return this;
  }

  List<SyscallEvent> syscalls() {
    return machine.log().syscalls();
  }

  /** The exit status the kernel reports for the process. */
  int kernelExitStatus() {
    return machine.waitStatus(go.pid()) >> 8;
  }

  /** One thread's calls of the given names, as text. */
  List<String> calls(int tid, String... names) {
    List<String> out = new ArrayList<>();
    for (SyscallEvent e : syscalls()) {
      if (e.tid() == tid && List.of(names).contains(e.name())) {
        out.add(e.text());
      }
    }
    return out;
  }

  List<String> calls(String name) {
    List<String> out = new ArrayList<>();
    for (SyscallEvent e : syscalls()) {
      if (e.name().equals(name)) {
        out.add(e.text());
      }
    }
    return out;
  }
}
