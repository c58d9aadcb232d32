package io.github.clonepath.gocapture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.ReferencePrograms;
import io.github.clonepath.lab.compare.TraceLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cgo path (newm1 → _cgo_thread_start → glibc's pthread_create) and the libc-thread newosproc
 * against the real captures a_hello_cgo and d_cgo (FINDINGS §5): the creating thread's calls per
 * new M and the new thread's first calls, both traces read by the lab's strace parser. Addresses
 * the kernel chooses are replaced by ADDR; their relations (guard page, tid word, stack base) are
 * checked on the model's numbers. (go-runtime-model's CgoPathTest keeps what needs no trace.)
 */
class CgoPathCaptureTest {
  private static final String GO_MASK = "rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], [], 8) = 0";

  /** Every clone3 with the parent's calls from Go's mask to Go's restore. */
  private static List<List<String>> creations(List<TraceLine> calls) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      TraceLine c = calls.get(i);
      if (!c.name().equals("clone3")) {
        continue;
      }
      List<String> before = new ArrayList<>();
      for (int j = i - 1; j >= 0; j--) {
        if (calls.get(j).pid() == c.pid()) {
          before.add(0, calls.get(j).text());
          if (calls.get(j).text().equals(GO_MASK)) {
            break;
          }
        }
      }
      List<String> seq = new ArrayList<>(before);
      seq.add(c.text());
      for (int j = i + 1; j < calls.size() && seq.size() < before.size() + 3; j++) {
        if (calls.get(j).pid() == c.pid()) {
          seq.add(calls.get(j).text());
        }
      }
      out.add(seq);
    }
    return out;
  }

  private static String shape(List<String> calls) {
    return String.join("\n", calls)
        .replaceAll("0x7[0-9a-f]{9,}", "ADDR")
        .replaceAll("0x1[0-9a-f]{11}", "ADDR")
        .replaceAll("parent_tid=\\[\\d+\\]", "parent_tid=[TID]")
        .replaceAll(", 88\\) = \\d+", ", 88) = TID");
  }

  /** A child's first calls, without the malloc arena threadentry's free() sets up. */
  private static List<String> childCalls(List<TraceLine> f, int tid) {
    List<String> out = new ArrayList<>();
    for (TraceLine c : f) {
      if (c.pid() != tid || out.size() == 5) {
        continue;
      }
      String t = c.text();
      boolean arena =
          t.startsWith("mmap(NULL, 134217728, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE")
              || t.startsWith("mmap(0x") && t.contains("MAP_NORESERVE")
              || t.startsWith("munmap(")
              || t.startsWith("mprotect(") && t.contains(", 135168, ");
      if (!arena) {
        out.add(
            t.replaceAll("ss_sp=0xc0[0-9a-f]+", "ss_sp=GSIGNAL")
                .replaceAll("gettid\\(\\) = \\d+$", "gettid() = TID"));
      }
    }
    return out;
  }

  private static List<Integer> children(List<TraceLine> f) {
    List<Integer> out = new ArrayList<>();
    for (TraceLine c : f) {
      if (c.name().equals("clone3")) {
        out.add(Integer.parseInt(c.text().substring(c.text().lastIndexOf("= ") + 2).trim()));
      }
    }
    return out;
  }

  private static void creatingThreadMatches(List<TraceLine> real, List<TraceLine> model) {
    List<List<String>> r = creations(real);
    List<List<String>> m = creations(model);
    assertTrue(m.size() >= 3, "model creations: " + m.size());
    // the first pthread_create of the process also runs glibc's late_init (SIG_UNBLOCK)
    assertEquals(8, r.get(0).size(), String.join("\n", r.get(0)));
    assertEquals(shape(r.get(0)), shape(m.get(0)));
    for (int i = 1; i < r.size(); i++) {
      assertEquals(7, r.get(i).size(), "FINDINGS §5: 7 calls per M");
      assertEquals(shape(r.get(1)), shape(r.get(i)), "the capture has one later shape");
    }
    for (int i = 1; i < m.size(); i++) {
      assertEquals(shape(r.get(1)), shape(m.get(i)), "model creation " + i);
    }
  }

  @Test
  void cgoCreationsFromTheCreatingThreadMatchAHelloCgoCallForCall() throws IOException {
    List<TraceLine> real = GoModel.capture("a_hello_cgo.strace");
    GoModel h = new GoModel(GoOptions.DEFAULT.withCgo(true), ReferencePrograms.aHello()).run();
    creatingThreadMatches(real, h.traced());
    assertEquals("hello\n", h.go.result().stdout());
  }

  @Test
  void cgoCreationsFromTheCreatingThreadMatchDCgoCallForCall() throws IOException {
    List<TraceLine> real = GoModel.capture("d_cgo.strace");
    GoModel h =
        new GoModel(GoOptions.DEFAULT.withCgo(true).withGomaxprocs(4), ReferencePrograms.dCgo())
            .run();
    creatingThreadMatches(real, h.traced());
  }

  private static final Pattern MMAP = Pattern.compile("= (0x[0-9a-f]+)$");
  private static final Pattern MPROTECT = Pattern.compile("^mprotect\\((0x[0-9a-f]+), 8388608,");
  private static final Pattern CLONE3 =
      Pattern.compile(
          "child_tid=(0x[0-9a-f]+), parent_tid=(0x[0-9a-f]+), exit_signal=0,"
              + " stack=(0x[0-9a-f]+), stack_size=0x7fff80, tls=(0x[0-9a-f]+)");

  private static long hex(Pattern p, String s, int group) {
    Matcher m = p.matcher(s);
    assertTrue(m.find(), s);
    return Long.parseUnsignedLong(m.group(group).substring(2), 16);
  }

  @Test
  void cgoThreadStackIsEightMiBPlusAGuardBelowAndTheTidWordIs0x2d0IntoThePthread() {
    GoModel h = new GoModel(GoOptions.DEFAULT.withCgo(true), ReferencePrograms.aHello()).run();
    for (List<String> c : creations(h.traced())) {
      String mmap = c.get(c.size() - 6);
      String mprotect = c.get(c.size() - 5);
      String clone3 = c.get(c.size() - 3);
      assertTrue(mmap.startsWith("mmap(NULL, 8392704, PROT_NONE,"), mmap);
      long base = hex(MMAP, mmap, 1);
      assertEquals(base + 4096, hex(MPROTECT, mprotect, 1), "the guard page stays low");
      assertEquals(base, hex(CLONE3, clone3, 3), "clone3 stack = the mapping's base");
      long tls = hex(CLONE3, clone3, 4);
      assertEquals(tls + 0x2d0, hex(CLONE3, clone3, 1), "child_tid = &pd->tid");
      assertEquals(tls + 0x2d0, hex(CLONE3, clone3, 2), "parent_tid = &pd->tid");
      assertTrue(tls > base + 8388608 && tls < base + 8392704, "struct pthread at the top");
    }
  }

  @Test
  void cgoChildRunsStartThreadsMaskThenGoMinitAsInTheCapturesLessTheMallocArena()
      throws IOException {
    List<TraceLine> real = GoModel.capture("a_hello_cgo.strace");
    List<String> expected = childCalls(real, children(real).get(0));
    assertEquals(
        List.of(
            "rt_sigprocmask(SIG_SETMASK, ~[KILL STOP RTMIN RT_1], NULL, 8) = 0",
            "sigaltstack(NULL, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}) = 0",
            "sigaltstack({ss_sp=GSIGNAL, ss_flags=0, ss_size=32768}, NULL) = 0",
            "rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0",
            "gettid() = TID"),
        expected);
    for (String name : List.of("a_hello_cgo.strace", "d_cgo.strace")) {
      List<TraceLine> r = GoModel.capture(name);
      for (int child : children(r)) {
        assertEquals(expected, childCalls(r, child), name + " child " + child);
      }
    }
    GoModel h = new GoModel(GoOptions.DEFAULT.withCgo(true), ReferencePrograms.aHello()).run();
    List<TraceLine> model = h.traced();
    int ran = 0;
    for (int child : children(model)) {
      List<String> calls = childCalls(model, child);
      if (!calls.isEmpty()) {
        assertEquals(expected, calls, "model child " + child);
        ran++;
      }
    }
    assertTrue(ran >= 3, "children that ran before exit: " + ran);
  }

  @Test
  void libcThreadNewosprocCreatesDetachedPthreadsWithGosMaskAroundThem() {
    GoModel h =
        new GoModel(GoOptions.DEFAULT.withLibcThreads(true), ReferencePrograms.aHello()).run();
    List<List<String>> m = creations(h.traced());
    assertTrue(m.size() >= 3, "creations " + m.size());
    for (List<String> c : m) {
      assertEquals(GO_MASK, c.get(0));
      assertTrue(c.get(c.size() - 3).startsWith("clone3({flags=CLONE_VM|CLONE_FS"), c.toString());
      assertEquals("rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0", c.get(c.size() - 1));
    }
    assertEquals("hello\n", h.go.result().stdout());
    assertEquals(0, h.go.result().exitStatus());
  }
}
