package io.github.clonepath.lab.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.clonepath.kernel.syscall.Budget;
import io.github.clonepath.kernel.syscall.BudgetExceeded;
import io.github.clonepath.kernel.syscall.MachineConfig;
import io.github.clonepath.lab.clone.CaseRunner;
import io.github.clonepath.lab.clone.CloneCase;
import io.github.clonepath.lab.compare.GoTraceComparator;
import io.github.clonepath.lab.compare.StraceParser;
import io.github.clonepath.lab.compare.TraceComparator;
import io.github.clonepath.lab.compare.TraceLine;
import io.github.clonepath.lab.scenario.GlibcRunner;
import io.github.clonepath.lab.scenario.GoRunner;
import io.github.clonepath.lab.scenario.Scenario;
import io.github.clonepath.lab.scenario.ScenarioException;
import io.github.clonepath.lab.scenario.ScenarioParser;
import io.github.clonepath.lab.scenario.Scenarios;
import io.github.clonepath.lab.sys.SysRunner;
import io.github.clonepath.lab.sys.SysScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of valid inputs, one language at a time (scenario files, {@code sys}
 * scripts, {@code clone --batch} lines, strace files). Whatever the mutation, the answer is a
 * result or one of the refusals meant for a user (a scenario's mistake, a refused value, a spent
 * budget), never another Java exception, never a run past its budget and never a heap over 1 GiB.
 */
class InputFuzzTest {
  private static final long GIB = 1L << 30;
  private static final Duration WALL = Duration.ofSeconds(20);
  private static final int MUTATIONS = 20;

  /** Pieces a user might type where another belongs: signs, overflows, units, names, nothing. */
  private static final String[] TOKENS = {
    "-1",
    "0",
    "1",
    "4294967296",
    "18446744073709551616",
    "9223372036854775808",
    "-9223372036854775809",
    "abc",
    "$i",
    "$99999999999",
    "1e3",
    "10",
    "10ms",
    "9999999999999s",
    "0x",
    "0xffffffffffffffffff",
    "NULL",
    "main",
    "repeat",
    "end",
    "é",
    "\t",
    "=",
    "#",
    "(",
    ")",
    ",",
    "|",
    "CLONE_VM|CLONE_VFORK",
    "SIGCHLD",
  };

  /** One mutation of a text: a line dropped, doubled, swapped, cut, or a token replaced. */
  static String mutate(String text, SplittableRandom r) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int n = 1 + r.nextInt(3);
    for (int k = 0; k < n && !lines.isEmpty(); k++) {
      int i = r.nextInt(lines.size());
      switch (r.nextInt(6)) {
        case 0 -> lines.remove(i);
        case 1 -> lines.add(i, lines.get(i));
        case 2 -> {
          int j = r.nextInt(lines.size());
          String a = lines.get(i);
          lines.set(i, lines.get(j));
          lines.set(j, a);
        }
        case 3 -> {
          String l = lines.get(i);
          lines.set(i, l.substring(0, r.nextInt(l.length() + 1)));
        }
        case 4 -> lines.add(i, TOKENS[r.nextInt(TOKENS.length)]);
        default -> lines.set(i, replaceToken(lines.get(i), r));
      }
    }
    return String.join("\n", lines);
  }

  private static String replaceToken(String line, SplittableRandom r) {
    String[] words = line.split("(?<=[ ,=:(|])|(?=[ ,=:)|])", -1);
    if (words.length == 0) {
      return TOKENS[r.nextInt(TOKENS.length)];
    }
    words[r.nextInt(words.length)] = TOKENS[r.nextInt(TOKENS.length)];
    return String.join("", words);
  }

  /** Whether an exception is a refusal meant for the user, as the command line prints them. */
  private static boolean refusal(Throwable e) {
    return e instanceof ScenarioException
        || e instanceof BudgetExceeded
        || e instanceof UncheckedIOException
        || e instanceof IllegalArgumentException && !(e instanceof NumberFormatException);
  }

  /** Runs one case; a Java exception other than a refusal, or an Error, fails with the input. */
  private static void survive(String language, String input, Runnable run) {
    try {
      assertTimeoutPreemptively(WALL, run::run, () -> language + " ran past its budget:\n" + input);
    } catch (RuntimeException e) {
      if (!refusal(e)) {
        throw new AssertionError(language + " input threw " + e + ":\n" + input, e);
      }
    } catch (StackOverflowError | OutOfMemoryError e) {
      throw new AssertionError(language + " input threw " + e + ":\n" + input, e);
    }
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    if (used > GIB) {
      System.gc();
      used = rt.totalMemory() - rt.freeMemory();
      assertTrue(used < GIB, language + " left " + (used >> 20) + " MiB in use after:\n" + input);
    }
  }

  private static String resource(String path) {
    try (InputStream in = InputFuzzTest.class.getResourceAsStream(path)) {
      assertTrue(in != null, path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void mutatedScenariosAreRunOrRefused() {
    MachineConfig mc = MachineConfig.DEFAULT.withTraceCalls(false);
    Budget budget = Budget.DEFAULT.withMaxSteps(200_000).withMaxNanos(120_000_000_000L);
    int cases = 0;
    for (String name : Scenarios.builtIns()) {
      String text = resource("/scenarios/" + name + ".scn");
      SplittableRandom r = new SplittableRandom(name.hashCode());
      for (int k = 0; k < MUTATIONS; k++) {
        String input = mutate(text, r);
        cases++;
        survive(
            "scenario " + name,
            input,
            () -> {
              Scenario sc = ScenarioParser.parse(input, name, Map.of(), name + ".scn");
              if (sc.runtime().equals("go")) {
                new GoRunner(sc).run(mc, m -> m.setBudget(budget));
              } else {
                new GlibcRunner(sc).run(mc, m -> m.setBudget(budget));
              }
            });
      }
    }
    assertEquals(MUTATIONS * Scenarios.builtIns().size(), cases);
  }

  @Test
  void mutatedSysScriptsPrintOrStopAtTheBadLine() {
    String base =
        String.join(
            "\n",
            "mmap(NULL, 8392704, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK, -1, 0)",
            "mprotect($1+4096, 8388608, PROT_READ|PROT_WRITE)",
            "maps",
            "munmap($1+1, 4096)",
            "madvise($1, 4096, MADV_DONTNEED)",
            "gettid()",
            "clone(CLONE_VM|CLONE_FS|SIGCHLD, $1+8392704, NULL, NULL, NULL)",
            "clone(CLONE_VM|CLONE_VFORK|SIGCHLD, NULL, NULL, NULL, NULL)",
            "getpid()",
            "munmap($1, 8392704)",
            "exit(0)");
    SplittableRandom r = new SplittableRandom(12);
    for (int k = 0; k < 500; k++) {
      String input = mutate(base, r);
      survive(
          "sys script",
          input,
          () -> {
            List<String> out = new ArrayList<>();
            SysScript s = SysScript.parse(input);
            new SysRunner(MachineConfig.DEFAULT).run(s, out::add);
            if (s.error() != null) {
              assertTrue(s.error().line() >= 1, input);
            }
          });
    }
  }

  @Test
  void mutatedCloneBatchLinesAreAnsweredOrRefused() {
    List<String> base =
        List.of(
            "clone3 flags=CLONE_VM|CLONE_VFORK exit_signal=17 stack=valid",
            "clone3 exit_signal=17 extra=set_tid:valid,set_tid_size:1,set_tid_val:pid_max",
            "clone flags=CLONE_PIDFD|CLONE_PARENT_SETTID exit_signal=17 extra=pidfd:null",
            "clone3 size=89 exit_signal=17 extra=args:page_end,tail:nonzero",
            "clone3 flags=CLONE_INTO_CGROUP exit_signal=17 extra=cgroup:3",
            "clone flags=CLONE_THREAD|CLONE_SIGHAND|CLONE_VM stack=valid extra=tls:noncanonical");
    CaseRunner runner = new CaseRunner(MachineConfig.DEFAULT);
    SplittableRandom r = new SplittableRandom(7);
    for (int k = 0; k < 600; k++) {
      String input = replaceToken(base.get(r.nextInt(base.size())), r);
      survive(
          "clone batch line",
          input,
          () -> {
            CloneCase c;
            try {
              c = CloneCase.parse(input);
            } catch (CloneCase.SyntaxError e) {
              assertTrue(!e.getMessage().isEmpty(), input);
              return;
            }
            runner.run(c);
          });
    }
  }

  @Test
  void mutatedStraceFilesAreComparedOrFoundEmpty() {
    String glibc = resource("/reference/glibc-2.36/s2_concurrent.trace");
    String go = resource("/reference/go-1.19/a_hello.strace");
    List<TraceLine> glibcReal = StraceParser.parse(glibc);
    List<TraceLine> goReal = StraceParser.parse(go);
    SplittableRandom r = new SplittableRandom(3);
    for (int k = 0; k < 150; k++) {
      boolean isGo = k % 2 == 1;
      String input = mutate(isGo ? go : glibc, r);
      survive(
          "strace file",
          input,
          () -> {
            List<TraceLine> lines = StraceParser.parse(input);
            if (isGo) {
              GoTraceComparator.compare(goReal, lines);
            } else {
              TraceComparator.compare(glibcReal, lines);
            }
          });
    }
  }

  @Test
  void aDefectIsNotTakenForARefusal() {
    try {
      survive(
          "fixture",
          "x",
          () -> {
            throw new NullPointerException("a defect");
          });
      fail("a NullPointerException passed as a refusal");
    } catch (AssertionError e) {
      assertTrue(e.getMessage().contains("fixture input threw"), e.getMessage());
    }
    survive(
        "fixture",
        "y",
        () -> {
          throw new IllegalArgumentException("sleep needs a duration");
        });
  }
}
