package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.kernel.syscall.Signals;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The strace text of the model's calls has the shapes of the reference captures (glibc 2.36's
 * pthread_create clone3, Go 1.19's clone, fork's clone, error results).
 */
class TraceTextTest extends ModelFixture {
  @Test
  @DisplayName(
      "glibc's thread clone3 prints flags, pointers, exit_signal, stack, size, tls and the parent_tid result")
  void glibcClone3Line() {
    long a = SCRATCH;
    long tid = SCRATCH + 0x200;
    int[] child = {0};
    int pid =
        spawn(
            (c, r) -> {
              long flags =
                  CLONE_VM
                      | CLONE_FS
                      | CLONE_FILES
                      | CLONE_SIGHAND
                      | CLONE_THREAD
                      | CLONE_SYSVSEM
                      | CLONE_SETTLS
                      | CLONE_PARENT_SETTID
                      | CLONE_CHILD_CLEARTID;
              cloneArgs(c, a, flags, 0, tid, tid, 0, 0x7f0000000000L, 0x7fff80, SCRATCH + 0x300);
              child[0] = (int) c.clone3(a, 88, (cc, x) -> cc.exit(0));
              c.exitGroup(0);
            });
    machine.run();
    String expected =
        String.format(
            "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID,"
                + " child_tid=0x%x, parent_tid=0x%x, exit_signal=0, stack=0x%x, stack_size=0x7fff80,"
                + " tls=0x%x} => {parent_tid=[%d]}, 88) = %d",
            tid, tid, 0x7f0000000000L, SCRATCH + 0x300, child[0], child[0]);
    assertTrue(linesOf(pid).contains(expected + "\n"), linesOf(pid));
  }

  @Test
  @DisplayName("fork's clone and Go's clone print as strace does; exit prints '= ?'")
  void legacyCloneLines() {
    int[] kids = new int[2];
    int pid =
        spawn(
            (c, r) -> {
              kids[0] =
                  (int)
                      c.clone(
                          CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | Signals.SIGCHLD,
                          0,
                          0,
                          SCRATCH,
                          0,
                          (cc, x) -> cc.exit(0));
              kids[1] =
                  (int)
                      c.clone(
                          CLONE_VM
                              | CLONE_FS
                              | CLONE_FILES
                              | CLONE_SIGHAND
                              | CLONE_THREAD
                              | CLONE_SYSVSEM
                              | CLONE_SETTLS,
                          0xc00004c000L,
                          0,
                          0,
                          0xc00003c090L,
                          (cc, x) -> cc.exit(0));
              c.exitGroup(0);
            });
    machine.run();
    String lines = linesOf(pid);
    assertTrue(
        lines.contains(
            "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x"
                + Long.toHexString(SCRATCH)
                + ") = "
                + kids[0]),
        lines);
    assertTrue(
        lines.contains(
            "clone(child_stack=0xc00004c000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS, tls=0xc00003c090) = "
                + kids[1]),
        lines);
    assertTrue(lines.endsWith("exit_group(0) = ?\n"), lines);
    assertEquals("exit(0) = ?\n", linesOf(kids[0]));
  }

  @Test
  @DisplayName("a failing call prints '-1 ENAME (text)'; sigsets print as strace does")
  void errorAndSigsetText() {
    int pid =
        spawn(
            (c, r) -> {
              c.clone3(0, 88, (cc, x) -> cc.exit(0));
              c.store64(SCRATCH, -1L);
              c.rtSigprocmask(Signals.SIG_BLOCK, SCRATCH, SCRATCH + 8, 8);
              c.setRobustList(SCRATCH, 23);
              c.exitGroup(0);
            });
    machine.run();
    String lines = linesOf(pid);
    assertTrue(lines.contains("clone3(NULL, 88) = -1 EFAULT (Bad address)\n"), lines);
    assertTrue(lines.contains("rt_sigprocmask(SIG_BLOCK, ~[], [], 8) = 0\n"), lines);
    assertTrue(lines.contains(", 23) = -1 EINVAL (Invalid argument)\n"), lines);
  }
}
