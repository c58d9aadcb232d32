package io.github.clonepath.lab.explore;

import static io.github.clonepath.lab.explore.ExploreSetTest.explore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.lab.explore.ExploreSetTest.Ran;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code explore --jobs N} prints the same outcomes for any N, and refuses N below 1. */
class ExploreJobsTest {
  @Test
  @DisplayName("DFS on one worker and on two prints the same outcomes, counts and tokens")
  void sameOutputForAnyJobs() {
    String[] dfs = {"glibc/s1_seq_norseq", "--strategy", "dfs", "--preemptions", "2"};
    Ran one = explore(concat(dfs, "--jobs", "1"));
    Ran two = explore(concat(dfs, "--jobs", "2"));
    assertEquals(0, one.rc(), one.err());
    assertEquals(one.out(), two.out());
    assertTrue(one.out().contains("schedule 13.1"), one.out());
  }

  @Test
  @DisplayName("--jobs 0 is a usage error")
  void zeroJobsIsRefused() {
    Ran r = explore("glibc/s1_seq", "--jobs", "0");
    assertEquals(2, r.rc(), r.out() + r.err());
    assertTrue(r.err().contains("--jobs must be >= 1"), r.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
