package io.github.clonepath.cli.quiz;

import io.github.clonepath.lab.quiz.CloneFlagsQuiz;
import io.github.clonepath.lab.quiz.Exercise;
import io.github.clonepath.lab.quiz.GoThreadsQuiz;
import io.github.clonepath.lab.quiz.StackCacheQuiz;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clonepath quiz}: predict, then check. A seeded exercise whose answer comes from running
 * the model; it asks on standard input and grades the answer, or with {@code --answers} (OSTEP's
 * {@code -c}) prints the question with its solution and the trace that proves it. The same seed
 * gives the same exercise.
 */
@Command(
    name = "quiz",
    description = "Predict, then check: a seeded exercise graded by running the model.",
    footer = {
      "",
      "Exit status: 0 for a right answer (or with --answers), 3 for a wrong one, 2 for bad usage."
    })
public final class QuizCommand implements Callable<Integer> {
  /** The values of {@code --topic}. */
  static final class Topics extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Topics() {
      super(java.util.List.of("clone-flags", "stack-cache", "go-threads"));
    }
  }

  /** Exit status for a wrong answer. */
  public static final int WRONG = 3;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = "clone-flags",
      completionCandidates = Topics.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Which exercise (default: one picked at random and printed).")
  private Long seed;

  @Option(names = "--answers", description = "Print the solution instead of asking.")
  private boolean answers;

  private final BufferedReader in;

  /** The command reading answers from standard input. */
  public QuizCommand() {
    this(System.in);
  }

  /**
   * The command reading answers from a stream.
   *
   * @param in where answers come from
   */
  public QuizCommand(java.io.InputStream in) {
    this(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
  }

  /**
   * The command reading answers from a reader.
   *
   * @param in where answers come from
   */
  public QuizCommand(BufferedReader in) {
    this.in = in;
  }

  /**
   * The exercise a topic and seed give.
   *
   * @param topic clone-flags, stack-cache or go-threads
   * @param seed the seed
   * @return the exercise
   * @throws IllegalArgumentException for another topic
   */
  static Exercise exercise(String topic, long seed) {
    return switch (topic) {
      case "clone-flags" -> CloneFlagsQuiz.make(seed);
      case "stack-cache" -> StackCacheQuiz.make(seed);
      case "go-threads" -> GoThreadsQuiz.make(seed);
      default ->
          throw new IllegalArgumentException(
              "--topic takes clone-flags, stack-cache or go-threads, not '" + topic + "'");
    };
  }

  @Override
  public Integer call() {
    long s = seed != null ? seed : new java.util.SplittableRandom().nextLong(1, 1000);
    Exercise e;
    try {
      e = exercise(topic, s);
    } catch (IllegalArgumentException bad) {
      throw new CommandLine.ParameterException(spec.commandLine(), bad.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("quiz %s, seed %d (--seed %d asks it again)%n%n%s%n", topic, s, s, e.question());
    if (answers) {
      out.printf("%nanswer: %s%n%nproof (the model's run):%n%s", e.answer(), e.proof());
      out.flush();
      return 0;
    }
    out.print("> ");
    out.flush();
    String typed;
    try {
      typed = in.readLine();
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    }
    if (typed == null) {
      typed = "";
    }
    boolean right = e.check(typed);
    out.printf(
        "%n%s: the model says %s%n%nproof (the model's run):%n%s",
        right ? "right" : "not quite (you said " + Exercise.normalize(typed) + ")",
        e.answer(),
        e.proof());
    out.flush();
    return right ? 0 : WRONG;
  }
}
