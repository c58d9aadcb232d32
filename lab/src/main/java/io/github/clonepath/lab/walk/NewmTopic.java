package io.github.clonepath.lab.walk;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.GoVersion;
import io.github.clonepath.lab.scenario.GoWalk;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code walk newm} (seed 001): how Go makes an M — newm → allocm → mcommoninit (the id, the signal
 * goroutine, allm) → the g0 → newm1 → newosproc → the assembly clone, and in the new thread mstart
 * → minit → schedule. Go 1.13 by default; {@code --cgo} starts the thread through cgo's
 * pthread_create, {@code --locked} hands the M to the template thread.
 */
public final class NewmTopic implements Topic {
  @Override
  public String name() {
    return "newm";
  }

  @Override
  public String summary() {
    return "Go newm → allocm → mcommoninit → newm1 → newosproc → clone → mstart";
  }

  @Override
  public ImmutableList<String> versions() {
    return ImmutableList.of("go1.13", "go1.19", "go1.21.0", "go1.26.8", "go1.27.3");
  }

  @Override
  public ImmutableSet<Variant.Flag> flags() {
    return ImmutableSet.of(Variant.Flag.CGO, Variant.Flag.LOCKED);
  }

  @Override
  public List<TraceEvent> run(Variant variant) {
    String end = findRunnable(variant.version());
    if (!variant.locked()) {
      List<TraceEvent> all = GoWalk.run(options(variant));
      return Window.subtree(all, "newm", 2, end);
    }
    // m0, locked by an init function, sleeps: stoplockedm hands its P off, startm finds no idle M,
    // and newm queues the new M for the template thread, whose next turn clones it
    List<TraceEvent> all = GoWalk.runLocked(options(variant));
    int queued = Window.firstCallNoting(all, "newm", "queued on newmHandoff");
    List<TraceEvent> out =
        new ArrayList<>(
            Window.subtree(all, "newm", Window.callsBefore(all, "newm", queued) + 1, end));
    int turn = Window.callsBefore(all, "templateThread", queued) + 1;
    out.addAll(Window.subtree(all, "templateThread", turn, end));
    return out;
  }

  /** The scheduler's search for work, where the new M's start ends: renamed in go1.19. */
  static String findRunnable(String version) {
    return version.equals("go1.13") || version.equals("go1.14") ? "findrunnable" : "findRunnable";
  }

  static GoOptions options(Variant variant) {
    for (GoVersion v : GoVersion.values()) {
      if (v.tag().equals(variant.version())) {
        return GoOptions.DEFAULT.withVersion(v).withCgo(variant.cgo());
      }
    }
    throw new IllegalArgumentException("no Go version " + variant.version());
  }
}
