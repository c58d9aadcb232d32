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

  /** The programs of the reference captures. */
  static GoProgram aHello() {
    return GoProgram.empty().print("hello\n");
  }

  static GoProgram bSyscalls(int n) {
    return GoProgram.empty()
        .print("start: os_threads=%threads n=" + n + "\n")
        .go("main.main.func1", GoProgram.empty().syscall(1_000_000_000L), n)
        .sleep(300_000_000L)
        .print("while " + n + " goroutines block in read(2): os_threads=%threads\n")
        .sleep(800_000_000L)
        .print("after release: os_threads=%threads\n");
  }

  /**
   * c2_locked_spawn: LockOSThread in init, three 300 ms spinners 20 ms apart (wg.Wait as a sleep).
   */
  static GoProgram c2LockedSpawn() {
    GoProgram p = GoProgram.empty().initLockOSThread().print("main\n");
    for (int i = 0; i < 3; i++) {
      p = p.go("main.spin", GoProgram.empty().compute(300_000_000L), 1).sleep(20_000_000L);
      p = p.print("after go #" + (i + 1) + ": os_threads=%threads\n");
    }
    return p.sleep(400_000_000L).print("end: os_threads=%threads\n");
  }

  static GoProgram eLimit() {
    return GoProgram.empty()
        .setMaxThreads(20)
        .go("main.main.func1", GoProgram.empty().syscall(10_000_000_000L), 50)
        .sleep(1_000_000_000L)
        .print("not reached\n");
  }
}
