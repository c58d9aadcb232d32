package io.github.clonepath.cli.walk;

import com.google.common.collect.ImmutableList;
import io.github.clonepath.cli.support.Subcommands;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.lab.Walk;
import io.github.clonepath.lab.walk.HtmlWalk;
import io.github.clonepath.lab.walk.Topic;
import io.github.clonepath.lab.walk.Variant;
import io.github.clonepath.lab.walk.WalkFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clonepath walk TOPIC}: narrates a thread's birth as a call tree, each step a real function
 * with where to read it and what it changed.
 *
 * <p>Usage errors (unknown topic, a version or flag the topic does not take, a malformed {@code
 * --fail}) exit 2 with one line saying what to do; an error inside the model exits 1.
 */
@Command(
    name = "walk",
    description = "Run a walkthrough: the call tree of a thread's birth, step by step.",
    footer = {
      "",
      "Each topic above names the real releases it follows in brackets, the default first; pick"
          + " another with --release."
    },
    sortOptions = false)
public final class WalkCommand implements Callable<Integer> {
  private final ImmutableList<Topic> topics;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /** The values of {@code --format}. */
  static final class Formats extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Formats() {
      for (WalkFormat f : WalkFormat.values()) {
        add(f.name().toLowerCase(Locale.ROOT));
      }
      add("html");
    }
  }

  @Parameters(
      index = "0",
      paramLabel = "TOPIC",
      description = "What to walk through: one of the topics below.")
  private String topicName;

  @Option(
      names = "--release",
      paramLabel = "RELEASE",
      description =
          "The real release to follow, such as go1.19 or 'glibc 2.31' (default: the topic's"
              + " first; each topic's are listed below).")
  private String version;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      completionCandidates = Formats.class,
      description =
          "${COMPLETION-CANDIDATES}: a text call tree, a Markdown list, a JSON tree, or a"
              + " self-contained step-through page (default: ${DEFAULT-VALUE}).")
  private String format;

  @Option(names = "--cache-hit", description = "Reuse a cached thread stack.")
  private boolean cacheHit;

  @Option(names = "--cgo", description = "Create the M through cgo's pthread_create.")
  private boolean cgo;

  @Option(names = "--locked", description = "Start from a locked M, through the template thread.")
  private boolean locked;

  @Option(
      names = "--fail",
      paramLabel = "SYSCALL=ERRNO",
      description = "Make one system call fail, such as clone3=ENOMEM.")
  private String fail;

  /**
   * The command over a set of topics.
   *
   * @param topics the topics it offers
   */
  public WalkCommand(ImmutableList<Topic> topics) {
    this.topics = topics;
  }

  /**
   * Adds this command to {@code clonepath}, with the topics listed at the end of its help.
   *
   * @param parent the top-level command line
   */
  public void register(CommandLine parent) {
    Map<String, String> entries = new LinkedHashMap<>();
    topics.forEach(
        t -> entries.put(t.name(), t.summary() + " [" + String.join(", ", t.versions()) + "]"));
    Subcommands.register(parent, "walk", this, "Topics", entries);
  }

  @Override
  public Integer call() {
    Topic topic =
        topics.stream()
            .filter(t -> t.name().equals(topicName))
            .findFirst()
            .orElseThrow(() -> usage("unknown topic '" + topicName + "'; topics: " + names()));
    if (format.equals("html")) {
      spec.commandLine().getOut().print(HtmlWalk.page(topic, variant(topic)));
      spec.commandLine().getOut().flush();
      return 0;
    }
    WalkFormat walkFormat = parseFormat();
    Variant variant = variant(topic);
    List<TraceEvent> events = topic.run(variant);
    spec.commandLine().getOut().print(walkFormat.format(events));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private String names() {
    return topics.stream().map(Topic::name).collect(Collectors.joining(", "));
  }

  private WalkFormat parseFormat() {
    for (WalkFormat f : WalkFormat.values()) {
      if (f.name().toLowerCase(Locale.ROOT).equals(format)) {
        return f;
      }
    }
    throw usage("--format takes text, markdown, json or html, not '" + format + "'");
  }

  /** The options as the lab's walk checks them; what the topic does not take is bad usage. */
  private Variant variant(Topic topic) {
    Walk walk = Walk.of(topic).cacheHit(cacheHit).cgo(cgo).locked(locked);
    if (version != null) {
      walk = walk.release(version);
    }
    if (fail != null) {
      walk = walk.fail(fail);
    }
    try {
      return walk.variant();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
