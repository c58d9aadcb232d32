package io.github.clonepath.goruntime;

import io.github.clonepath.common.SyscallEvent;
import java.util.ArrayList;
import java.util.List;

/** Runs a Go program on the test kernel. */
final class Harness {
  final FakeKernel kernel;
  final GoRuntime go;

  Harness(GoOptions opts, GoProgram main) {
    this(opts, main, false);
  }

  Harness(GoOptions opts, GoProgram main, boolean traceCalls) {
    kernel = new FakeKernel(traceCalls);
    go = GoRuntime.prepare(kernel.tracer, opts, main);
    kernel.spawn(go.entry());
  }

  Harness run() {
    kernel.run();
    return this;
  }

  /** One thread's calls of the given names, as text. */
  List<String> calls(int tid, String... names) {
    List<String> out = new ArrayList<>();
    for (SyscallEvent e : kernel.log.syscalls()) {
      if (e.tid() == tid && List.of(names).contains(e.name())) {
        out.add(e.text());
      }
    }
    return out;
  }

  List<String> calls(String name) {
    List<String> out = new ArrayList<>();
    for (SyscallEvent e : kernel.log.syscalls()) {
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
        .print("while " + n + " goroutines block in read(2): os_threads=%threads\n");
  }

  static GoProgram eLimit() {
    return GoProgram.empty()
        .setMaxThreads(20)
        .go("main.main.func1", GoProgram.empty().syscall(10_000_000_000L), 50)
        .sleep(1_000_000_000L)
        .print("not reached\n");
  }
}
