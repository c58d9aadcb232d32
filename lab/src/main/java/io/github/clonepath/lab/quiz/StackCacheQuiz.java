package io.github.clonepath.lab.quiz;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.kernel.syscall.Machine;
import io.github.clonepath.lab.scenario.GlibcRunner;
import io.github.clonepath.lab.scenario.ScenarioParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code quiz --topic stack-cache}: a seeded sequence of creates and joins with a seeded stack size
 * per thread and a seeded cache limit; which {@code pthread_create} calls map a new stack instead
 * of reusing a cached one? The answer is read from the main thread's system calls in the model's
 * run of the same program on glibc 2.36: a create that missed the cache made an {@code mmap(...,
 * MAP_STACK)} before its {@code clone3}.
 */
public final class StackCacheQuiz {
  private static final long MIB = 1024 * 1024;
  private static final long[] SIZES = {8 * MIB, 2 * MIB, 1 * MIB};
  private static final long[] LIMITS = {0, 4 * MIB, 16 * MIB, 40 * MIB};

  private StackCacheQuiz() {}

  /**
   * The exercise for a seed: the same seed always asks the same question, so a learner can repeat
   * it and a test can pin it.
   *
   * @param seed picks the program and its sizes
   * @return the question, the model's answer and its proof
   */
  public static Exercise make(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long limit = LIMITS[r.nextInt(LIMITS.length)];
    int creates = 3 + r.nextInt(3);
    List<String> ops = new ArrayList<>();
    Set<Integer> live = new LinkedHashSet<>();
    long[] size = new long[creates + 1];
    int made = 0;
    while (made < creates || !live.isEmpty()) {
      boolean create = made < creates && (live.isEmpty() || r.nextInt(3) > 0);
      if (create) {
        made++;
        size[made] = SIZES[r.nextInt(SIZES.length)];
        live.add(made);
        ops.add("create t" + made);
      } else {
        List<Integer> l = new ArrayList<>(live);
        int t = l.get(r.nextInt(l.size()));
        live.remove(t);
        ops.add("join t" + t);
      }
    }
    StringBuilder scn = new StringBuilder("scenario quiz/stack-cache\n");
    scn.append("set glibc.pthread.stack_cache_size ").append(limit).append('\n');
    scn.append("program main\n");
    for (int t = 1; t <= creates; t++) {
      scn.append("  attr a").append(t).append(" stacksize=").append(size[t]).append('\n');
    }
    StringBuilder listing = new StringBuilder();
    for (String op : ops) {
      int t = Integer.parseInt(op.substring(op.lastIndexOf(" t") + 2));
      if (op.startsWith("create")) {
        scn.append("  create t").append(t).append(" worker attr=a").append(t).append('\n');
        listing.append(
            String.format("  pthread_create(&t%d, stacksize %d MiB)%n", t, size[t] / MIB));
      } else {
        scn.append("  join t").append(t).append('\n');
        listing.append(String.format("  pthread_join(t%d)%n", t));
      }
    }
    scn.append("end\nprogram worker\nend\n");
    Machine m =
        new GlibcRunner(ScenarioParser.parse(scn.toString(), "quiz/stack-cache")).run((Long) null);
    List<SyscallEvent> calls = m.log().syscalls();
    int main = calls.get(0).tid();
    List<Integer> mapped = new ArrayList<>();
    StringBuilder proof = new StringBuilder("the main thread's stack calls in the model's run:\n");
    int create = 0;
    boolean mmapSince = false;
    for (SyscallEvent s : calls) {
      if (s.tid() != main) {
        continue;
      }
      boolean stackMap = s.name().equals("mmap") && s.text().contains("MAP_STACK");
      if (stackMap) {
        mmapSince = true;
      }
      if (stackMap || s.name().equals("munmap") || s.name().equals("clone3")) {
        proof.append("  ").append(s.text()).append('\n');
      }
      if (s.name().equals("clone3")) {
        create++;
        proof
            .append("    ^ create ")
            .append(create)
            .append(mmapSince ? ": mapped\n" : ": cached stack\n");
        if (mmapSince) {
          mapped.add(create);
        }
        mmapSince = false;
      }
    }
    String question =
        "glibc 2.36, stack cache limit (glibc.pthread.stack_cache_size) "
            + limit / MIB
            + " MiB. The main thread runs, in this order (each thread returns at once):\n"
            + listing
            + "Which creates (1 to "
            + creates
            + ", in the order they are made) mmap a new stack? (type their numbers, or none)";
    List<String> words = mapped.stream().map(String::valueOf).toList();
    return new Exercise(question, Exercise.normalize(String.join(" ", words)), proof.toString());
  }
}
