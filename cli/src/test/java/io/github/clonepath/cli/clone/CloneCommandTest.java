package io.github.clonepath.cli.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CloneCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String stdin, String... args) {
    CommandLine cl =
        Main.commandLine()
            .addSubcommand(
                "clone-test",
                new CloneCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "clone-test";
    System.arraycopy(args, 0, all, 1, args.length);
    return cl.execute(all);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = CloneCommandTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  @DisplayName(
      "--batch answers every clone302 and clone3-selftest case with the errno of docs/notes/kernel.md §7")
  void batchAnswersTheChecklist() throws IOException {
    List<String> expected = resource("/clone/checklist.batch").lines().toList();
    StringBuilder in = new StringBuilder();
    for (String l : expected) {
      in.append(l.startsWith("#") ? l : l.substring(0, l.indexOf(" => "))).append('\n');
    }
    assertEquals(0, run(in.toString(), "--batch"), err.toString());
    List<String> got = out.toString().lines().toList();
    assertEquals(expected.size(), got.size(), out.toString());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), got.get(i), "line " + (i + 1));
    }
  }

  @Test
  @DisplayName(
      "--batch: every field takes its kernel type's whole range and the kernel answers, as the"
          + " real one did (full_range.c)")
  void batchFieldsTakeTheirWholeRange() throws IOException {
    List<String> expected = resource("/clone/full_range.batch").lines().toList();
    StringBuilder in = new StringBuilder();
    for (String l : expected) {
      in.append(l.startsWith("#") ? l : l.substring(0, l.indexOf(" => "))).append('\n');
    }
    assertEquals(0, run(in.toString(), "--batch"), err.toString());
    assertEquals(expected, out.toString().lines().toList());
  }

  @Test
  @DisplayName(
      "--batch: a line that cannot be read gets an error line of its own, the rest still run, and"
          + " the batch exits 2")
  void aBadLineNeverDropsTheRest() {
    List<String> bad =
        List.of(
            "clone4 flags=0",
            "clone3 colour=red",
            "clone3 stack=maybe",
            "clone3 flags=CLONE_BOGUS",
            "clone3 extra=tls:canonical",
            "clone3 extra=nothing:1",
            "clone size=64",
            "clone3 extra=cgroup:18446744073709551616",
            "clone3 extra=set_tid:valid,set_tid_val:2147483648",
            "clone3 extra=set_tid_size:-1");
    StringBuilder in = new StringBuilder("clone3 size=64\n");
    for (String b : bad) {
      in.append(b).append("\nclone3 size=63\n");
    }
    assertEquals(2, run(in.toString(), "--batch"));
    List<String> got = out.toString().lines().toList();
    assertEquals(1 + 2 * bad.size(), got.size(), out.toString());
    assertEquals("clone3 size=64 => ok", got.get(0));
    for (int i = 0; i < bad.size(); i++) {
      assertTrue(got.get(1 + 2 * i).startsWith(bad.get(i) + " => error: "), got.get(1 + 2 * i));
      assertEquals("clone3 size=63 => EINVAL", got.get(2 + 2 * i));
    }
    assertTrue(got.get(15).contains("does not fit in 64 bits"), got.get(15));
    assertTrue(got.get(17).contains("does not fit in a pid_t"), got.get(17));
    assertEquals(
        "clonepath clone: "
            + bad.size()
            + " lines could not be read (marked '=> error:'; see"
            + " 'clonepath clone --help')",
        err.toString().strip());
  }

  /** The structure rows of the lab's first table: kind to {sharing, before, after, child}. */
  private Map<String, List<String>> structureRows() {
    Map<String, List<String>> rows = new TreeMap<>();
    boolean inTable = false;
    for (String l : out.toString().lines().toList()) {
      if (l.startsWith("struct ")) {
        inTable = true;
        continue;
      }
      if (inTable && l.isEmpty()) {
        break;
      }
      if (inTable) {
        List<String> cells = List.of(l.split(" {2,}"));
        rows.put(cells.get(0), cells.subList(1, cells.size()));
      }
    }
    return rows;
  }

  private List<String> releasedLines() {
    List<String> l = out.toString().lines().toList();
    int i = l.indexOf(l.stream().filter(s -> s.startsWith("after task")).findFirst().orElseThrow());
    return l.subList(i + 1, l.size());
  }

  @Test
  @DisplayName(
      "lab, CLONE_VM|CLONE_FS: mm and fs shared (mm_users and users 1→2, mm_count stays 1),"
          + " files, sighand, signal copied with count 1; exit drops the shared counts back to 1")
  void labVmFs() {
    assertEquals(0, run("", "--flags", "CLONE_VM|CLONE_FS"), err.toString());
    assertTrue(out.toString().startsWith("3     clone(child_stack=0x"), out.toString());
    assertTrue(out.toString().contains("flags=CLONE_VM|CLONE_FS|SIGCHLD) = 4"), out.toString());
    Map<String, List<String>> r = structureRows();
    // kernel.md section 3: VM set → mmget (mm_users++); all users together hold one mm_count.
    assertEquals(
        List.of(
            "shared", "mm_users=1 mm_count=1", "mm_users=2 mm_count=1", "mm_users=2 mm_count=1"),
        r.get("mm"));
    // FS set → users++.
    assertEquals(List.of("shared", "users=1", "users=2", "users=2"), r.get("fs"));
    // FILES/SIGHAND clear → a new structure with count 1; THREAD clear → new signal_struct with
    // nr_threads = live = sigcnt = 1.
    assertEquals(List.of("copied", "count=1", "count=1", "count=1"), r.get("files"));
    assertEquals(List.of("copied", "count=1", "count=1", "count=1"), r.get("sighand"));
    String one = "sigcnt=1 live=1 nr_threads=1";
    assertEquals(List.of("copied", one, one, one), r.get("signal"));
    List<String> rel = releasedLines();
    assertTrue(rel.get(0).matches("mm +the child's reference dropped: mm_users 2→1, mm_count 1→1"));
    assertTrue(rel.get(1).matches("fs +the child's reference dropped: users 2→1"));
    assertTrue(rel.get(2).matches("files +the child's copy freed: count 1→0"));
    assertTrue(rel.get(3).matches("sighand +the child's copy freed: count 1→0"));
    assertTrue(
        rel.get(4).matches("signal +the child's copy freed: sigcnt 1→0, live 1→0, nr_threads 1→0"));
  }

  @Test
  @DisplayName("lab, plain fork: every structure copied with its counts at 1, all freed at exit")
  void labFork() {
    assertEquals(0, run("", "--flags", "0"), err.toString());
    assertTrue(out.toString().startsWith("3     clone(child_stack=NULL, flags=SIGCHLD) = 4"));
    Map<String, List<String>> r = structureRows();
    String mm = "mm_users=1 mm_count=1";
    assertEquals(List.of("copied", mm, mm, mm), r.get("mm"));
    assertEquals(List.of("copied", "users=1", "users=1", "users=1"), r.get("fs"));
    assertEquals(List.of("copied", "count=1", "count=1", "count=1"), r.get("files"));
    assertEquals(List.of("copied", "count=1", "count=1", "count=1"), r.get("sighand"));
    for (String l : releasedLines()) {
      assertTrue(l.contains("the child's copy freed"), l);
    }
    assertTrue(releasedLines().get(0).endsWith("mm_users 1→0, mm_count 1→0"));
  }

  @Test
  @DisplayName("lab, a refused clone: the errno, and every count as before")
  void labRefused() {
    assertEquals(0, run("", "--flags", "CLONE_SIGHAND"), err.toString());
    assertTrue(
        out.toString().contains("= -1 EINVAL (Invalid argument)\n\nfailed with EINVAL"),
        out.toString());
    assertTrue(out.toString().contains("every count is as before"), out.toString());
  }

  @Test
  @DisplayName("lab: an unknown flag or api exits 2")
  void labRefusesUnknownWords() {
    assertEquals(2, run("", "--flags", "CLONE_NOPE"));
    assertEquals(2, run("", "--api", "fork"));
  }
}
