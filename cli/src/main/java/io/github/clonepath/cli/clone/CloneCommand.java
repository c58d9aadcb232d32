package io.github.clonepath.cli.clone;

import io.github.clonepath.cli.Main;
import io.github.clonepath.kernel.syscall.CloneFlags;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.lab.clone.CaseRunner;
import io.github.clonepath.lab.clone.CloneCase;
import io.github.clonepath.lab.clone.CloneLab;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clonepath clone}: the clone lab, one call with a report, or many cases in batch mode. */
@Command(
    name = "clone",
    description = {
      "Run one clone or clone3 and report what the child shares, copies and releases.",
      "The call is made from a fresh single-threaded process (root with every capability, initial"
          + " namespaces, default limits; its parent is not init). The report is the strace line,"
          + " the five structures (shared or copied, every refcount before and after) and, once"
          + " the child has exited, what was released.",
      "",
      "--batch reads one case per line from standard input and prints the line, ' => ', then"
          + " 'ok' or the errno name; each case runs in a fresh machine. A case is 'clone' or"
          + " 'clone3' followed by key=value fields: flags= (0, CLONE_* names and 0x hex joined"
          + " by |), exit_signal= (default 0; for clone ORed into the flags word),"
          + " stack=none|valid, stack_size= (clone3; 65536 with a stack, else 0), size= (clone3;"
          + " default 88), extra= (comma-separated: pidfd:same_as_parent_tid|null,"
          + " parent_tid:null, child_tid:unmapped, tls:noncanonical, tail:nonzero,"
          + " args:null|page_end, stack_addr:0x..., set_tid:null|valid|unmapped, set_tid_size:N,"
          + " set_tid_val:N|pid_max (default 1000), cgroup:N); set_tid_size and cgroup take"
          + " any u64, set_tid_val any int32, and the kernel checks them. Blank lines and lines"
          + " starting with # are copied unchanged; a line that cannot be read gets ' => error: '"
          + " and the reason, the batch goes on, and it exits 2."
    },
    footer = {
      "",
      "Exit status: 0, 1 for a model error, 2 for bad usage or a case that cannot be read."
    })
public final class CloneCommand implements Callable<Integer> {
  /** The values of {@code --api}. */
  static final class Apis extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Apis() {
      super(List.of("clone", "clone3"));
    }
  }

  /** The values of {@code --stack}. */
  static final class Stacks extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Stacks() {
      super(List.of("none", "valid"));
    }
  }

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--flags",
      paramLabel = "FLAGS",
      description = "CLONE_* names and 0x hex joined by | (default 0)")
  private String flags;

  @Option(
      names = "--api",
      paramLabel = "API",
      completionCandidates = Apis.class,
      description = "${COMPLETION-CANDIDATES} (default clone)")
  private String api;

  @Option(
      names = "--exit-signal",
      paramLabel = "SIG",
      description =
          "a signal name such as SIGCHLD or a number (default SIGCHLD, 0 with CLONE_THREAD or"
              + " CLONE_PARENT)")
  private String exitSignal;

  @Option(
      names = "--stack",
      paramLabel = "STACK",
      completionCandidates = Stacks.class,
      description =
          "${COMPLETION-CANDIDATES}: pass no stack or a freshly mapped one (default: valid with"
              + " CLONE_VM, else none)")
  private String stack;

  @Option(names = "--batch", description = "read cases from standard input")
  private boolean batch;

  private final InputStream in;

  /** A command reading the process's standard input. */
  public CloneCommand() {
    this(System.in);
  }

  /**
   * A command reading a given stream (for tests).
   *
   * @param in the batch input
   */
  public CloneCommand(InputStream in) {
    this.in = in;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (batch) {
      if (flags != null || api != null || exitSignal != null || stack != null) {
        return usage(err, "--batch takes its cases from standard input; drop the other options");
      }
      return batch(out, err);
    }
    CloneCase c;
    try {
      c = labCase();
    } catch (CloneCase.SyntaxError e) {
      return usage(err, e.getMessage());
    }
    new CloneLab(MachineConfig.DEFAULT).run(c, out::println);
    out.flush();
    return 0;
  }

  private CloneCase labCase() {
    String a = api == null ? "clone" : api;
    if (!a.equals("clone") && !a.equals("clone3")) {
      throw new CloneCase.SyntaxError("--api " + a + ": use clone or clone3");
    }
    long f = CloneCase.parseFlags(flags == null ? "0" : flags);
    int sig;
    if (exitSignal == null) {
      sig = (f & (CloneFlags.CLONE_THREAD | CloneFlags.CLONE_PARENT)) != 0 ? 0 : Signals.SIGCHLD;
    } else {
      sig = signal(exitSignal);
    }
    boolean withStack;
    if (stack == null) {
      withStack = (f & CloneFlags.CLONE_VM) != 0;
    } else if (stack.equals("none") || stack.equals("valid")) {
      withStack = stack.equals("valid");
    } else {
      throw new CloneCase.SyntaxError("--stack " + stack + ": use none or valid");
    }
    StringBuilder line = new StringBuilder(a).append(" flags=").append(flags == null ? "0" : flags);
    line.append(" exit_signal=").append(sig).append(" stack=").append(withStack ? "valid" : "none");
    return CloneCase.parse(line.toString());
  }

  private static int signal(String s) {
    for (int i = 1; i <= Signals.SIGRTMAX; i++) {
      if (Signals.name(i).equals(s)) {
        return i;
      }
    }
    try {
      int n = Integer.parseInt(s);
      if (n >= 0 && n <= 255) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new CloneCase.SyntaxError(
        "--exit-signal " + s + ": use a signal name such as SIGCHLD or a number 0-255");
  }

  /**
   * Runs every case in its own fresh machine. A line that cannot be read gets {@code => error:} and
   * the reason, on its own line, and the batch goes on; the exit status is then 2.
   */
  private int batch(PrintWriter out, PrintWriter err) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    in.transferTo(buf);
    CaseRunner runner = new CaseRunner(MachineConfig.DEFAULT);
    int bad = 0;
    for (String l : buf.toString(StandardCharsets.UTF_8).lines().toList()) {
      if (l.isBlank() || l.startsWith("#")) {
        out.println(l);
        continue;
      }
      CloneCase c;
      try {
        c = CloneCase.parse(l);
      } catch (CloneCase.SyntaxError e) {
        out.println(l + " => error: " + e.getMessage());
        bad++;
        continue;
      }
      long r = runner.run(c);
      out.println(c.line() + " => " + (r >= 0 ? "ok" : Errno.ofResult(r).name()));
    }
    out.flush();
    if (bad > 0) {
      err.println(
          "clonepath clone: "
              + bad
              + (bad == 1 ? " line" : " lines")
              + " could not be read (marked '=> error:'; see 'clonepath clone --help')");
      err.flush();
      return Main.EXIT_USAGE;
    }
    return 0;
  }

  private static int usage(PrintWriter err, String message) {
    err.println("clonepath clone: " + message + " (see 'clonepath clone --help')");
    err.flush();
    return Main.EXIT_USAGE;
  }
}
