package io.github.clonepath.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code run --format calls} on a glibc scenario prints the modeled calls around its system calls.
 */
class RunCallsTest {
  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertEquals(0, rc, err.toString());
    return out.toString();
  }

  @Test
  void s1SeqShowsEachPthreadCreateWithItsClone3NestedInside() {
    String calls = run("run", "glibc/s1_seq", "--format", "calls");
    List<String> lines = calls.lines().toList();
    // s1_seq creates three threads, one at a time; glibc 2.36's pthread_create is the versioned
    // __pthread_create_2_1, and its clone3 is made deeper in the tree, by create_thread. A line is
    // the tid in 5 columns, a space, then two spaces per level.
    int creates = 0;
    for (int i = 0; i < lines.size(); i++) {
      String rest = lines.get(i).substring(6);
      if (!rest.strip().matches("nptl/pthread_create\\.c:\\d+ __pthread_create_2_1 .*")) {
        continue;
      }
      creates++;
      String tid = lines.get(i).substring(0, 5);
      int depth = rest.length() - rest.stripLeading().length();
      boolean nestedClone3 = false;
      for (int j = i + 1; j < lines.size() && !nestedClone3; j++) {
        String r = lines.get(j).substring(6);
        nestedClone3 =
            lines.get(j).startsWith(tid)
                && r.stripLeading().startsWith("clone3(")
                && r.length() - r.stripLeading().length() > depth;
      }
      assertTrue(nestedClone3, "a clone3 under " + lines.get(i));
    }
    assertEquals(3, creates, calls);
    // every system call of the plain trace is in the tree too
    for (String s : run("run", "glibc/s1_seq").lines().toList()) {
      String call = s.substring(s.indexOf("  ") + 2).strip();
      assertTrue(calls.contains(call), call);
    }
  }
}
