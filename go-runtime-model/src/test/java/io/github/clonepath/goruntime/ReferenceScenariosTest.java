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
    Harness h = new Harness(GoOptions.DEFAULT, ReferencePrograms.aHello()).run();
    String model = String.join("\n", h.calls("clone"));
    Pattern stack = Pattern.compile("child_stack=(0x[0-9a-f]+)");
    Pattern tls = Pattern.compile("tls=(0x[0-9a-f]+)");
    assertEquals(all(stack, real), all(stack, model));
    assertEquals(all(tls, real), all(tls, model));
  }

  /**
   * The calls before the first clone, with every address the kernel chose (a NULL-hint mmap's
   * result) named by its order, R0, R1, ..., and every other address in such a mapping written as
   * an offset into it. What the runtime decides compares exactly (sizes, protections, flags, the
   * commit offsets inside the summary and scavenge-index reservations); where the kernel puts each
   * reservation is the kernel's business (the reference kernel, 6.18, aligns anonymous mappings of
   * 2 MiB multiples to 2 MiB; Linux 6.2 does not).
   */
  private static List<String> relativeToReservations(List<String> calls) {
    Pattern addr = Pattern.compile("0x7f[0-9a-f]{10}");
    Pattern nullHint = Pattern.compile("^mmap\\(NULL, (\\d+),.* = (0x7f[0-9a-f]{10})$");
    List<long[]> reservations = new ArrayList<>();
    List<String> out = new ArrayList<>();
    for (String c : calls) {
      Matcher nh = nullHint.matcher(c);
      if (nh.matches()) {
        reservations.add(
            new long[] {Long.parseLong(nh.group(2).substring(2), 16), Long.parseLong(nh.group(1))});
        out.add(c.replace(nh.group(2), "R" + (reservations.size() - 1)));
        continue;
      }
      Matcher m = addr.matcher(c);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        long a = Long.parseLong(m.group().substring(2), 16);
        String name = m.group();
        for (int i = 0; i < reservations.size(); i++) {
          long[] r = reservations.get(i);
          if (a >= r[0] && a < r[0] + r[1]) {
            name = "R" + i + "+0x" + Long.toHexString(a - r[0]);
          }
        }
        m.appendReplacement(sb, name);
      }
      m.appendTail(sb);
      out.add(sb.toString());
    }
    return out;
  }

  @Test
  void helloMainThreadStartupMatchesTheRealTraceUpToTheFirstClone() throws IOException {
    Harness h = new Harness(GoOptions.DEFAULT, ReferencePrograms.aHello()).run();
    int main = h.go.pid();
    List<String> real = new ArrayList<>();
    for (String line : resource("a_hello.strace").split("\n")) {
      String call = line.substring(line.indexOf(' ')).trim();
      if (call.startsWith("clone(")) {
        break;
      }
      real.add(call.replaceAll("\\s+=", " =").replaceAll("gettid\\(\\) = \\d+", "gettid() = TID"));
    }
    List<String> model = new ArrayList<>();
    for (var e : h.syscalls()) {
      if (e.name().equals("clone")) {
        break;
      }
      model.add(e.text().replace("gettid() = " + main, "gettid() = TID"));
    }
    // the last call before clone is newosproc's mask-all, the first of the parent's three calls
    assertEquals(relativeToReservations(real), relativeToReservations(model));
  }

  @Test
  void everyNewThreadRunsTheFiveMinitCallsInTheRealOrder() {
    Harness h = new Harness(GoOptions.DEFAULT, ReferencePrograms.aHello()).run();
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
    Harness h = new Harness(GoOptions.DEFAULT, ReferencePrograms.aHello()).run();
    List<String> c = h.calls(h.go.pid(), "rt_sigprocmask", "clone");
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
    Harness h = new Harness(GoOptions.DEFAULT, ReferencePrograms.aHello()).run();
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
    Harness h =
        new Harness(GoOptions.DEFAULT.withGomaxprocs(4), ReferencePrograms.bSyscalls(n)).run();
    assertTrue(
        h.go.result().stdout().contains("block in read(2): os_threads=" + (n + 3) + "\n"),
        h.go.result().stdout());
  }

  @Test
  void threadLimitEndsWithTheRealTwoLineMessageAndStatus2() throws IOException {
    String[] real = resource("e_limit.stderr").split("\n");
    Harness h = new Harness(GoOptions.DEFAULT.withGomaxprocs(4), ReferencePrograms.eLimit()).run();
    assertEquals(real[0] + "\n" + real[1] + "\n", h.go.result().stderr());
    assertEquals(2, h.go.result().exitStatus());
    assertEquals(2, h.kernelExitStatus());
    // the 21st M id trips the limit before its clone: 19 clones, 20 threads (the capture's count)
    assertEquals(19, h.calls("clone").size());
    // in all 10 real runs the throw came from sysmon → retake → handoffp → startm → mReserveID
    long sysmon = h.go.result().threads().get(1).tid();
    assertEquals("SYSMON", h.go.result().threads().get(1).creator());
    assertEquals(
        List.of(sysmon),
        h.syscalls().stream()
            .filter(e -> e.name().equals("write") && e.text().contains("program exceeds"))
            .map(e -> (long) e.tid())
            .toList());
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
