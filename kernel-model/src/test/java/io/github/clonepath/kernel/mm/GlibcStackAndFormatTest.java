package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.MmTesting.ANON;
import static io.github.clonepath.kernel.mm.MmTesting.PAGE;
import static io.github.clonepath.kernel.mm.MmTesting.RW;
import static io.github.clonepath.kernel.mm.MmTesting.lines;
import static io.github.clonepath.kernel.mm.MmTesting.mm;
import static io.github.clonepath.kernel.syscall.MapFlags.MAP_STACK;
import static io.github.clonepath.kernel.syscall.Prot.PROT_NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Madvise;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.MmFormat;
import io.github.clonepath.kernel.syscall.Prot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** glibc's default thread stack against the reference capture, and strace 6.1's call texts. */
class GlibcStackAndFormatTest {
  private static final Pattern MAPS =
      Pattern.compile("maps: ([0-9a-f]+)-([0-9a-f]+) (.{4}) (00000000 00:00 0)");

  private static String resource(String name) throws IOException {
    try (InputStream in = GlibcStackAndFormatTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The first thread's guard and stack lines of s1_seq: "---p" page, then an 8 MiB "rw-p". */
  @Test
  void glibcDefaultThreadStackGivesTheTwoVmaLinesOfTheReferenceMaps() throws IOException {
    List<String[]> ref = new ArrayList<>();
    Matcher m = MAPS.matcher(resource("/reference/glibc-2.36/s1_seq.trace"));
    while (m.find() && ref.size() < 2) {
      ref.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
    }
    MmStruct mm = mm();
    long b = mm.mmap(0, 8392704, PROT_NONE, ANON | MAP_STACK, -1, 0);
    assertEquals(0, mm.mprotect(b + PAGE, 8388608, RW));
    String[] l = lines(mm);
    assertEquals(2, l.length);
    for (int i = 0; i < 2; i++) {
      long refLen = Long.parseLong(ref.get(i)[1], 16) - Long.parseLong(ref.get(i)[0], 16);
      long start = i == 0 ? b : b + PAGE;
      String expected =
          String.format("%x-%x %s %s", start, start + refLen, ref.get(i)[2], ref.get(i)[3]);
      assertEquals(expected, l[i]);
    }
    assertEquals(0x7ffff77fe000L, b);
  }

  /** The s8_fail_huge calls, re-printed from their parsed arguments. */
  @Test
  void mmFormatReprintsTheReferenceHugeStackCalls() throws IOException {
    String trace = resource("/reference/glibc-2.36/s8_fail_huge.trace");
    String mmap =
        MmFormat.mmap(0, 70368744181760L, PROT_NONE, ANON | MAP_STACK, -1, 0, 0x155c70f59000L);
    String mprotect =
        MmFormat.mprotect(0x155c70f5a000L, 70368744177664L, RW, Errno.ENOMEM.result());
    String munmap = MmFormat.munmap(0x155c70f59000L, 70368744181760L, 0);
    for (String s : new String[] {mmap, mprotect, munmap}) {
      assertEquals(true, trace.contains(" " + s + "\n"), s);
    }
    String fixed =
        MmFormat.mmap(
            0x7f3df8d8a000L,
            1400832,
            Prot.PROT_READ | Prot.PROT_EXEC,
            MapFlags.MAP_PRIVATE | MapFlags.MAP_FIXED | MapFlags.MAP_DENYWRITE,
            3,
            0x26000,
            0x7f3df8d8a000L);
    assertEquals(true, trace.contains(" " + fixed + "\n"), fixed);
  }

  /** Texts printed by strace 6.1 on the reference machine for odd arguments. */
  @Test
  void formatsMatchStraceForUnknownBitsTypesAndAdvice() {
    assertEquals("MAP_FILE|MAP_ANONYMOUS", MapFlags.format(MapFlags.MAP_ANONYMOUS));
    assertEquals("0x4 /* MAP_??? */|MAP_ANONYMOUS", MapFlags.format(0x24));
    assertEquals(
        "MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS|MAP_32BIT|MAP_NORESERVE|MAP_POPULATE|MAP_NONBLOCK"
            + "|MAP_GROWSDOWN|MAP_DENYWRITE|MAP_EXECUTABLE|MAP_LOCKED|MAP_STACK|MAP_HUGETLB"
            + "|MAP_SYNC|MAP_FIXED_NOREPLACE|0x3e00680",
        MapFlags.format(0x2 | 0x3fffff0));
    assertEquals("MAP_PRIVATE|MAP_ANONYMOUS|63<<MAP_HUGE_SHIFT", MapFlags.format(0xfc000022));
    assertEquals("MAP_PRIVATE|MAP_ANONYMOUS|1<<MAP_HUGE_SHIFT", MapFlags.format(0x4000022));
    assertEquals(
        "PROT_READ|PROT_WRITE|PROT_EXEC|PROT_SEM|PROT_GROWSDOWN|PROT_GROWSUP|0xfcfffff0",
        Prot.format(0xffffffff));
    assertEquals("PROT_NONE", Prot.format(0));
    assertEquals("PROT_READ|0x10", Prot.format(0x11));
    assertEquals("0x4d2 /* MADV_??? */", Madvise.format(1234));
    assertEquals("0xffffffff /* MADV_??? */", Madvise.format(-1));
    assertEquals("MADV_DONTNEED_LOCKED", Madvise.format(24));
    assertEquals(
        "madvise(0x7fbaed269000, 18446744073709547520, MADV_DONTNEED) = -1 EINVAL (Invalid argument)",
        MmFormat.madvise(0x7fbaed269000L, -4096L, Madvise.MADV_DONTNEED, Errno.EINVAL.result()));
    assertEquals(
        "mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0xfffffffffffff000) = 0x7fae477a1000",
        MmFormat.mmap(0, 4096, 0, ANON, -1, -4096L, 0x7fae477a1000L));
    assertEquals("munmap(NULL, 4096) = 0", MmFormat.munmap(0, 4096, 0));
  }
}
