package io.github.clonepath.cli.sys;

import io.github.clonepath.cli.Main;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.lab.sys.SysRunner;
import io.github.clonepath.lab.sys.SysScript;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clonepath sys}: the syscall playground. */
@Command(
    name = "sys",
    description = {
      "Run a script of system calls from standard input, printing each as strace does.",
      "The script runs in one fresh single-threaded process of a fresh machine. One item per"
          + " line: a call such as mmap(NULL, 4096, PROT_READ|PROT_WRITE,"
          + " MAP_PRIVATE|MAP_ANONYMOUS, -1, 0), or 'maps' for the VMAs. $N is the result of the"
          + " N-th call line ($N+K, $N-K). Numbers are 64-bit (decimal -2^63 to 2^64-1, or up to"
          + " 16 hex digits). clone's child exits at once; with CLONE_VFORK the caller sleeps"
          + " until it has."
    },
    footer = {
      "",
      "Exit status: 0, 1 for a model error, 2 for a script line that cannot be run (named on"
          + " stderr)."
    })
public final class SysCommand implements Callable<Integer> {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  private final InputStream in;

  /** A command reading the process's standard input. */
  public SysCommand() {
    this(System.in);
  }

  /**
   * A command reading a given stream (for tests).
   *
   * @param in the script
   */
  public SysCommand(InputStream in) {
    this.in = in;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    in.transferTo(buf);
    SysScript script = SysScript.parse(buf.toString(StandardCharsets.UTF_8));
    new SysRunner(MachineConfig.DEFAULT).run(script, out::println);
    out.flush();
    if (script.error() != null) {
      err.println(
          "clonepath sys: line "
              + script.error().line()
              + ": "
              + script.error().message()
              + " (see 'clonepath sys --help')");
      return Main.EXIT_USAGE;
    }
    return 0;
  }
}
