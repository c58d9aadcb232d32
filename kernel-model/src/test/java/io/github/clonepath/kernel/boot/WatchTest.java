package io.github.clonepath.kernel.boot;

import static io.github.clonepath.kernel.syscall.CloneFlags.CLONE_FILES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.kernel.syscall.Signals;
import io.github.clonepath.kernel.syscall.StructInfo;
import io.github.clonepath.kernel.syscall.Wait;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code Machine.watch}: a structure's counters stay readable after every task let go of it, so a
 * report of what an exit released reads the model instead of assuming 0.
 */
class WatchTest {
  @Test
  void aForkedChildsCopiesReadZeroOnceItIsReapedAndASharedTableKeepsItsParent() {
    KernelMachine m = new KernelMachine(MachineConfig.DEFAULT);
    Map<StructInfo.Kind, Supplier<StructInfo>> child = new EnumMap<>(StructInfo.Kind.class);
    Map<StructInfo.Kind, StructInfo> atStart = new EnumMap<>(StructInfo.Kind.class);
    int[] parent = new int[1];
    parent[0] =
        m.spawn(
            "p",
            (c, r) -> {
              // a fork that shares only the descriptor table
              long pid =
                  c.clone(
                      CLONE_FILES | Signals.SIGCHLD,
                      0,
                      0,
                      0,
                      0,
                      (cc, x) -> {
                        int tid =
                            m.inspect().tasks().stream()
                                .filter(t -> t.comm().equals("p") && t.tid() != parent[0])
                                .findFirst()
                                .orElseThrow()
                                .tid();
                        for (StructInfo.Kind k : StructInfo.Kind.values()) {
                          child.put(k, m.watch(tid, k));
                          atStart.put(k, child.get(k).get());
                        }
                        cc.exit(0);
                      });
              c.wait4((int) pid, 0, Wait.__WALL, 0, (c2, x) -> c2.exitGroup(0));
            });
    m.run();
    // the child's own copies: exit_mm, exit_fs, __cleanup_sighand and __exit_signal each drop the
    // child's one reference, so each copy's counters end at 0
    assertEquals(1, atStart.get(StructInfo.Kind.FS).counts().get("users"));
    assertEquals(0, child.get(StructInfo.Kind.FS).get().counts().get("users"));
    assertEquals(0, child.get(StructInfo.Kind.SIGHAND).get().counts().get("count"));
    assertEquals(0, child.get(StructInfo.Kind.SIGNAL).get().counts().get("sigcnt"));
    assertEquals(0, child.get(StructInfo.Kind.MM).get().counts().get("mm_users"));
    // the shared table went 2 → 1 when the child exited and 1 → 0 when the parent did
    assertEquals(2, atStart.get(StructInfo.Kind.FILES).counts().get("count"));
    assertEquals(0, child.get(StructInfo.Kind.FILES).get().counts().get("count"));
    assertNotEquals(0, atStart.get(StructInfo.Kind.FS).id());
    assertThrows(IllegalArgumentException.class, () -> m.watch(99999, StructInfo.Kind.FS));
  }
}
