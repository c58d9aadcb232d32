package io.github.clonepath.lab.walk;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.github.clonepath.common.TraceEvent;
import java.util.List;

/**
 * One walkthrough: a scenario run on a machine with call tracing on.
 *
 * <p>A topic states what it accepts (versions, variant flags, system calls it can make fail); the
 * {@code walk} command refuses anything else as a usage error before running, so a flag is never
 * silently ignored.
 */
public interface Topic {
  /**
   * The name on the command line.
   *
   * @return for example {@code newm}
   */
  String name();

  /**
   * What the walk shows, in one line.
   *
   * @return the summary
   */
  String summary();

  /**
   * The versions {@code --version} accepts, the default first.
   *
   * @return at least one version tag as {@link io.github.clonepath.common.Versions#KNOWN} spells it
   */
  ImmutableList<String> versions();

  /**
   * The variant flags this topic takes; none unless it says otherwise.
   *
   * @return a subset of the flags
   */
  default ImmutableSet<Variant.Flag> flags() {
    return ImmutableSet.of();
  }

  /**
   * What {@code --fail} may ask for in this walk.
   *
   * @return {@code SYSCALL=ERRNO} texts such as {@code clone3=ENOMEM}, empty when the topic takes
   *     no {@code --fail}
   */
  default ImmutableSet<String> failurePoints() {
    return ImmutableSet.of();
  }

  /**
   * What {@code --fail} may ask for when following one version; all of {@link #failurePoints()}
   * unless the version changes which system call makes the thread.
   *
   * @param version one of {@link #versions()}
   * @return {@code SYSCALL=ERRNO} texts
   */
  default ImmutableSet<String> failurePoints(String version) {
    return failurePoints();
  }

  /**
   * Runs the scenario.
   *
   * @param variant the checked options
   * @return the events the walk narrates: the machine's log with call events, from the step the
   *     walk is about (a cache-hit walk leaves out the first thread that filled the cache)
   */
  List<TraceEvent> run(Variant variant);
}
