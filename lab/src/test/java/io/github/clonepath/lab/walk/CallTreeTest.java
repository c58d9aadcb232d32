package io.github.clonepath.lab.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the tree is rebuilt from depths alone. */
class CallTreeTest {

  @Test
  void keepsTasksApartAndAttachesLateNotesToTheirOwnCall() {
    CallTree tree = CallTree.of(Events.newmShaped());
    assertEquals(List.of(100, 101), tree.tasks().stream().map(CallTree.TaskCalls::tid).toList());
    CallTree.CallNode newm = tree.tasks().get(0).calls().get(0);
    assertEquals("newm", newm.source().function());
    assertEquals(List.of("nextp=p1", "sigmask=initSigmask", "newm returned"), newm.notes());
    assertEquals(
        List.of("allocm", "newm1"),
        newm.children().stream().map(c -> c.source().function()).toList());
    CallTree.CallNode newosproc = newm.children().get(1).children().get(0);
    assertEquals(
        List.of("rt_sigprocmask", "clone"),
        newosproc.syscalls().stream().map(s -> s.name()).toList());
    assertEquals("mstart", tree.tasks().get(1).calls().get(0).source().function());
  }

  @Test
  void aSyscallAtADepthClosesEveryDeeperCall() {
    CallTree tree =
        CallTree.of(
            new Events()
                .on(1)
                .call(0, "a.c", 1, "a")
                .call(1, "b.c", 1, "b")
                .syscall(1, "s", "s() = 0", 0)
                .call(2, "c.c", 1, "c")
                .list());
    CallTree.CallNode a = tree.tasks().get(0).calls().get(0);
    assertEquals(1, a.syscalls().size(), "s belongs to a, the call open at depth 0");
    assertEquals(
        List.of("b", "c"),
        a.children().stream().map(c -> c.source().function()).toList(),
        "b closed at the syscall, so c at depth 2 hangs under the deepest open call, a");
  }
}
