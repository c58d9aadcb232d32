package io.github.clonepath.lab.walk;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.lab.scenario.CloneVsFork;
import java.util.List;

/**
 * {@code walk clone-vs-fork}: the five structures under the thread flags next to a plain fork. A
 * thread made with glibc's clone3 flags shares mm, fs, files, sighand and signal; a fork copies
 * each of them. {@code --fail clone3=ENOMEM} or {@code clone=ENOMEM} makes dup_task_struct fail.
 */
public final class CloneVsForkTopic implements Topic {
  @Override
  public String name() {
    return "clone-vs-fork";
  }

  @Override
  public String summary() {
    return "copy_process: the five structures shared by a thread, copied by a fork (Linux)";
  }

  @Override
  public ImmutableList<String> versions() {
    return ImmutableList.of("Linux 6.2");
  }

  @Override
  public ImmutableSet<Variant.Flag> flags() {
    return ImmutableSet.of(Variant.Flag.FAIL);
  }

  @Override
  public ImmutableSet<String> failurePoints() {
    return ImmutableSet.of("clone3=ENOMEM", "clone=ENOMEM");
  }

  @Override
  public List<TraceEvent> run(Variant variant) {
    CloneVsFork.Failure failure =
        variant
            .fail()
            .map(
                f ->
                    f.syscall().equals("clone3")
                        ? CloneVsFork.Failure.CLONE3
                        : CloneVsFork.Failure.CLONE)
            .orElse(CloneVsFork.Failure.NONE);
    return CloneVsFork.run(failure).events();
  }
}
