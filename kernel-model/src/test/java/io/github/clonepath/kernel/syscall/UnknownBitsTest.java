package io.github.clonepath.kernel.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every flag and enum printer against strace 6.1's rendering of values it has no name for, read
 * from real captures of the programs beside them ({@code reference/strace-unknown-bits/}): each
 * argument the program passes (its raw value, in the program's order) is printed by the model's
 * printer and compared with the text of the same argument in the captured line.
 */
class UnknownBitsTest {
  private static final String DIR = "/reference/strace-unknown-bits/";

  /**
   * The text of group 1 of {@code pattern} in every line of a capture that matches it, after the
   * dynamic loader's work (which ends with its munmap of the library cache).
   */
  private static List<String> argumentsIn(String capture, String pattern) throws IOException {
    String text;
    try (InputStream in = UnknownBitsTest.class.getResourceAsStream(DIR + capture)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int loaderEnd = text.indexOf("\nmunmap(");
    text = loaderEnd < 0 ? text : text.substring(text.indexOf('\n', loaderEnd + 1));
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(pattern, Pattern.MULTILINE).matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Prints each raw value with the printer; the list must equal the captured arguments. */
  private static void check(
      String capture, String pattern, Function<Long, String> printer, long... raws)
      throws IOException {
    List<String> model = new ArrayList<>();
    for (long raw : raws) {
      model.add(printer.apply(raw));
    }
    assertEquals(argumentsIn(capture, pattern), model, capture + " " + pattern);
  }

  @Test
  @DisplayName("prot: only unknown bits is 0x10 /* PROT_??? */; a named bit keeps the rest plain")
  void protection() throws IOException {
    check(
        "unknown_bits.trace",
        "^mprotect\\(0x[0-9a-f]+, 4096, (.*)\\) +=",
        v -> Prot.format((int) (long) v),
        0x10,
        Prot.PROT_READ | 0x10,
        0x20000000,
        Prot.PROT_NONE);
  }

  @Test
  @DisplayName("mmap flags: an unknown type is commented, unknown bits after the type are plain")
  void mapFlags() throws IOException {
    check(
        "unknown_bits.trace",
        "^mmap\\(NULL, 4096, PROT_READ, (.*), -1, 0\\) +=",
        v -> MapFlags.format((int) (long) v),
        0,
        MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS | 0x8000000,
        0x4 | MapFlags.MAP_ANONYMOUS);
    check(
        "unknown_bits2.trace",
        "^mmap\\(NULL, 4096, PROT_READ, (.*), -1, 0\\) +=",
        v -> MapFlags.format((int) (long) v),
        MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS | 0x200000);
  }

  @Test
  @DisplayName("madvise: an unknown advice is 0x7 /* MADV_??? */")
  void advice() throws IOException {
    check(
        "unknown_bits.trace",
        "^madvise\\(0x[0-9a-f]+, 4096, (.*)\\) +=",
        v -> Madvise.format((int) (long) v),
        7,
        1000);
  }

  @Test
  @DisplayName(
      "futex: every command named, PRIVATE and CLOCK_REALTIME only where strace names them")
  void futexOps() throws IOException {
    check(
        "unknown_bits.trace",
        "^futex\\(0x[0-9a-f]+, ([^,)]*)[,)]",
        v -> Futex.formatOp((int) (long) v),
        13,
        13 | Futex.FUTEX_PRIVATE_FLAG,
        Futex.FUTEX_WAKE | 0x400);
    check(
        "unknown_bits2.trace",
        "^futex\\(NULL, ([^,)]*)[,)]",
        v -> Futex.formatOp((int) (long) v),
        14,
        Futex.FUTEX_WAKE | Futex.FUTEX_PRIVATE_FLAG | Futex.FUTEX_CLOCK_REALTIME);
    check(
        "futex_clock.trace",
        "^futex\\(0x[0-9a-f]+, ([^,)]*)[,)]",
        v -> Futex.formatOp((int) (long) v),
        Futex.FUTEX_WAIT_BITSET | Futex.FUTEX_CLOCK_REALTIME,
        Futex.FUTEX_WAIT_BITSET | Futex.FUTEX_CLOCK_REALTIME | Futex.FUTEX_PRIVATE_FLAG,
        Futex.FUTEX_WAIT | Futex.FUTEX_CLOCK_REALTIME,
        Futex.FUTEX_WAKE | Futex.FUTEX_CLOCK_REALTIME,
        Futex.FUTEX_WAKE_BITSET | Futex.FUTEX_CLOCK_REALTIME,
        Futex.FUTEX_WAKE | 0x200);
    List<Long> ops = new ArrayList<>();
    for (int op = 0; op <= 14; op++) {
      if (op != 0 && op != 9 && op != 11) {
        ops.add((long) op);
        ops.add((long) (op | Futex.FUTEX_PRIVATE_FLAG));
        ops.add((long) (op | Futex.FUTEX_CLOCK_REALTIME));
      }
    }
    ops.add((long) (Futex.FUTEX_WAIT_REQUEUE_PI | Futex.FUTEX_CLOCK_REALTIME));
    check(
        "futex_ops.trace",
        "^futex\\(NULL, ([^,)]*)[,)]",
        v -> Futex.formatOp((int) (long) v),
        ops.stream().mapToLong(Long::longValue).toArray());
  }

  @Test
  @DisplayName("signals: a number past the last signal is printed plain; an unknown how is SIG_???")
  void signalNumbers() throws IOException {
    check("unknown_bits.trace", "^kill\\(\\d+, (.*)\\) +=", Signals::name, 0, 70);
    check("unknown_bits.trace", "^tgkill\\(\\d+, \\d+, (.*)\\) +=", Signals::name, 65);
    check(
        "unknown_bits.trace",
        "^rt_sigprocmask\\([^\\[]*(\\[[^]]*\\]), NULL, 8\\) +=",
        Signals::formatSet,
        1L << 63 | 1,
        1L << 63 | 1,
        1L << 63 | 1);
  }

  @Test
  @DisplayName("sa_flags and wait4 options: only unknown bits carry SA_??? and W???")
  void saFlagsAndWaitOptions() throws IOException {
    check(
        "unknown_bits2.trace",
        "sa_flags=([^}]*)\\}",
        Signals::formatSaFlags,
        0x100,
        Signals.SA_RESTART | 0x100);
    check(
        "unknown_bits2.trace",
        "^wait4\\(-1, NULL, (.*), NULL\\) +=",
        v -> Wait.formatOptions((int) (long) v),
        0x100,
        Wait.WNOHANG | 0x100);
  }

  @Test
  @DisplayName("clone flags: only unknown bits is 0x1000000000 /* CLONE_??? */")
  void cloneFlags() throws IOException {
    check(
        "unknown_bits2.trace",
        "^clone3\\(\\{flags=([^,]*), ",
        v -> CloneFlags.format(v, true),
        0x1000000000L,
        CloneFlags.CLONE_VM | 0x1000000000L);
  }
}
