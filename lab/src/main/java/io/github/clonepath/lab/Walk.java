package io.github.clonepath.lab;

import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.lab.walk.HtmlWalk;
import io.github.clonepath.lab.walk.Topic;
import io.github.clonepath.lab.walk.Variant;
import io.github.clonepath.lab.walk.WalkFormat;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One walkthrough to run: a topic and the variant asked for (the release it follows, a cached
 * stack, the cgo path, a locked M, a failing system call). Immutable; each option returns a changed
 * copy. What the topic does not take is refused by {@link #variant()} with the message {@code
 * clonepath walk} prints, so an option is never silently ignored.
 */
public final class Walk {
  private final Topic topic;
  private final Optional<String> release;
  private final boolean cacheHit;
  private final boolean cgo;
  private final boolean locked;
  private final Optional<String> fail;

  private Walk(
      Topic topic,
      Optional<String> release,
      boolean cacheHit,
      boolean cgo,
      boolean locked,
      Optional<String> fail) {
    this.topic = topic;
    this.release = release;
    this.cacheHit = cacheHit;
    this.cgo = cgo;
    this.locked = locked;
    this.fail = fail;
  }

  /**
   * A walk of a topic with its defaults: its first release, no variant flag.
   *
   * @param topic the topic, such as one of {@link io.github.clonepath.lab.walk.Topics#ALL}
   * @return the walk
   */
  public static Walk of(Topic topic) {
    return new Walk(topic, Optional.empty(), false, false, false, Optional.empty());
  }

  /**
   * The topic walked.
   *
   * @return the topic
   */
  public Topic topic() {
    return topic;
  }

  /**
   * Following another real release, such as {@code go1.13} or {@code glibc 2.31}.
   *
   * @param r one of the topic's {@link Topic#versions()}
   * @return a changed copy
   */
  public Walk release(String r) {
    return new Walk(topic, Optional.of(r), cacheHit, cgo, locked, fail);
  }

  /**
   * Reusing a cached thread stack instead of mapping a new one.
   *
   * @param on whether to
   * @return a changed copy
   */
  public Walk cacheHit(boolean on) {
    return new Walk(topic, release, on, cgo, locked, fail);
  }

  /**
   * Creating the M through cgo's {@code pthread_create}.
   *
   * @param on whether to
   * @return a changed copy
   */
  public Walk cgo(boolean on) {
    return new Walk(topic, release, cacheHit, on, locked, fail);
  }

  /**
   * Starting from a locked M, through the template thread.
   *
   * @param on whether to
   * @return a changed copy
   */
  public Walk locked(boolean on) {
    return new Walk(topic, release, cacheHit, cgo, on, fail);
  }

  /**
   * Making one system call fail, to walk the error path.
   *
   * @param syscallErrno {@code SYSCALL=ERRNO}, such as {@code clone3=ENOMEM}
   * @return a changed copy
   */
  public Walk fail(String syscallErrno) {
    return new Walk(topic, release, cacheHit, cgo, locked, Optional.of(syscallErrno));
  }

  /**
   * A release series the topic follows one release of ({@code go1.26} for {@code go1.26.8}) names
   * that release; any other name stays as written.
   */
  private String inSeries(String asked) {
    List<String> in =
        topic.versions().stream().filter(known -> known.startsWith(asked + ".")).toList();
    return in.size() == 1 && !topic.versions().contains(asked) ? in.get(0) : asked;
  }

  /**
   * The options checked against what the topic takes.
   *
   * @return the variant the topic runs
   * @throws IllegalArgumentException naming what the topic takes instead, as {@code clonepath walk}
   *     says it
   */
  public Variant variant() {
    String v = release.map(this::inSeries).orElse(topic.versions().get(0));
    if (!topic.versions().contains(v)) {
      throw new IllegalArgumentException(
          "topic "
              + topic.name()
              + " follows "
              + String.join(", ", topic.versions())
              + "; pick one with --release");
    }
    Set<Variant.Flag> asked = EnumSet.noneOf(Variant.Flag.class);
    if (cacheHit) {
      asked.add(Variant.Flag.CACHE_HIT);
    }
    if (cgo) {
      asked.add(Variant.Flag.CGO);
    }
    if (locked) {
      asked.add(Variant.Flag.LOCKED);
    }
    if (fail.isPresent()) {
      asked.add(Variant.Flag.FAIL);
    }
    for (Variant.Flag f : asked) {
      if (!topic.flags().contains(f)) {
        throw new IllegalArgumentException(
            "topic "
                + topic.name()
                + " does not take "
                + f.option()
                + (topic.flags().isEmpty()
                    ? "; it takes no variant flags"
                    : "; it takes "
                        + topic.flags().stream()
                            .map(Variant.Flag::option)
                            .collect(Collectors.joining(", "))));
      }
    }
    Optional<Variant.Failure> failure = Optional.empty();
    if (fail.isPresent()) {
      Variant.Failure parsed = Variant.Failure.parse(fail.get());
      if (!topic.failurePoints(v).contains(parsed.toString())) {
        throw new IllegalArgumentException(
            "topic "
                + topic.name()
                + " can fail "
                + String.join(", ", topic.failurePoints(v))
                + ", not "
                + parsed);
      }
      failure = Optional.of(parsed);
    }
    return new Variant(v, cacheHit, cgo, locked, failure);
  }

  /**
   * Runs the topic's scenario with call tracing on.
   *
   * @return the events the walk narrates, from the step it is about
   * @throws IllegalArgumentException as {@link #variant()}
   */
  public List<TraceEvent> events() {
    return topic.run(variant());
  }

  /**
   * Runs the walk and prints it.
   *
   * @param format a text call tree, a Markdown list or a JSON tree
   * @return the walkthrough, ending with a newline
   * @throws IllegalArgumentException as {@link #variant()}
   */
  public String format(WalkFormat format) {
    return format.format(events());
  }

  /**
   * Runs the walk with the model's state recorded after every step and writes the step-through page
   * ({@code walk --format html}).
   *
   * @return one self-contained HTML document
   * @throws IllegalArgumentException as {@link #variant()}
   */
  public String html() {
    return HtmlWalk.page(topic, variant());
  }
}
