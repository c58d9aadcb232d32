package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_CHILD_CLEARTID;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_FILES;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_FS;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_PARENT_SETTID;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_SIGHAND;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_SYSVSEM;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_THREAD;
import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_VM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Chooser;
import io.github.clonepath.kernel.syscall.Futex;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Strace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Scheduling points: a chooser that always answers 0 changes nothing, and switching the joiner out
 * at its futex entry lets the child's exit clear the tid word first, so the wait returns EAGAIN.
 */
class ChooserTest {
  private static final long SCRATCH = ModelFixture.SCRATCH;
  private static final long TID = SCRATCH + 0x200;

  /** A joiner: clone a thread that exits, load its tid word, wait on it, then exit the group. */
  private static String run(Chooser chooser, List<String> points) {
    KernelMachine m = new KernelMachine(MachineConfig.DEFAULT.withChooser(chooser));
    m.spawn(
        "t",
        (c, r) -> {
          long flags =
              CLONE_VM
                  | CLONE_FS
                  | CLONE_FILES
                  | CLONE_SIGHAND
                  | CLONE_THREAD
                  | CLONE_PARENT_SETTID
                  | CLONE_CHILD_CLEARTID;
          c.clone(flags, SCRATCH + 0x800, TID, TID, 0, (cc, x) -> cc.exit(0));
          int tid = c.load32(TID);
          c.futex(TID, Futex.FUTEX_WAIT, tid, 0, 0, 0, (cc, res) -> cc.exitGroup(0));
        });
    m.run();
    return Strace.lines(m.log().syscalls());
  }

  @Test
  @DisplayName("a chooser answering 0 everywhere gives the bytes of plain FIFO dispatch")
  void zeroIsFifo() {
    List<String> points = new ArrayList<>();
    String fifo = run(null, points);
    String zero =
        run(
            (p, cur, q) -> {
              points.add(p + " " + cur);
              return 0;
            },
            points);
    assertEquals(fifo, zero);
    assertTrue(points.contains("PREEMPT 3"), points.toString());
  }

  @Test
  @DisplayName("switching out at the futex entry lets the exit land first: EAGAIN")
  void preemptAtFutexEntry() {
    int[] n = {0};
    String out =
        run(
            (p, cur, q) -> {
              // the first PREEMPT with the child queued is the futex entry of the joiner (its
              // clone is the first call, made with nothing else runnable)
              return p == Chooser.Point.PREEMPT && cur == 3 && n[0]++ == 0 ? 1 : 0;
            },
            List.of());
    assertTrue(
        out.contains("futex(" + Strace.addr(TID) + ", FUTEX_WAIT, 4, NULL) = -1 EAGAIN"), out);
    assertTrue(run(null, List.of()).contains("FUTEX_WAIT, 4, NULL) = 0"));
  }

  /** A task that asks one user-space race and records its answer. */
  private static boolean race(Chooser chooser) {
    KernelMachine m = new KernelMachine(MachineConfig.DEFAULT.withChooser(chooser));
    boolean[] other = new boolean[1];
    m.spawn(
        "t",
        (c, r) -> {
          other[0] = c.racePoint();
          c.exitGroup(0);
        });
    m.run();
    return other[0];
  }

  @Test
  @DisplayName("a user-space race is the chooser's USER point, and without a chooser its default")
  void userPoint() {
    List<String> points = new ArrayList<>();
    assertEquals(false, race(null));
    assertEquals(
        true,
        race(
            (p, cur, q) -> {
              points.add(p + " " + cur);
              return p == Chooser.Point.USER ? 1 : 0;
            }));
    assertEquals(List.of("USER 3"), points);
    assertEquals(false, race((p, cur, q) -> 0));
  }

  private static final long WORD = SCRATCH + 0x300;
  private static final long MARK = SCRATCH + 0x304;

  /**
   * A waker: clone a thread that waits on a word and then reads a mark, yield so it waits, wake it
   * (a direct futex wake), store the mark, wake the word again (nobody waits now), then yield and
   * exit the group. The waker notes its own steps in {@code log}, beside the chooser's points.
   *
   * @return the mark the woken thread read
   */
  private static int wakeThenStore(Chooser chooser, List<String> log) {
    KernelMachine m = new KernelMachine(MachineConfig.DEFAULT.withChooser(chooser));
    int[] seen = {-1};
    int wakePrivate = Futex.FUTEX_WAKE | Futex.FUTEX_PRIVATE_FLAG;
    m.spawn(
        "t",
        (c, r) -> {
          long flags =
              CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
          c.clone(
              flags,
              SCRATCH + 0x800,
              0,
              0,
              0,
              (cc, x) ->
                  cc.futex(
                      WORD,
                      Futex.FUTEX_WAIT | Futex.FUTEX_PRIVATE_FLAG,
                      0,
                      0,
                      0,
                      0,
                      (c2, w) -> {
                        seen[0] = c2.load32(MARK);
                        c2.exit(0);
                      }));
          c.schedYield(
              (c1, y) -> {
                log.add("wake");
                c1.futexWake(WORD, wakePrivate, 1, 0, 0);
                log.add("store");
                c1.store32(MARK, 1);
                log.add("wake nobody");
                c1.futexWake(WORD, wakePrivate, 1, 0, 0);
                log.add("yield");
                c1.schedYield((c3, z) -> c3.exitGroup(0));
              });
        });
    m.run();
    return seen[0];
  }

  @Test
  @DisplayName(
      "a futex wake that woke a task is a PREEMPT point at its return: the woken task can run"
          + " before the waker's next store")
  void wakeupPreemptionAtAWakesReturn() {
    assertEquals(1, wakeThenStore(null, new ArrayList<>()), "FIFO: the waker stores first");
    assertEquals(1, wakeThenStore((p, cur, q) -> 0, new ArrayList<>()), "answer 0 is FIFO");
    List<String> log = new ArrayList<>();
    int seen =
        wakeThenStore(
            (p, cur, q) -> {
              boolean atReturn = !log.isEmpty() && log.get(log.size() - 1).equals("wake");
              log.add(p + " " + cur);
              return atReturn ? 1 : 0;
            },
            log);
    assertEquals(0, seen, "switched out at the wake's return, before its store: " + log);
  }

  @Test
  @DisplayName("a wake that woke nobody, and a wake's entry with nothing queued, are no points")
  void aWakeOfNobodyIsNoPoint() {
    List<String> log = new ArrayList<>();
    log.add("start");
    wakeThenStore(
        (p, cur, q) -> {
          log.add(p + " " + cur);
          return 0;
        },
        log);
    // the first wake's entry has nothing queued (the child waits); its return has the child
    // queued; the second wake woke nobody, so only its entry (child queued) is a point
    String steps = String.join(", ", log);
    assertTrue(
        steps.contains("wake, PREEMPT 3, store, wake nobody, PREEMPT 3, yield, PREEMPT 3"), steps);
  }
}
