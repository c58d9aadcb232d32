package io.github.clonepath.lab.quiz;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.lab.scenario.GoRunner;
import io.github.clonepath.lab.scenario.Scenarios;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code quiz --topic go-threads}: N goroutines block in system calls at GOMAXPROCS=P (the {@code
 * go/b_syscalls} program with seeded N and P); how many OS threads has the process made by the end?
 * The answer is the model's run of that program on Go 1.19: the main thread and one per {@code
 * clone}.
 */
public final class GoThreadsQuiz {
  private GoThreadsQuiz() {}

  /**
   * The exercise for a seed: the same seed always asks the same question, so a learner can repeat
   * it and a test can pin it.
   *
   * @param seed picks the program and its sizes
   * @return the question, the model's answer and its proof
   */
  public static Exercise make(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 1 + r.nextInt(8);
    int p = 1 + r.nextInt(4);
    GoRunner.Outcome o =
        new GoRunner(
                Scenarios.load(
                    "go/b_syscalls",
                    Map.of("n", Integer.toString(n), "gomaxprocs", Integer.toString(p))))
            .run(null, false);
    StringBuilder proof = new StringBuilder("the clone calls in the model's run:\n");
    int clones = 0;
    for (SyscallEvent s : o.machine().log().syscalls()) {
      if (s.name().equals("clone") && s.result() > 0) {
        clones++;
        proof.append("  ").append(s.tid()).append("  ").append(s.text()).append('\n');
      }
    }
    proof
        .append("threads: the main thread + ")
        .append(clones)
        .append(" clones = ")
        .append(clones + 1)
        .append('\n');
    String question =
        "A Go 1.19 program at GOMAXPROCS="
            + p
            + " starts "
            + n
            + " goroutine"
            + (n == 1 ? "" : "s")
            + " that each block in read(2) on a pipe for 301 ms, while main sleeps 300 ms,\n"
            + "then releases them (go/b_syscalls). How many OS threads has the process made by the"
            + " end, the main thread included? (type a number)";
    return new Exercise(question, Integer.toString(clones + 1), proof.toString());
  }
}
