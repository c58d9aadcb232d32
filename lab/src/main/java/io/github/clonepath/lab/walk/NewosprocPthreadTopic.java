package io.github.clonepath.lab.walk;

import com.google.common.collect.ImmutableList;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.lab.scenario.GoWalk;
import java.util.List;

/**
 * {@code walk newosproc-pthread} (seed 002): Go 1.14's libc-thread path, where newm1's newosproc
 * makes the thread with the C library instead of a raw clone — attributes set up (default stack
 * size into g0.stack.hi, detached), all signals blocked, pthread_create(mstart_stub, mp) into
 * glibc's allocate_stack, create_thread and clone3, and in the new thread start_thread →
 * mstart_stub → mstart. This is the path of the releases whose newosproc is in os_darwin.go, run
 * here on Linux's glibc.
 */
public final class NewosprocPthreadTopic implements Topic {
  @Override
  public String name() {
    return "newosproc-pthread";
  }

  @Override
  public String summary() {
    return "Go 1.14 newm1 → newosproc → pthread_create(mstart_stub) → glibc → clone3 → mstart";
  }

  @Override
  public ImmutableList<String> versions() {
    return ImmutableList.of("go1.14");
  }

  @Override
  public List<TraceEvent> run(Variant variant) {
    List<TraceEvent> all = GoWalk.run(NewmTopic.options(variant).withLibcThreads(true));
    // the first newm1 starts sysmon; the second is the M made for the idle P
    return Window.subtree(all, "newm1", 2, NewmTopic.findRunnable(variant.version()));
  }
}
