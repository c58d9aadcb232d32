package io.github.clonepath.cli.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.cli.Main;
import io.github.clonepath.lab.quiz.Exercise;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code clonepath quiz}: seeded, graded by the model's run, answers checked against the rules. */
class QuizTest {

  @ParameterizedTest
  @ValueSource(strings = {"clone-flags", "stack-cache", "go-threads"})
  void theSameSeedGivesTheSameExerciseAndSeedsVary(String topic) {
    Exercise a = QuizCommand.exercise(topic, 7);
    Exercise b = QuizCommand.exercise(topic, 7);
    assertEquals(a, b);
    Set<String> questions = new HashSet<>();
    for (long s = 1; s <= 8; s++) {
      questions.add(QuizCommand.exercise(topic, s).question());
    }
    assertTrue(questions.size() > 1, topic + ": every seed asked the same");
  }

  /**
   * The sharing rule of copy_process, written out independently of the model: each flag shares one
   * structure (CLONE_THREAD the signal struct).
   */
  @Test
  void cloneFlagAnswersFollowTheKernelsSharingRule() {
    for (long s = 1; s <= 20; s++) {
      Exercise e = QuizCommand.exercise("clone-flags", s);
      String flags = e.question().substring(e.question().indexOf("flags=") + 6);
      flags = flags.substring(0, flags.indexOf(')'));
      Set<String> expected = new TreeSet<>();
      for (String f : flags.split("\\|")) {
        switch (f) {
          case "CLONE_VM" -> expected.add("mm");
          case "CLONE_FS" -> expected.add("fs");
          case "CLONE_FILES" -> expected.add("files");
          case "CLONE_SIGHAND" -> expected.add("sighand");
          case "CLONE_THREAD" -> expected.add("signal");
          default -> {}
        }
      }
      assertEquals(
          Exercise.normalize(String.join(" ", expected)), e.answer(), "seed " + s + ": " + flags);
      // a shared structure is counted by both tasks
      for (String kind : expected) {
        assertTrue(e.proof().matches("(?s).*" + kind + " +shared .*=2.*"), e.proof());
      }
    }
  }

  /**
   * The creates of seed 7, worked out by hand from glibc 2.36's rules: a stack comes from the cache
   * when a cached one is at least as big as asked and at most four times as big (get_cached_stack);
   * a joined thread's stack is queued, and the cache is trimmed to the limit, oldest first
   * (queue_stack, __nptl_free_stacks).
   */
  @Test
  void stackCacheSeed7IsAnsweredAsGlibcsRulesSay() {
    Exercise e = QuizCommand.exercise("stack-cache", 7);
    assertEquals(SEED7_STACK_CACHE, e.answer(), e.question() + "\n" + e.proof());
    // seed 3, 16 MiB: t1 8 MiB and t2 1 MiB map; joining t1 caches its 8 MiB block (within the
    // limit), which t3's 8 MiB create takes
    Exercise three = QuizCommand.exercise("stack-cache", 3);
    assertEquals("1 2", three.answer(), three.question() + "\n" + three.proof());
  }

  /**
   * Seed 7 asks, with a 0 MiB limit: create t1 (2 MiB), join t1, create t2 (2 MiB), create t3 (8
   * MiB), join both. With a limit of 0 every queued stack is freed at once, so the cache is always
   * empty and every create maps.
   */
  private static final String SEED7_STACK_CACHE = "1 2 3";

  @Test
  void goThreadsCountTheMainThreadAndEveryClone() {
    Exercise e = QuizCommand.exercise("go-threads", 3);
    long clones = e.proof().lines().filter(l -> l.contains("clone(")).count();
    assertEquals(Long.toString(clones + 1), e.answer());
    // sysmon's thread is always made, so a Go program has at least two threads
    assertTrue(clones >= 1);
  }

  private static int run(String input, StringWriter out, String... args) {
    return new CommandLine(new QuizCommand(new BufferedReader(new StringReader(input))))
        .setOut(new PrintWriter(out, true))
        .execute(args);
  }

  @Test
  void answersPrintsTheQuestionAndItsCheckedAnswer() {
    StringWriter out = new StringWriter();
    assertEquals(
        0,
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true),
            "quiz",
            "--topic",
            "stack-cache",
            "--seed",
            "7",
            "--answers"));
    String text = out.toString();
    Exercise e = QuizCommand.exercise("stack-cache", 7);
    assertTrue(text.contains(e.question()), text);
    assertTrue(text.contains("answer: " + e.answer()), text);
    assertTrue(text.contains("clone3("), text);
  }

  @Test
  void anAnswerOnStandardInputIsGraded() {
    Exercise e = QuizCommand.exercise("clone-flags", 5);
    StringWriter right = new StringWriter();
    assertEquals(
        0, run(e.answer().toUpperCase() + "\n", right, "--topic", "clone-flags", "--seed", "5"));
    assertTrue(right.toString().contains("right:"), right.toString());
    StringWriter wrong = new StringWriter();
    String bad = e.answer().equals("none") ? "mm" : "none";
    assertEquals(
        QuizCommand.WRONG, run(bad + "\n", wrong, "--topic", "clone-flags", "--seed", "5"));
    assertTrue(wrong.toString().contains("not quite"), wrong.toString());
    assertNotEquals(right.toString(), wrong.toString());
  }

  @Test
  void anUnknownTopicIsAUsageError() {
    StringWriter out = new StringWriter();
    assertEquals(
        2,
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true),
            "quiz",
            "--topic",
            "nope"));
  }
}
