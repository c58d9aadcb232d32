package io.github.clonepath.lab.walk;

import com.google.common.collect.ImmutableList;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.lab.scenario.GoWalk;
import java.util.List;

/**
 * {@code walk newproc} (seed 003): how a go statement makes a goroutine and wakes an M — newproc →
 * newproc1 → gfget (empty free list) → malg's 2 KiB stack → runqput into runnext → wakep → startm,
 * which finds no idle M: mReserveID → newm → … → clone, and the new M's start. The go statement
 * walked is the runtime's own first one after main started ({@code go forcegchelper()} in runtime's
 * init), the first whose wakep has to create an M. Go 1.21 by default.
 */
public final class NewprocTopic implements Topic {
  @Override
  public String name() {
    return "newproc";
  }

  @Override
  public String summary() {
    return "Go newproc → newproc1 → gfget/malg → runqput → wakep → startm → newm → clone";
  }

  @Override
  public ImmutableList<String> versions() {
    return ImmutableList.of("go1.21.0", "go1.19", "go1.13", "go1.26.8", "go1.27.3");
  }

  @Override
  public List<TraceEvent> run(Variant variant) {
    List<TraceEvent> all = GoWalk.run(NewmTopic.options(variant));
    // the first newproc is rt0_go's for runtime.main, before any M may be woken
    return Window.subtree(all, "newproc", 2, NewmTopic.findRunnable(variant.version()));
  }
}
