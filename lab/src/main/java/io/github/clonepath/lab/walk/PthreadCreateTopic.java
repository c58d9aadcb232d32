package io.github.clonepath.lab.walk;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.lab.scenario.PthreadCreate;
import java.util.List;

/**
 * {@code walk pthread_create} (seed 004): glibc's pthread_create → allocate_stack and the stack
 * cache → create_thread → clone3 into the kernel's copy_process and each copy_* → start_thread in
 * the new thread → its exit, and pthread_join putting the stack back into the cache. {@code
 * --cache-hit} walks a second thread that reuses the first one's stack; {@code --fail
 * clone3=ENOMEM} (or {@code clone=ENOMEM} on glibc 2.31, which still uses clone) makes the kernel's
 * dup_task_struct fail, which pthread_create reports as EAGAIN.
 */
public final class PthreadCreateTopic implements Topic {
  @Override
  public String name() {
    return "pthread_create";
  }

  @Override
  public String summary() {
    return "glibc pthread_create → allocate_stack → clone3 → copy_process → start_thread → join";
  }

  @Override
  public ImmutableList<String> versions() {
    return ImmutableList.of("glibc 2.36", "glibc 2.31");
  }

  @Override
  public ImmutableSet<Variant.Flag> flags() {
    return ImmutableSet.of(Variant.Flag.CACHE_HIT, Variant.Flag.FAIL);
  }

  @Override
  public ImmutableSet<String> failurePoints() {
    return ImmutableSet.of("clone3=ENOMEM", "clone=ENOMEM");
  }

  @Override
  public ImmutableSet<String> failurePoints(String version) {
    return ImmutableSet.of(version.equals("glibc 2.31") ? "clone=ENOMEM" : "clone3=ENOMEM");
  }

  @Override
  public List<TraceEvent> run(Variant variant) {
    int rounds = variant.cacheHit() ? 2 : 1;
    List<TraceEvent> all =
        PthreadCreate.run(
            GlibcVersion.parse(variant.version()), rounds, variant.fail().isPresent());
    return Window.cut(all, "__pthread_create_2_1", rounds, null);
  }
}
