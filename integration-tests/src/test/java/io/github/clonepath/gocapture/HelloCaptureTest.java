package io.github.clonepath.gocapture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.SyscallEvent;
import io.github.clonepath.goruntime.GoOptions;
import io.github.clonepath.goruntime.ReferencePrograms;
import io.github.clonepath.lab.compare.GoTraceComparator;
import io.github.clonepath.lab.compare.TraceLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * go/a_hello on the model against the real Go 1.19 capture a_hello.strace, both read by the lab's
 * strace parser: the clones' stacks and TLS, and m0's start-up up to the first clone.
 * (go-runtime-model's ReferenceScenariosTest keeps what needs no trace.)
 */
class HelloCaptureTest {
  /** An address the kernel chose: where it put a mapping, and any address inside one. */
  private static final Pattern KERNEL_CHOSEN = Pattern.compile("0x7f[0-9a-f]{10}");

  /** One argument of each call, such as {@code child_stack} of each clone. */
  private static List<String> argument(String name, List<String> calls) {
    Pattern p = Pattern.compile(name + "=(0x[0-9a-f]+)");
    List<String> out = new ArrayList<>();
    for (String c : calls) {
      Matcher m = p.matcher(c);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  @Test
  void helloClonesUseTheRealChildStacksAndTlsAddresses() throws IOException {
    List<String> real =
        GoModel.capture("a_hello.strace").stream()
            .filter(l -> l.name().equals("clone"))
            .map(TraceLine::text)
            .toList();
    List<String> model =
        new GoModel(GoOptions.DEFAULT, ReferencePrograms.aHello()).run().calls("clone");
    assertEquals(3, real.size(), "the capture's clones: " + real);
    assertEquals(argument("child_stack", real), argument("child_stack", model));
    assertEquals(argument("tls", real), argument("tls", model));
  }

  /**
   * m0's calls before the first clone. The lab's comparator matches them as {@code clonepath
   * compare} does, every address the kernel chose named by its reservation ({@code Rn+0xOFF}),
   * since where the kernel puts each reservation is the kernel's business (the reference kernel,
   * 6.18, aligns anonymous mappings of 2 MiB multiples to 2 MiB; Linux 6.2 does not). What the
   * runtime decides then compares to the letter, every call the capture traced, not only those the
   * comparator keeps: sizes, protections, flags, the heap's and the binary's addresses.
   */
  @Test
  void helloMainThreadStartupMatchesTheRealTraceUpToTheFirstClone() throws IOException {
    List<TraceLine> capture = GoModel.capture("a_hello.strace");
    GoModel h = new GoModel(GoOptions.DEFAULT, ReferencePrograms.aHello()).run();
    GoTraceComparator.Birth startup =
        GoTraceComparator.compare(capture, h.trace()).threads().get(0);
    assertTrue(startup.match(), startup.toString());
    List<String> real = new ArrayList<>();
    for (TraceLine l : capture) {
      if (l.name().equals("clone")) {
        break;
      }
      real.add(l.text().replace("gettid() = " + l.pid(), "gettid() = TID"));
    }
    int main = h.go.pid();
    List<String> model = new ArrayList<>();
    for (SyscallEvent e : h.syscalls()) {
      if (e.name().equals("clone")) {
        break;
      }
      if (!GoTraceComparator.FILTER.contains(e.name())) {
        // not traced by the capture's strace -e filter: initsig's rt_sigaction calls
        continue;
      }
      model.add(e.text().replace("gettid() = " + main, "gettid() = TID"));
    }
    assertFalse(real.isEmpty());
    // the last call before clone is newosproc's mask-all, the first of the parent's three calls
    assertEquals(withoutKernelChoices(real), withoutKernelChoices(model));
  }

  private static List<String> withoutKernelChoices(List<String> calls) {
    return calls.stream().map(c -> KERNEL_CHOSEN.matcher(c).replaceAll("KERNEL")).toList();
  }
}
