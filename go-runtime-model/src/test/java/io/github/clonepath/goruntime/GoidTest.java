package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Goroutine ids as programs see them ({@code %goid}, {@code %children}): the main goroutine is 1
 * and every P hands out ids from its own batch of _GoidCacheBatch = 16 taken from sched.goidgen
 * (newproc1, go1.19), which is what f_goid_batches.out shows.
 */
class GoidTest {
  private static final long MS = 1_000_000L;
  private static final int BATCH = 16;
  private static final Pattern PARENT =
      Pattern.compile("^parent goid=(\\d+) -> children goids=\\[(\\d+) (\\d+) (\\d+)\\]$");

  private static String resource(String name) throws IOException {
    try (InputStream in = GoidTest.class.getResourceAsStream("/reference/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String stdout(GoOptions opts, GoProgram main) {
    GoResult r = new Harness(opts, main).run().go.result();
    assertEquals(0, r.exitStatus(), r.stderr());
    return r.stdout();
  }

  /** f_goid_batches/main.go: 4 parents spin 50 ms, start 3 children, main prints sorted lines. */
  static GoProgram goidBatches() {
    GoProgram child = GoProgram.empty().send(1);
    GoProgram parent =
        GoProgram.empty()
            .compute(50 * MS)
            .go("main.main.func1.1", child, 3)
            .recv(1)
            .recv(1)
            .recv(1)
            .collect("parent goid=%goid -> children goids=%children")
            .send(0);
    return GoProgram.empty()
        .print("main goid=%goid GOMAXPROCS=4\n")
        .go("main.main.func1", parent, 4)
        .recv(0)
        .recv(0)
        .recv(0)
        .recv(0)
        .printSorted();
  }

  /**
   * What the rule makes of one run's output: main is goid 1; the 4 parent lines are sorted; the 4
   * parents, made in one loop on main's P, have consecutive ids from one batch; each parent's 3
   * children have consecutive ids from one batch, the batch of the P it ran on; and as the parents
   * ran on the 4 different Ps, their children's batches are the first four, [1,16] .. [49,64].
   */
  static void checkBatches(List<String> lines) {
    assertEquals("main goid=1 GOMAXPROCS=4", lines.get(0));
    List<String> parents = lines.subList(1, lines.size());
    assertEquals(4, parents.size(), lines.toString());
    List<String> sorted = new ArrayList<>(parents);
    sorted.sort(null);
    assertEquals(sorted, parents, "sort.Strings order");
    Set<Long> parentIds = new TreeSet<>();
    Set<Long> childBlocks = new TreeSet<>();
    for (String l : parents) {
      Matcher m = PARENT.matcher(l);
      assertTrue(m.matches(), l);
      parentIds.add(Long.parseLong(m.group(1)));
      long c0 = Long.parseLong(m.group(2));
      assertEquals(c0 + 1, Long.parseLong(m.group(3)), l);
      assertEquals(c0 + 2, Long.parseLong(m.group(4)), l);
      assertEquals((c0 - 1) / BATCH, (c0 + 1) / BATCH, "one batch: " + l);
      childBlocks.add((c0 - 1) / BATCH);
    }
    long p0 = parentIds.iterator().next();
    assertEquals(Set.of(p0, p0 + 1, p0 + 2, p0 + 3), parentIds, lines.toString());
    assertEquals((p0 - 1) / BATCH, (p0 + 2) / BATCH, "parents from one batch: " + parentIds);
    assertEquals(Set.of(0L, 1L, 2L, 3L), childBlocks, "one batch per P: " + lines);
  }

  @Test
  @DisplayName("the rule holds for each of the three real runs of f_goid_batches")
  void theRealRunsFollowThePerPBatchRule() throws IOException {
    List<List<String>> runs = new ArrayList<>();
    for (String l : resource("f_goid_batches.out").split("\n")) {
      if (l.startsWith("## run")) {
        runs.add(new ArrayList<>());
      } else if (!l.isBlank()) {
        runs.get(runs.size() - 1).add(l);
      }
    }
    assertEquals(3, runs.size());
    for (List<String> run : runs) {
      checkBatches(run);
    }
  }

  @Test
  @DisplayName("the model's f_goid_batches: main is goid 1, children come in 16-wide per-P blocks")
  void fourParentsOnFourPsGetChildrenFromFourBatches() {
    String out = stdout(GoOptions.DEFAULT.withGomaxprocs(4), goidBatches());
    checkBatches(List.of(out.split("\n")));
  }

  @Test
  @DisplayName("a goroutine's %children are its go statements' Gs in creation order")
  void childrenAreTheIdsOfTheGoStatementsInOrder() {
    GoProgram main =
        GoProgram.empty()
            .print("none=%children\n")
            .go("main.a", GoProgram.empty(), 2)
            .go("main.b", GoProgram.empty(), 1)
            .print("main=%goid children=%children\n");
    // one P, so one batch: the ids run on from those of runtime.main's goroutines, which hold
    // 2, 3 and 4 in the captures (forcegchelper, bgsweep, bgscavenge: G2-G4 of b_syscalls)
    String out = stdout(GoOptions.DEFAULT.withGomaxprocs(1), main);
    Matcher m =
        Pattern.compile("none=\\[\\]\nmain=1 children=\\[(\\d+) (\\d+) (\\d+)\\]\n").matcher(out);
    assertTrue(m.matches(), out);
    long first = Long.parseLong(m.group(1));
    assertTrue(first >= 5, out);
    assertEquals(first + 1, Long.parseLong(m.group(2)), out);
    assertEquals(first + 2, Long.parseLong(m.group(3)), out);
  }

  @Test
  @DisplayName("printSorted prints the collected lines in byte order, one line each")
  void collectedLinesPrintInSortStringsOrder() {
    GoProgram main =
        GoProgram.empty().collect("b").collect("B").collect("a 10").collect("a 9").printSorted();
    assertEquals("B\na 10\na 9\nb\n", stdout(GoOptions.DEFAULT, main));
  }
}
