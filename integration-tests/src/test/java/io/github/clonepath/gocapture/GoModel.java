package io.github.clonepath.gocapture;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.GoProgram;
import io.github.clonepath.goruntime.GoRuntime;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Strace;
import io.github.clonepath.lab.compare.GoTraceComparator;
import io.github.clonepath.lab.compare.StraceParser;
import io.github.clonepath.lab.compare.TraceLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Go program on a freshly booted kernel model (the reference machine's configuration), and both
 * sides of a comparison read the way the lab reads them: a capture and the model's trace through
 * {@link StraceParser}, the model's calls cut to the ones the captures traced ({@link
 * GoTraceComparator#FILTER}).
 */
final class GoModel {
  final Machine machine;
  final GoRuntime go;

  GoModel(GoOptions opts, GoProgram main) {
    machine = Machine.boot(MachineConfig.DEFAULT);
    go = GoRuntime.spawn(machine, "go", opts, main);
  }

  GoModel run() {
    machine.run();
    return this;
  }

  List<SyscallEvent> syscalls() {
    return machine.log().syscalls();
  }

  /** Every call of the model's trace, as the lab parses it. */
  List<TraceLine> trace() {
    return StraceParser.parse(Strace.lines(syscalls()));
  }

  /** The model's calls of the kinds the captures traced ({@code strace -e trace=...}). */
  List<TraceLine> traced() {
    return trace().stream().filter(l -> GoTraceComparator.FILTER.contains(l.name())).toList();
  }

  /** Every call of one name, as text. */
  List<String> calls(String name) {
    List<String> out = new ArrayList<>();
    for (SyscallEvent e : syscalls()) {
      if (e.name().equals(name)) {
        out.add(e.text());
      }
    }
    return out;
  }

  /** A capture under {@code reference/} of go-runtime-model's test resources, parsed. */
  static List<TraceLine> capture(String name) throws IOException {
    try (InputStream in = GoModel.class.getResourceAsStream("/reference/" + name)) {
      if (in == null) {
        throw new IOException("no capture reference/" + name);
      }
      return StraceParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
