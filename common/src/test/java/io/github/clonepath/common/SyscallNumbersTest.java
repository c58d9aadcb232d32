package io.github.clonepath.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SyscallNumbersTest {
  /** {@code PID [ NR] name(}: strace -n's number in brackets before the name. */
  private static final Pattern LINE = Pattern.compile("^\\d+ +\\[ *(\\d+)\\] ([a-z_0-9]+)\\(");

  /** Every name and number of a real {@code strace -f -n} capture of numbers.c. */
  private static Map<String, Integer> captured() throws IOException {
    Map<String, Integer> seen = new LinkedHashMap<>();
    try (InputStream in =
        SyscallNumbersTest.class.getResourceAsStream("/reference/syscall-numbers/numbers.trace")) {
      assertNotNull(in, "the capture is in the test resources");
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        Matcher m = LINE.matcher(line);
        if (m.find()) {
          seen.put(m.group(2), Integer.parseInt(m.group(1)));
        }
      }
    }
    return seen;
  }

  @Test
  void everyCallOfTheRealCaptureHasStracesNumber() throws IOException {
    Map<String, Integer> seen = captured();
    // the calls the model records, each once at least in the capture
    for (String name :
        java.util.List.of(
            "clone",
            "clone3",
            "exit",
            "exit_group",
            "wait4",
            "futex",
            "mmap",
            "mprotect",
            "munmap",
            "madvise",
            "rt_sigprocmask",
            "rt_sigaction",
            "sigaltstack",
            "set_robust_list",
            "set_tid_address",
            "rseq",
            "arch_prctl",
            "write",
            "openat",
            "close",
            "dup",
            "dup3",
            "fcntl",
            "pipe2",
            "getcwd",
            "chdir",
            "gettid",
            "getpid",
            "getppid",
            "getuid",
            "umask",
            "getrlimit",
            "setrlimit",
            "setresuid",
            "sched_yield",
            "kill",
            "tgkill",
            "execve",
            "newfstatat")) {
      assertTrue(seen.containsKey(name), name + " is in the capture");
    }
    seen.forEach((name, nr) -> assertEquals(nr, SyscallNumbers.number(name), name));
  }

  @Test
  void theTableHoldsTheNative64BitRowsOnly() {
    assertEquals(0, SyscallNumbers.number("read"));
    assertEquals(334, SyscallNumbers.number("rseq"));
    assertEquals(424, SyscallNumbers.number("pidfd_send_signal"));
    assertEquals(SyscallNumbers.LIMIT - 1, SyscallNumbers.number("set_mempolicy_home_node"));
    // 0..334 and 424..450
    assertEquals(335 + 27, SyscallNumbers.size());
    assertEquals(SyscallNumbers.NONE, SyscallNumbers.number("clone4"));
    assertEquals(SyscallNumbers.NONE, SyscallNumbers.number("CLONE3"));
  }

  @Test
  void anEventCarriesTheNumberOfItsName() {
    SyscallEvent clone3 =
        new SyscallEvent(0, 1, 0, "clone3", new long[] {0, 88}, 2, true, null, e -> "clone3()");
    assertEquals(435, clone3.number());
    assertEquals(186, new SyscallEvent(0, 1, 0, "gettid", "gettid() = 1", 1).number());
    assertEquals(
        SyscallNumbers.NONE,
        new SyscallEvent(0, 1, 0, "nosuchcall", "nosuchcall() = 0", 0).number());
  }

  @Test
  void aCountingSinkTalliesCallsByNumber() {
    EventLog log = new EventLog();
    SyscallCounts counts = new SyscallCounts();
    log.streamTo(counts);
    log.append(new SyscallEvent(0, 1, 0, "futex", "futex() = 0", 0));
    log.append(new SyscallEvent(0, 1, 0, "futex", "futex() = 0", 0));
    log.append(new SyscallEvent(0, 1, 0, "madvise", "madvise() = 0", 0));
    log.append(new SyscallEvent(0, 1, 0, "nosuchcall", "nosuchcall() = 0", 0));
    log.append(new NoteEvent(0, 1, 0, "a note"));
    assertEquals(2, counts.count(202));
    assertEquals(1, counts.count(28));
    assertEquals(0, counts.count(435));
    assertEquals(1, counts.unnumbered());
  }
}
