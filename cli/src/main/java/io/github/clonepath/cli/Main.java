package io.github.clonepath.cli;

import io.github.clonepath.cli.clone.CloneCommand;
import io.github.clonepath.cli.diagram.DiagramCommand;
import io.github.clonepath.cli.quiz.QuizCommand;
import io.github.clonepath.cli.sys.SysCommand;
import io.github.clonepath.cli.walk.WalkCommand;
import io.github.clonepath.lab.diagram.DiagramKinds;
import io.github.clonepath.lab.walk.Topics;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code clonepath} command: runs the model from a terminal.
 *
 * <p>Exit status: 0 on success, 2 on bad usage (with a one-line message saying what to do), 1 when
 * the model reports an error.
 */
@Command(
    name = "clonepath",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "An executable model of how a thread is born on Linux: Go runtime, glibc, kernel.",
    subcommands = {
      CommandLine.HelpCommand.class,
      SysCommand.class,
      CloneCommand.class,
      RunCommand.class,
      CompareCommand.class,
      ExploreCommand.class,
      QuizCommand.class
    })
public final class Main implements Runnable {
  /** Exit status for a model error. */
  public static final int EXIT_MODEL_ERROR = 1;

  /** Exit status for bad usage. */
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /**
   * Entry point of the launcher.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs one command line with the given streams; what tests and the launcher share.
   *
   * @param out standard output
   * @param err standard error
   * @param args the command line
   * @return the exit status
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  /**
   * The configured picocli command tree, with the exit codes and one-line usage errors.
   *
   * @return a new command line
   */
  public static CommandLine commandLine() {
    CommandLine cl = configure(new CommandLine(new Main()));
    new WalkCommand(Topics.ALL).register(cl);
    new DiagramCommand(DiagramKinds.ALL).register(cl);
    return cl;
  }

  /**
   * Applies the exit codes and one-line usage errors to a command line; {@link #commandLine()} uses
   * it, and tests use it to try a subcommand over test data.
   *
   * @param cl a command line over a {@code Main}
   * @return the same command line
   */
  public static CommandLine configure(CommandLine cl) {
    cl.setExitCodeExceptionMapper(e -> EXIT_MODEL_ERROR);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr()
              .println(
                  c.getCommandName()
                      + ": "
                      + ex.getMessage()
                      + " (try '"
                      + c.getCommandSpec().qualifiedName()
                      + " --help')");
          return EXIT_USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          c.getErr().println("clonepath: " + ex.getMessage());
          return EXIT_MODEL_ERROR;
        });
    return cl;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
