package io.github.clonepath.cli.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.github.clonepath.cli.Main;
import io.github.clonepath.common.CallEvent;
import io.github.clonepath.common.EventLog;
import io.github.clonepath.common.NoteEvent;
import io.github.clonepath.common.SourceRef;
import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.lab.walk.Topic;
import io.github.clonepath.lab.walk.Variant;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The walk command's options and exit codes, over a topic that replays a hand-built log. */
class WalkCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<Variant> runs = new ArrayList<>();

  private final Topic demo =
      new Topic() {
        @Override
        public String name() {
          return "demo";
        }

        @Override
        public String summary() {
          return "a replayed log";
        }

        @Override
        public ImmutableList<String> versions() {
          return ImmutableList.of("go1.21.0", "go1.13");
        }

        @Override
        public ImmutableSet<Variant.Flag> flags() {
          return ImmutableSet.of(Variant.Flag.CACHE_HIT, Variant.Flag.FAIL);
        }

        @Override
        public ImmutableSet<String> failurePoints() {
          return ImmutableSet.of("clone3=ENOMEM");
        }

        @Override
        public List<TraceEvent> run(Variant variant) {
          runs.add(variant);
          EventLog log = new EventLog();
          SourceRef ref =
              new SourceRef("nptl/allocatestack.c", 214, "allocate_stack", "glibc 2.36");
          log.append(new CallEvent(0, 1235, 0, ref));
          log.append(new NoteEvent(0, 1235, 0, "cache miss"));
          log.append(
              new SyscallEvent(
                  0,
                  1235,
                  1,
                  "mmap",
                  "mmap(NULL, 8392704, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK, -1, 0)"
                      + " = 0x7f0000000000",
                  0x7f0000000000L));
          return log.events();
        }
      };

  private final Topic broken =
      new Topic() {
        @Override
        public String name() {
          return "broken";
        }

        @Override
        public String summary() {
          return "fails inside the model";
        }

        @Override
        public ImmutableList<String> versions() {
          return ImmutableList.of("Linux 6.2");
        }

        @Override
        public List<TraceEvent> run(Variant variant) {
          throw new IllegalStateException("the model broke");
        }
      };

  private int run(String... args) {
    CommandLine cl = Main.configure(new CommandLine(new Main()));
    new WalkCommand(ImmutableList.of(demo, broken)).register(cl);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private void assertUsageError(String expectedPart, String... args) {
    err.getBuffer().setLength(0);
    assertEquals(2, run(args), err.toString());
    String e = err.toString().strip();
    assertEquals(1, e.lines().count(), "one line: " + e);
    assertTrue(e.contains(expectedPart), e);
    assertEquals(List.of(), runs, "nothing runs on a usage error");
  }

  @Test
  void printsTheTextCallTreeByDefault() {
    assertEquals(0, run("walk", "demo"), err.toString());
    assertEquals(
        """
        == tid 1235 ==
        allocate_stack  nptl/allocatestack.c:214 (glibc 2.36)  — cache miss
          mmap(NULL, 8392704, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK, -1, 0)\
         = 0x7f0000000000
        """,
        out.toString());
    assertEquals(
        List.of(new Variant("go1.21.0", false, false, false, Optional.empty())),
        runs,
        "the first version is the default");
  }

  @Test
  void markdownAndJsonFormats() {
    assertEquals(0, run("walk", "demo", "--format", "markdown"));
    assertTrue(out.toString().startsWith("**tid 1235**\n\n- `allocate_stack`"), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run("walk", "demo", "--format", "json"));
    assertTrue(out.toString().startsWith("{\n  \"tasks\": ["), out.toString());
  }

  @Test
  void passesTheCheckedVariantToTheTopic() {
    assertEquals(
        0, run("walk", "demo", "--release", "go1.13", "--cache-hit", "--fail", "clone3=ENOMEM"));
    assertEquals(
        List.of(
            new Variant(
                "go1.13",
                true,
                false,
                false,
                Optional.of(new Variant.Failure("clone3", Errno.ENOMEM)))),
        runs);
  }

  @Test
  void unknownTopicIsAUsageErrorListingTheTopics() {
    assertUsageError("unknown topic 'nope'; topics: demo, broken", "walk", "nope");
  }

  @Test
  void unknownFormatIsAUsageError() {
    assertUsageError(
        "--format takes text, markdown, json or html, not 'xml'",
        "walk",
        "demo",
        "--format",
        "xml");
  }

  @Test
  void aVersionTheTopicDoesNotFollowIsAUsageError() {
    assertUsageError(
        "follows go1.21.0, go1.13; pick one with --release", "walk", "demo", "--release", "go1.19");
  }

  @Test
  void aFlagTheTopicDoesNotTakeIsAUsageError() {
    assertUsageError("does not take --cgo; it takes --cache-hit, --fail", "walk", "demo", "--cgo");
    assertUsageError("it takes no variant flags", "walk", "broken", "--locked");
  }

  @Test
  void malformedOrMisplacedFailuresAreUsageErrors() {
    assertUsageError("--fail takes SYSCALL=ERRNO", "walk", "demo", "--fail", "clone3");
    assertUsageError("'ENOPE' is not an errno name", "walk", "demo", "--fail", "clone3=ENOPE");
    assertUsageError(
        "can fail clone3=ENOMEM, not mmap=ENOMEM", "walk", "demo", "--fail", "mmap=ENOMEM");
    assertUsageError(
        "can fail clone3=ENOMEM, not clone3=EAGAIN", "walk", "demo", "--fail", "clone3=EAGAIN");
  }

  @Test
  void anErrorInsideTheModelExitsOne() {
    assertEquals(1, run("walk", "broken"));
    assertTrue(err.toString().contains("the model broke"), err.toString());
  }

  @Test
  void helpListsTheTopics() {
    assertEquals(0, run("walk", "--help"));
    assertTrue(
        out.toString().contains("  demo    a replayed log [go1.21.0, go1.13]"), out.toString());
  }
}
