package io.github.clonepath.cli.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SysCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String script) {
    CommandLine cl =
        Main.commandLine()
            .addSubcommand(
                "sys-test",
                new SysCommand(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8))));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute("sys-test");
  }

  private List<String> lines() {
    return out.toString().lines().toList();
  }

  @Test
  void glibcsDefaultThreadStackGivesTheTwoVmasOfTheRealMaps() {
    // From the reference capture s1_seq (glibc 2.36, Linux 6.18): the stack is mapped PROT_NONE,
    // everything above the lowest page is opened read-write, and /proc/self/maps then shows
    //   7efe17e4f000-7efe17e50000 ---p 00000000 00:00 0     (the 4096-byte guard)
    //   7efe17e50000-7efe18650000 rw-p 00000000 00:00 0     (8388608 bytes of stack)
    int rc =
        run(
            "mmap(NULL, 8392704, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK, -1, 0)\n"
                + "mprotect($1+4096, 8388608, PROT_READ|PROT_WRITE)\n"
                + "maps\n");
    assertEquals(0, rc, err.toString());
    List<String> l = lines();
    assertTrue(
        l.get(0)
            .matches(
                "mmap\\(NULL, 8392704, PROT_NONE, MAP_PRIVATE\\|MAP_ANONYMOUS\\|MAP_STACK, -1, 0\\)"
                    + " = 0x[0-9a-f]+"),
        l.get(0));
    long base = Long.parseLong(l.get(0).substring(l.get(0).indexOf("= 0x") + 4), 16);
    assertEquals(
        String.format("mprotect(0x%x, 8388608, PROT_READ|PROT_WRITE) = 0", base + 4096), l.get(1));
    assertTrue(
        l.contains(String.format("%x-%x ---p 00000000 00:00 0 ", base, base + 4096)), l.toString());
    assertTrue(
        l.contains(String.format("%x-%x rw-p 00000000 00:00 0 ", base + 4096, base + 8392704)),
        l.toString());
  }

  @Test
  void errorsPrintAsStraceDoesAndReferencesOfFailedCallsAreMinusOne() {
    int rc = run("munmap(0x1001, 4096)\nmunmap($1+1, 4096)\n");
    assertEquals(0, rc);
    // munmap of an unaligned address: EINVAL (mm/mmap.c do_vmi_munmap); -1 + 1 = 0 is aligned,
    // and unmapping a hole succeeds.
    assertEquals(
        List.of("munmap(0x1001, 4096) = -1 EINVAL (Invalid argument)", "munmap(NULL, 4096) = 0"),
        lines());
  }

  @Test
  void numbersOutOfRangeAreOneLineNamingTheLineAndEarlierLinesKeepTheirOutput() {
    String mmap = "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n";
    for (String bad :
        List.of(
            "munmap(18446744073709551616, 4096)",
            "munmap(-9223372036854775809, 4096)",
            "munmap(0x10000000000000000, 4096)",
            "munmap($1+18446744073709551616, 4096)")) {
      out.getBuffer().setLength(0);
      err.getBuffer().setLength(0);
      assertEquals(2, run(mmap + bad + "\n"), bad);
      assertEquals(1, lines().size(), out.toString());
      String n = bad.substring(bad.indexOf(bad.contains("+") ? '+' : '(') + 1, bad.indexOf(','));
      assertEquals(
          "clonepath sys: line 2: " + n + " does not fit in 64 bits (see 'clonepath sys --help')",
          err.toString().strip());
    }
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    assertEquals(2, run(mmap + "munmap($99999999999, 4096)\n"));
    assertEquals(
        "clonepath sys: line 2: $99999999999 names no earlier call (1 call(s) so far) (see"
            + " 'clonepath sys --help')",
        err.toString().strip());
  }

  @Test
  void theWholeU64RangeReachesTheKernel() {
    // a length of 2^64-1 page-aligns to 0, which do_mmap refuses with ENOMEM
    assertEquals(
        0, run("mmap(NULL, 18446744073709551615, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"));
    assertEquals(
        List.of(
            "mmap(NULL, 18446744073709551615, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1"
                + " ENOMEM (Cannot allocate memory)"),
        lines());
  }

  @Test
  void aVforkCloneSleepsUntilItsChildExitsAndPrintsAsStraceDoes() {
    // strace 6.1 on Linux 6.18, a raw clone(CLONE_VM|CLONE_VFORK|SIGCHLD) whose child exits at
    // once:
    //   clone(child_stack=NULL, flags=CLONE_VM|CLONE_VFORK|SIGCHLD) = 29179
    //   getpid()                                = 29178
    int rc =
        run("gettid()\nclone(CLONE_VM|CLONE_VFORK|SIGCHLD, NULL, NULL, NULL, NULL)\ngetpid()\n");
    assertEquals(0, rc, err.toString());
    List<String> l = lines();
    assertEquals(3, l.size(), out.toString());
    assertTrue(
        l.get(1)
            .matches("clone\\(child_stack=NULL, flags=CLONE_VM\\|CLONE_VFORK\\|SIGCHLD\\) = \\d+"),
        l.get(1));
    assertEquals(l.get(0).replace("gettid", "getpid"), l.get(2));
  }

  @Test
  void anUnreadableLineExitsTwoNamingTheLineAfterRunningWhatCameBefore() {
    int rc =
        run("mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\nbogus\ngettid()\n");
    assertEquals(2, rc);
    assertEquals(1, lines().size(), out.toString());
    assertTrue(err.toString().contains("line 2"), err.toString());
  }

  @Test
  void exitEndsTheProcessAndIsPrintedAsStraceDoes() {
    assertEquals(0, run("exit(3)\ngettid()\n"));
    assertEquals(List.of("exit(3) = ?"), lines());
  }
}
