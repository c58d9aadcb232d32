package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.StructInfo;
import io.github.clonepath.kernel.syscall.TaskInfo;
import io.github.clonepath.kernel.syscall.UserContext;
import io.github.clonepath.kernel.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The counters the task table shows are the kernel's own, whatever their values: small ones come
 * from maps made once for every machine, larger ones from the machine's cache, and both must read
 * what the structures hold.
 */
class InspectCountsTest extends ModelFixture {
  private static final long THREAD =
      CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;

  /** How many threads the process makes: enough to carry every count past the small maps. */
  private static final int THREADS = 12;

  private final List<String> checked = new ArrayList<>();
  private int mostUsers;

  @Test
  void everyCountInTheTaskTableIsTheStructuresOwnAsThreadsComeAndGo() {
    int pid = spawn((c, r) -> create(c, 0));
    machine.run();
    assertTrue(pid > 0);
    // after each clone and each exit: 1..13 holders going up, then down again
    assertTrue(checked.size() >= 2 * THREADS, "checked " + checked.size() + " times");
    assertEquals(List.of(), checked.stream().filter(s -> !s.isEmpty()).toList());
    assertEquals(THREADS + 1, mostUsers, "the most tasks that shared the mm at once");
  }

  /** Clones the n-th thread (each spins a while, then exits), checking the table after each. */
  private void create(UserContext c, int n) {
    check();
    if (n == THREADS) {
      c.compute(1_000_000_000L, (c2, r) -> done(c2));
      return;
    }
    c.clone(
        THREAD,
        0,
        0,
        0,
        0,
        (tc, x) ->
            tc.compute(
                1_000L * (THREADS - n),
                (t2, y) -> {
                  check();
                  t2.exit(0);
                }));
    create(c, n + 1);
  }

  private void done(UserContext c) {
    check();
    c.exitGroup(0);
  }

  /** Compares every structure of every live task with the kernel's fields; "" when they agree. */
  private void check() {
    StringBuilder bad = new StringBuilder();
    for (TaskInfo t : machine.inspect().tasks()) {
      Task k = machine.kernel().task(t.tid());
      for (StructInfo s : t.structures()) {
        Map<String, Integer> want =
            switch (s.kind()) {
              case MM ->
                  k.mm == null
                      ? Map.of()
                      : Map.of("mm_users", k.mm.mmUsers(), "mm_count", k.mm.mmCount());
              case FS -> k.fs == null ? Map.of() : Map.of("users", k.fs.users);
              case FILES -> k.files == null ? Map.of() : Map.of("count", k.files.count);
              case SIGHAND -> k.sighand == null ? Map.of() : Map.of("count", k.sighand.count);
              case SIGNAL ->
                  Map.of(
                      "sigcnt",
                      k.signal.sigcnt,
                      "live",
                      k.signal.live,
                      "nr_threads",
                      k.signal.nrThreads);
            };
        if (s.kind() == StructInfo.Kind.MM && k.mm != null) {
          mostUsers = Math.max(mostUsers, k.mm.mmUsers());
        }
        if (!want.equals(s.counts())) {
          bad.append(t.tid()).append(' ').append(s).append(" != ").append(want).append("; ");
        }
      }
    }
    checked.add(bad.toString());
  }
}
