package io.github.clonepath.cli;

import io.github.clonepath.cli.clone.CloneCommand;
import io.github.clonepath.cli.diagram.DiagramCommand;
import io.github.clonepath.cli.quiz.QuizCommand;
import io.github.clonepath.cli.support.ByteWriter;
import io.github.clonepath.cli.sys.SysCommand;
import io.github.clonepath.cli.walk.WalkCommand;
import io.github.clonepath.lab.diagram.DiagramKinds;
import io.github.clonepath.lab.scenario.ScenarioException;
import io.github.clonepath.lab.walk.Topics;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.Charset;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code clonepath} command: runs the model from a terminal.
 *
 * <p>Exit status, as diff's: 0 on success (and when traces are the same), 1 when the model reports
 * an error or traces differ, 2 on bad usage or unreadable input (with a one-line message saying
 * what to do). Every command and subcommand takes {@code -h}/{@code --help} and {@code -V}/{@code
 * --version}: they are inherited from this command ({@code scope = INHERIT}), and a required
 * parameter never blocks them.
 */
@Command(
    name = "clonepath",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    description =
        "An executable model of how a thread is born on Linux: Go runtime, glibc, kernel.",
    footer = {
      "",
      "Exit status: 0 on success or when the traces are the same, 1 for a model error or when"
          + " the traces differ, 2 for bad usage or unreadable input.",
      "A file argument '-' means standard input."
    })
public final class Main implements Runnable {
  /**
   * The annotated subcommands, in the order the help lists them (then {@code walk} and {@code
   * diagram}, which are registered with their lists of topics and kinds).
   */
  private static final List<Class<?>> COMMANDS =
      List.of(
          CommandLine.HelpCommand.class,
          ListCommand.class,
          SysCommand.class,
          CloneCommand.class,
          RunCommand.class,
          CompareCommand.class,
          ExploreCommand.class,
          QuizCommand.class);

  private static final String WALK = "walk";
  private static final String DIAGRAM = "diagram";

  /** Exit status for a model error, or for traces that differ. */
  public static final int EXIT_MODEL_ERROR = 1;

  /** Exit status for bad usage or unreadable input. */
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On an internal error, also print its Java stack trace.")
  private boolean debug;

  /**
   * Entry point of the launcher.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    // standard output is buffered and flushed when a command says so and once at the end (a
    // streamed trace flushes its first line at once, then every 1024 lines); standard error is
    // flushed at every line
    PrintWriter out =
        new PrintWriter(
            new ByteWriter(
                new FileOutputStream(FileDescriptor.out), Charset.defaultCharset(), 1 << 16));
    int status = run(System.in, out, new PrintWriter(System.err, true), args);
    out.flush();
    System.exit(status);
  }

  /**
   * Runs one command line with the given streams and the process's standard input.
   *
   * @param out standard output
   * @param err standard error
   * @param args the command line
   * @return the exit status
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(System.in, out, err, args);
  }

  /**
   * Runs one command line with the given streams; what tests and the launcher share.
   *
   * @param in standard input: what {@code -} names, and what {@code sys}, {@code clone --batch} and
   *     {@code quiz} read
   * @param out standard output
   * @param err standard error
   * @param args the command line
   * @return the exit status
   */
  public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine(in, args.length > 0 ? args[0] : null);
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } catch (StackOverflowError | OutOfMemoryError e) {
      // errors pass picocli's handler; they are the program's defects too
      out.flush();
      boolean debug = java.util.Arrays.asList(args).contains("--debug");
      err.println(internalError(e, debug));
      if (debug) {
        e.printStackTrace(err);
      }
      err.flush();
      return EXIT_MODEL_ERROR;
    }
  }

  /**
   * The configured picocli command tree over the process's standard input.
   *
   * @return a new command line
   */
  public static CommandLine commandLine() {
    return commandLine(System.in);
  }

  /**
   * The configured picocli command tree, with the exit codes and one-line usage errors.
   *
   * @param in standard input, handed to every command that reads it
   * @return a new command line
   */
  public static CommandLine commandLine(InputStream in) {
    return commandLine(in, null);
  }

  /**
   * The command tree a command line needs: when its first word names a subcommand (other than
   * {@code help}), only that one is built under the top-level command, since building the whole
   * tree from its annotations (and the walk topics, the diagram kinds) was about a third of a short
   * run's start-up; otherwise, as for {@code --help}, {@code help run} or a mistyped name, all of
   * them. What that subcommand parses, prints and returns is the same either way.
   *
   * @param in standard input
   * @param first the command line's first word, or null for the whole tree
   * @return a new command line
   */
  static CommandLine commandLine(InputStream in, String first) {
    boolean known =
        first != null
            && !first.equals("help")
            && (first.equals(WALK)
                || first.equals(DIAGRAM)
                || COMMANDS.stream().anyMatch(c -> first.equals(name(c))));
    CommandLine cl = new CommandLine(new Main(), new StdinFactory(in));
    for (Class<?> c : COMMANDS) {
      if (!known || first.equals(name(c))) {
        cl.addSubcommand(c);
      }
    }
    configure(cl);
    if (!known || first.equals(WALK)) {
      new WalkCommand(Topics.ALL).register(cl);
    }
    if (!known || first.equals(DIAGRAM)) {
      new DiagramCommand(DiagramKinds.ALL).register(cl);
    }
    return cl;
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  /**
   * Applies the exit codes and one-line usage errors to a command line; {@link #commandLine()} uses
   * it, and tests use it to try a subcommand over test data.
   *
   * @param cl a command line over a {@code Main}
   * @return the same command line
   */
  public static CommandLine configure(CommandLine cl) {
    cl.setExitCodeExceptionMapper(Main::exitCode);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr()
              .println(
                  c.getCommandName()
                      + ": "
                      + ex.getMessage()
                      + hint(ex)
                      + " (try '"
                      + c.getCommandSpec().qualifiedName()
                      + " --help')");
          return EXIT_USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          c.getOut().flush();
          if (said(ex)) {
            c.getErr().println(errorLine(ex));
            return exitCode(ex);
          }
          boolean debug = false;
          for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            debug |= p.hasMatchedOption("--debug");
          }
          c.getErr().println(internalError(ex, debug));
          if (debug) {
            ex.printStackTrace(c.getErr());
          }
          c.getErr().flush();
          return EXIT_MODEL_ERROR;
        });
    return cl;
  }

  /**
   * Whether an exception is one the program raises on purpose, with a message meant for the user: a
   * scenario's mistake or outcome, an unreadable input, a refused value, a budget. Anything else is
   * a defect of the program.
   */
  static boolean said(Throwable ex) {
    return ex instanceof ScenarioException
        || ex instanceof BadInput
        || ex instanceof java.io.UncheckedIOException
        || ex instanceof io.github.clonepath.kernel.syscall.BudgetExceeded
        || ex instanceof IllegalArgumentException && !(ex instanceof NumberFormatException);
  }

  /** The one line a defect prints: what broke, and how to report it. */
  static String internalError(Throwable ex, boolean debug) {
    String what =
        ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
    return "clonepath: internal error ("
        + what.lines().findFirst().orElse(what)
        + "); please report it with the command line that caused it"
        + (debug ? "" : " (--debug prints the Java stack trace)");
  }

  /**
   * The one line an error prints: a scenario's mistake as compilers print one, {@code FILE:LINE:
   * what is wrong}; anything else after the program's name.
   */
  private static String errorLine(Exception ex) {
    if (ex instanceof ScenarioException se && se.source() != null) {
      return se.getMessage();
    }
    return "clonepath: " + ex.getMessage();
  }

  /** 2 for bad usage or input (a scenario's mistake included), 1 for what the model did. */
  private static int exitCode(Throwable ex) {
    boolean badInput =
        ex instanceof BadInput || ex instanceof ScenarioException se && se.isBadInput();
    return badInput ? EXIT_USAGE : EXIT_MODEL_ERROR;
  }

  /** What to say after picocli's message when a walk names its release the old way. */
  private static String hint(CommandLine.ParameterException ex) {
    if (ex.getCommandLine().getCommandName().equals("walk")
        && ex instanceof CommandLine.UnmatchedArgumentException) {
      return "; the release a walk follows is now given with --release, such as --release go1.19";
    }
    return "";
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /**
   * Input a user gave that cannot be read or parsed (a missing file, a directory, a trace with no
   * strace lines): exit status 2, one line naming the input.
   */
  public static final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * The error.
     *
     * @param message the line to print, starting with the input's name
     */
    public BadInput(String message) {
      super(message);
    }
  }

  /**
   * Creates the commands, handing standard input to each one that has a constructor taking an
   * {@link InputStream}.
   */
  private static final class StdinFactory implements CommandLine.IFactory {
    private final InputStream in;

    StdinFactory(InputStream in) {
      this.in = in;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      Constructor<K> withInput;
      try {
        withInput = cls.getDeclaredConstructor(InputStream.class);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
      withInput.setAccessible(true);
      return withInput.newInstance(in);
    }
  }
}
