package io.github.clonepath.cli.walk;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.github.clonepath.cli.scenario.GoWalk;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.GoVersion;
import java.util.List;

/**
 * {@code walk newm} (seed 001): how Go makes an M — newm → allocm → mcommoninit (the id, the signal
 * goroutine, allm) → the g0 → newm1 → newosproc → the clone stub, and in the new thread mstart →
 * minit → schedule. Go 1.13 by default; {@code --cgo} starts the thread through cgo's
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
    return ImmutableList.of("go1.13", "go1.19", "go1.21.0");
  }

  @Override
  public ImmutableSet<Variant.Flag> flags() {
    return ImmutableSet.of(Variant.Flag.CGO, Variant.Flag.LOCKED);
  }

  @Override
  public ImmutableSet<String> failurePoints() {
    return ImmutableSet.of();
  }

  @Override
  public List<TraceEvent> run(Variant variant) {
    List<TraceEvent> all = GoWalk.run(options(variant), variant.locked());
    return Window.subtree(all, "newm", 2, findRunnable(variant.version()));
  }

  /** The scheduler's search for work, where the new M's start ends: renamed in go1.19. */
  static String findRunnable(String version) {
    return version.equals("go1.13") ? "findrunnable" : "findRunnable";
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
