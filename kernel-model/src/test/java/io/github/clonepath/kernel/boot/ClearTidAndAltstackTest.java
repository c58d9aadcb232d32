package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.Wait;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two per-task rules of copy_process and exit (docs/notes/kernel.md §3 and §4): CHILD_CLEARTID
 * clears the word only while another user shares the mm ({@code mm_users > 1}), and a child that
 * shares the mm without CLONE_VFORK starts with no sigaltstack.
 */
class ClearTidAndAltstackTest extends ModelFixture {
  private static final long SS = SCRATCH + 0x100;
  private static final long OLD = SCRATCH + 0x200;

  /**
   * A child with CHILD_SETTID|CHILD_CLEARTID on a word of a MAP_SHARED page, so the parent can read
   * what the child's exit left there; returns {child pid, the word after the child exited}.
   */
  private long[] clearTid(long flags) {
    long[] got = new long[2];
    spawn(
        (c, r) -> {
          long shm =
              c.mmap(
                  0,
                  4096,
                  Prot.PROT_READ | Prot.PROT_WRITE,
                  MapFlags.MAP_SHARED | MapFlags.MAP_ANONYMOUS,
                  -1,
                  0);
          c.clone(
              flags | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | Signals.SIGCHLD,
              0,
              0,
              shm,
              0,
              (cc, x) -> cc.exit(0),
              (c1, pid) -> {
                got[0] = pid;
                c1.wait4(
                    (int) pid,
                    0,
                    Wait.__WALL,
                    0,
                    (c2, w) -> {
                      got[1] = c2.load32(shm);
                      c2.exitGroup(0);
                    });
              });
        });
    machine.run();
    return got;
  }

  @Test
  @DisplayName("CHILD_CLEARTID: a fork child (mm_users 1 at exit) leaves its tid in the word")
  void clearTidSkippedForTheOnlyUser() {
    long[] got = clearTid(0);
    assertEquals(got[0], got[1]);
  }

  @Test
  @DisplayName("CHILD_CLEARTID: a CLONE_VM child (mm_users 2 at exit) writes 0")
  void clearTidWhenMmShared() {
    long[] got = clearTid(CLONE_VM);
    assertEquals(0, got[1]);
  }

  /** Sets an alternate stack, clones with flags, returns the child's ss_flags and ss_size. */
  private long[] altstackInChild(long flags) {
    long[] got = {-1, -1};
    spawn(
        (c, r) -> {
          c.store64(SS, SCRATCH + 0x4000);
          c.store32(SS + 8, 0);
          c.store64(SS + 16, 0x4000);
          c.sigaltstack(SS, 0);
          c.clone(
              flags | Signals.SIGCHLD,
              0,
              0,
              0,
              0,
              (cc, x) -> {
                cc.sigaltstack(0, OLD + 0x100);
                got[0] = cc.load32(OLD + 0x108);
                got[1] = cc.load64(OLD + 0x110);
                cc.exit(0);
              },
              (c1, pid) -> c1.wait4((int) pid, 0, Wait.__WALL, 0, (c2, w) -> c2.exitGroup(0)));
        });
    machine.run();
    return got;
  }

  @Test
  @DisplayName("sigaltstack: cleared (SS_DISABLE) in a CLONE_VM child without CLONE_VFORK")
  void altstackClearedForVmChild() {
    long[] got = altstackInChild(CLONE_VM);
    assertEquals(Signals.SS_DISABLE, got[0]);
    assertEquals(0, got[1]);
  }

  @Test
  @DisplayName("sigaltstack: kept by a fork child and by a CLONE_VM|CLONE_VFORK child")
  void altstackKeptOtherwise() {
    assertEquals(0x4000, altstackInChild(0)[1]);
    assertEquals(0, altstackInChild(0)[0]);
  }

  @Test
  @DisplayName("sigaltstack: kept by a CLONE_VM|CLONE_VFORK child")
  void altstackKeptForVfork() {
    long[] got = altstackInChild(CLONE_VM | CLONE_VFORK);
    assertEquals(0, got[0]);
    assertEquals(0x4000, got[1]);
  }
}
