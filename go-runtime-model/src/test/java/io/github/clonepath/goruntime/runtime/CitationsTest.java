package io.github.clonepath.goruntime.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.common.SourceRef;
import org.junit.jupiter.api.Test;

/**
 * Per-release citations, against the first lines of each function in the golang/go release tags.
 */
class CitationsTest {
  private static SourceRef go119(String file, int line, String function) {
    return new SourceRef(file, line, function, "go1.19");
  }

  @Test
  void aGo113RunCitesGo113sLineAndNameForTheSameFunction() {
    assertEquals(
        new SourceRef("runtime/proc.go", 1460, "allocm", "go1.13"),
        Citations.in("go1.13", go119("runtime/proc.go", 1715, "allocm")));
    // mstart was a Go function until go1.17 split it into an assembly stub and mstart0
    assertEquals(
        new SourceRef("runtime/proc.go", 1146, "mstart", "go1.13"),
        Citations.in("go1.13", go119("runtime/proc.go", 1356, "mstart0")));
    assertEquals(
        new SourceRef("runtime/sys_linux_amd64.s", 540, "clone", "go1.13"),
        Citations.in("go1.13", go119("runtime/sys_linux_amd64.s", 564, "clone")));
  }

  @Test
  void aFunctionGo113DoesNotHaveKeepsItsGo119Reference() {
    SourceRef r = go119("runtime/proc.go", 773, "mReserveID");
    assertEquals(r, Citations.in("go1.13", r));
  }

  @Test
  void aGo121RunCitesGo121sLinesAndGo119IsUnchanged() {
    assertEquals(
        new SourceRef("runtime/proc.go", 2385, "newm", "go1.21.0"),
        Citations.in("go1.21.0", go119("runtime/proc.go", 2096, "newm")));
    SourceRef r = go119("runtime/proc.go", 2096, "newm");
    assertEquals(r, Citations.in("go1.19", r));
  }

  @Test
  void aReferenceToAnotherReleaseIsLeftAlone() {
    SourceRef r = new SourceRef("runtime/proc.go", 1803, "newm", "go1.13");
    assertEquals(r, Citations.in("go1.21.0", r));
  }

  @Test
  void aGo126RunCitesGo1268sLinesNamesAndFiles() {
    // first lines read in go1.26.8's src/runtime (reference/go-1.26/FINDINGS.md lists them too)
    assertEquals(
        new SourceRef("runtime/proc.go", 2857, "newm", "go1.26.8"),
        Citations.in("go1.26.8", go119("runtime/proc.go", 2096, "newm")));
    assertEquals(
        new SourceRef("runtime/proc.go", 2269, "allocm", "go1.26.8"),
        Citations.in("go1.26.8", go119("runtime/proc.go", 1715, "allocm")));
    assertEquals(
        new SourceRef("runtime/os_linux.go", 170, "newosproc", "go1.26.8"),
        Citations.in("go1.26.8", go119("runtime/os_linux.go", 166, "newosproc")));
    // checkTimers became a method of the timers type and moved to time.go
    assertEquals(
        new SourceRef("runtime/time.go", 1009, "timers.check", "go1.26.8"),
        Citations.in("go1.26.8", go119("runtime/proc.go", 3279, "checkTimers")));
    assertEquals(
        new SourceRef("runtime/proc.go", 5033, "exitsyscallTryGetP", "go1.26.8"),
        Citations.in("go1.26.8", go119("runtime/proc.go", 3857, "exitsyscallfast")));
    // a go1.21.0-pinned path that go1.26.8 keeps is re-cited; a go1.13 one is not
    assertEquals(
        new SourceRef("runtime/proc.go", 3212, "wakep", "go1.26.8"),
        Citations.in("go1.26.8", new SourceRef("runtime/proc.go", 2729, "wakep", "go1.21.0")));
    SourceRef old = new SourceRef("runtime/proc.go", 1803, "newm", "go1.13");
    assertEquals(old, Citations.in("go1.26.8", old));
  }

  @Test
  void aGo127RunCitesGo1273sLinesFilesAndTheGo1268PinnedOnes() {
    // first lines read in go1.27.3's src/runtime (reference/go-1.27/FINDINGS.md names some)
    assertEquals(
        new SourceRef("runtime/proc.go", 2875, "newm", "go1.27.3"),
        Citations.in("go1.27.3", go119("runtime/proc.go", 2096, "newm")));
    assertEquals(
        new SourceRef("runtime/time.go", 982, "timers.check", "go1.27.3"),
        Citations.in("go1.27.3", go119("runtime/proc.go", 3279, "checkTimers")));
    // the cgo start moved to the files every unix system shares
    assertEquals(
        new SourceRef("runtime/cgo/pthread_unix.c", 19, "_cgo_sys_thread_start", "go1.27.3"),
        Citations.in(
            "go1.27.3", go119("runtime/cgo/gcc_linux_amd64.c", 0, "_cgo_sys_thread_start")));
    assertEquals(
        new SourceRef("runtime/cgo/gcc_unix.c", 48, "threadentry", "go1.27.3"),
        Citations.in("go1.27.3", go119("runtime/cgo/gcc_linux_amd64.c", 0, "threadentry")));
    // a reference pinned to go1.26.8 is re-cited, one pinned to go1.21.0 too
    assertEquals(
        new SourceRef("runtime/proc.go", 1056, "mProfStackInit", "go1.27.3"),
        Citations.in(
            "go1.27.3", new SourceRef("runtime/proc.go", 1043, "mProfStackInit", "go1.26.8")));
    assertEquals(
        new SourceRef("runtime/proc.go", 3227, "wakep", "go1.27.3"),
        Citations.in("go1.27.3", new SourceRef("runtime/proc.go", 2729, "wakep", "go1.21.0")));
    // and a go1.26.8 run leaves its own pinned reference as it is
    SourceRef pinned = new SourceRef("runtime/proc.go", 1043, "mProfStackInit", "go1.26.8");
    assertEquals(pinned, Citations.in("go1.26.8", pinned));
  }
}
