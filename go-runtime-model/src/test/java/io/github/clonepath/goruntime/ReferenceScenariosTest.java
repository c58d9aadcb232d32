package io.github.clonepath.goruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reference programs against what the real Go 1.19 did on the reference machine. */
class ReferenceScenariosTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = ReferenceScenariosTest.class.getResourceAsStream("/reference/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> all(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void helloClonesUseTheRealChildStacksAndTlsAddresses() throws IOException {
    String real = resource("a_hello.strace");
    Harness h = new Harness(GoOptions.DEFAULT, Harness.aHello()).run();
    String model = String.join("\n", h.calls("clone"));
    Pattern stack = Pattern.compile("child_stack=(0x[0-9a-f]+)");
    Pattern tls = Pattern.compile("tls=(0x[0-9a-f]+)");
    assertEquals(all(stack, real), all(stack, model));
    assertEquals(all(tls, real), all(tls, model));
  }

  @Test
  void helloMainThreadStartupMatchesTheRealTraceUpToTheFirstClone() throws IOException {
    String real = resource("a_hello.strace");
    List<String> realCalls = new ArrayList<>();
    for (String line : real.split("\n")) {
      String call = line.substring(line.indexOf(' ')).trim();
      if (call.startsWith("clone(")) {
        break;
      }
      realCalls.add(call.replaceAll("0x7f[0-9a-f]+", "A").replaceAll("\\s+=", " ="));
    }
    Harness h = new Harness(GoOptions.DEFAULT, Harness.aHello()).run();
    List<String> model = new ArrayList<>();
    int main = (int) h.go.result().threads().get(0).tid();
    for (var e : h.kernel.log.syscalls()) {
      if (e.name().equals("clone")) {
        break;
      }
      model.add(
          e.text()
              .replaceAll("0x7e[0-9a-f]+", "A")
              .replace("gettid() = " + main, "gettid() = TID"));
    }
    List<String> expected = new ArrayList<>();
    for (String c : realCalls) {
      expected.add(c.replaceAll("gettid\\(\\) = \\d+", "gettid() = TID"));
    }
    assertEquals(expected.size(), model.size());
    for (int i = 0; i < expected.size(); i++) {
      String e = expected.get(i);
      if (e.contains("A")) {
        // addresses named by the kernel differ; sizes, protections and flags must agree
        assertEquals(e.replaceAll("A", ""), model.get(i).replaceAll("A", ""), "call " + i);
      } else {
        assertEquals(e, model.get(i), "call " + i);
      }
    }
  }

  @Test
  void everyNewThreadRunsTheFiveMinitCallsInTheRealOrder() {
    Harness h = new Harness(GoOptions.DEFAULT, Harness.aHello()).run();
    for (GoResult.Thread t : h.go.result().threads().subList(1, 4)) {
      List<String> c = h.calls((int) t.tid(), "gettid", "sigaltstack", "rt_sigprocmask");
      assertEquals("gettid() = " + t.tid(), c.get(0));
      assertEquals("sigaltstack(NULL, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}) = 0", c.get(1));
      assertTrue(
          c.get(2)
              .matches(
                  "sigaltstack\\(\\{ss_sp=0xc0[0-9a-f]+, ss_flags=0, ss_size=32768\\}, NULL\\) = 0"));
      assertEquals("rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0", c.get(3));
      assertEquals("gettid() = " + t.tid(), c.get(4));
    }
  }

  @Test
  void parentBlocksAllSignalsAroundEachClone() {
    Harness h = new Harness(GoOptions.DEFAULT, Harness.aHello()).run();
    List<String> c = h.calls(1000, "rt_sigprocmask", "clone");
    int clones = 0;
    for (int i = 0; i < c.size(); i++) {
      if (c.get(i).startsWith("clone(")) {
        clones++;
        assertEquals("rt_sigprocmask(SIG_SETMASK, ~[], [], 8) = 0", c.get(i - 1));
        assertEquals("rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0", c.get(i + 1));
        assertTrue(
            c.get(i)
                .contains(
                    "flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS,"));
      }
    }
    assertEquals(3, clones);
  }

  @Test
  void helloCensusIsSysmonThenTheFirstWakepThenAHandoffFromTheLockedMainGoroutine() {
    Harness h = new Harness(GoOptions.DEFAULT, Harness.aHello()).run();
    List<String> creators = new ArrayList<>();
    for (GoResult.Thread t : h.go.result().threads()) {
      creators.add(t.creator());
    }
    assertEquals(List.of("M0", "SYSMON", "WAKEP_NEWPROC", "HANDOFFP_LOCKED_M"), creators);
    assertEquals("hello\n", h.go.result().stdout());
    assertEquals(0, h.go.result().exitStatus());
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 8, 16, 32, 64})
  void goroutinesBlockedInSyscallsAtGomaxprocs4EndWithNPlus3Threads(int n) {
    Harness h = new Harness(GoOptions.DEFAULT.withGomaxprocs(4), Harness.bSyscalls(n)).run();
    assertTrue(
        h.go.result().stdout().contains("block in read(2): os_threads=" + (n + 3) + "\n"),
        h.go.result().stdout());
  }

  @Test
  void threadLimitEndsWithTheRealTwoLineMessageAndStatus2() throws IOException {
    String[] real = resource("e_limit.stderr").split("\n");
    Harness h = new Harness(GoOptions.DEFAULT.withGomaxprocs(4), Harness.eLimit()).run();
    assertEquals(real[0] + "\n" + real[1] + "\n", h.go.result().stderr());
    assertEquals(2, h.go.result().exitStatus());
    assertEquals(2, h.kernel.exitGroupStatus);
  }

  @Test
  void setMaxThreadsBelowTheLiveCountThrowsAtOnce() {
    Harness h =
        new Harness(GoOptions.DEFAULT, GoProgram.empty().setMaxThreads(2).print("no\n")).run();
    assertEquals(
        "runtime: program exceeds 2-thread limit\nfatal error: thread exhaustion\n",
        h.go.result().stderr());
    assertEquals(2, h.go.result().exitStatus());
  }
}
