package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each version profile follows its own call graph, seen in the trace and the walkthrough. */
class VersionPathsTest {

  private static GoVersion version(String tag) {
    for (GoVersion v : GoVersion.values()) {
      if (v.tag().equals(tag)) {
        return v;
      }
    }
    throw new IllegalArgumentException(tag);
  }

  private static Harness run(String version, GoProgram p, boolean calls) {
    return new Harness(GoOptions.DEFAULT.withVersion(version(version)).withGomaxprocs(4), p, calls)
        .run();
  }

  /** The modeled functions called, as "function@version", in order. */
  private static List<String> calls(Harness h) {
    List<String> out = new ArrayList<>();
    for (TraceEvent e : h.machine.log().events()) {
      if (e instanceof CallEvent c && c.source().file().startsWith("runtime/")) {
        out.add(c.source().function() + "@" + c.source().version());
      }
    }
    return out;
  }

  @Test
  @DisplayName("go1.13: newm(fn, p) without mReserveID; clone without SETTLS, the child sets FS")
  void go113NewmPathAndChildSettls() {
    Harness h = run("go1.13", ReferencePrograms.aHello(), true);
    List<String> c = calls(h);
    assertTrue(c.stream().anyMatch(s -> s.startsWith("newm@go1.13")), "newm(fn, p)");
    assertFalse(c.stream().anyMatch(s -> s.startsWith("mReserveID@")), "no mReserveID in 1.13");
    for (var t : h.go.result().threads().subList(1, h.go.result().threads().size())) {
      List<String> own = h.calls((int) t.tid(), "arch_prctl", "gettid");
      assertTrue(own.get(0).startsWith("gettid()"), own.toString());
      assertEquals("arch_prctl(ARCH_SET_FS, 0x" + Long.toHexString(t.tls()) + ") = 0", own.get(1));
    }
    for (String clone : h.calls("clone")) {
      assertFalse(clone.contains("CLONE_SETTLS"), clone);
    }
    assertEquals("hello\n", h.go.result().stdout());
  }

  @Test
  @DisplayName("go1.19: startm reserves the id (mReserveID) and clone carries CLONE_SETTLS")
  void go119ReservesTheIdInStartm() {
    Harness h = run("go1.19", ReferencePrograms.aHello(), true);
    // startm's mget (no idle M) comes first; then the reservation
    List<String> c = calls(h).stream().filter(s -> !s.startsWith("mget@")).toList();
    boolean startmReserves = false;
    for (int i = 1; i < c.size(); i++) {
      if (c.get(i - 1).equals("startm@go1.19") && c.get(i).equals("mReserveID@go1.19")) {
        startmReserves = true;
      }
    }
    assertTrue(startmReserves, "startm → mReserveID → checkmcount before newm(fn, p, id)");
    for (String clone : h.calls("clone")) {
      assertTrue(clone.contains("|CLONE_SETTLS, tls="), clone);
    }
  }

  @Test
  @DisplayName("go1.21: wakep takes the idle P first, then startm(pp, spinning, lockheld)")
  void go121WakepTakesThePFirst() {
    Harness h = run("go1.21.0", ReferencePrograms.bSyscalls(8), true);
    List<String> c = calls(h);
    assertTrue(c.stream().anyMatch(s -> s.startsWith("wakep@go1.21.0")), "1.21's wakep");
    assertTrue(h.go.result().stdout().contains("os_threads=11"), h.go.result().stdout());
  }

  /** b_syscalls(32) on a machine whose threads-max (24) runs out before the 35th thread. */
  private static Harness threadsMaxRunsOut(GoVersion v) {
    Harness h =
        new Harness(
            GoOptions.DEFAULT.withVersion(v).withGomaxprocs(4), ReferencePrograms.bSyscalls(32));
    h.machine.sysctl("kernel.threads-max", 24);
    return h.run();
  }

  private static long eagainClones(Harness h) {
    return h.calls("clone").stream()
        .filter(s -> s.endsWith("EAGAIN (Resource temporarily unavailable)"))
        .count();
  }

  @Test
  @DisplayName("go1.19: a clone failing with EAGAIN is fatal at once with the real message")
  void go119CloneEagainIsFatalAtOnce() {
    Harness h = threadsMaxRunsOut(GoVersion.GO1_19);
    assertEquals(1, eagainClones(h));
    String err = h.go.result().stderr();
    assertTrue(
        err.matches(
            "(?s)runtime: failed to create new OS thread \\(have \\d+ already; errno=11\\)\n"
                + "runtime: may need to increase max user processes \\(ulimit -u\\)\n"
                + "fatal error: newosproc\n"),
        err);
    assertEquals(2, h.kernelExitStatus());
  }

  @Test
  @DisplayName("go1.21: retryOnEAGAIN (from go1.20) tries clone 20 times before the same failure")
  void go121RetriesCloneTwentyTimesOnEagain() {
    Harness h = threadsMaxRunsOut(GoVersion.GO1_21);
    assertEquals(20, eagainClones(h));
    assertTrue(h.go.result().stderr().endsWith("fatal error: newosproc\n"));
  }
}
