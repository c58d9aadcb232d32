package io.github.clonepath.glibc.nptl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code __pthread_early_init} with a small RLIMIT_STACK, against the real runs of {@code
 * reference/small-rlimit/} and against the rule of {@code sysdeps/nptl/pthread_early_init.h} (glibc
 * 2.36) for limits too small for a real program to start.
 */
class SmallRlimitStackTest {
  private static String resource(String name) throws IOException {
    try (InputStream in =
        SmallRlimitStackTest.class.getResourceAsStream("/reference/small-rlimit/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Driver started(long rlimit, long staticTls) {
    Driver d = new Driver(LibcConfig.DEFAULT.withRlimitStack(rlimit).withStaticTlsSize(staticTls));
    return d.create("t", null).join("t").run();
  }

  @Test
  @DisplayName("every ulimit -s of the real run gives the real default size")
  void realRuns() throws IOException {
    Matcher m =
        Pattern.compile("rlimit (\\d+) default (\\d+)").matcher(resource("small_rlimit.out"));
    int cases = 0;
    while (m.find()) {
      Driver d = started(Long.parseLong(m.group(1)), LibcConfig.DEFAULT_STATIC_TLS_SIZE);
      assertEquals(
          Long.parseLong(m.group(2)), d.libc.pthreadAttrGetstacksize(new PthreadAttr()), m.group());
      cases++;
    }
    assertEquals(6, cases);
  }

  @ParameterizedTest(name = "ulimit -s {0}")
  @DisplayName("the thread's stack mmap has the captured length (default size + guard page)")
  @CsvSource({"16", "24"})
  void stackMmapLength(int kib) throws IOException {
    Matcher m =
        Pattern.compile("mmap\\(NULL, (\\d+), PROT_NONE, MAP_PRIVATE\\|MAP_ANONYMOUS\\|MAP_STACK")
            .matcher(resource("small_rlimit_" + kib + ".trace"));
    m.find();
    Driver d = started(kib * 1024L, LibcConfig.DEFAULT_STATIC_TLS_SIZE);
    assertEquals(Long.parseLong(m.group(1)), d.after("mmap").get(0).arg(1));
  }

  @ParameterizedTest(name = "RLIMIT_STACK {0}, static TLS {1}: default {2}")
  @DisplayName(
      "the rule: raised to PTHREAD_STACK_MIN, then to page + static TLS + MINIMAL_REST_STACK (2048)")
  @CsvSource({
    "4096, 4224, 16384", // below PTHREAD_STACK_MIN
    "12288, 4224, 16384",
    "16384, 12224, 20480", // 4096 + 12224 + 2048 = 18368, page-rounded
    "16384, 1052800, 1060864" // 4096 + 1052800 + 2048 = 1058944, page-rounded
  })
  void rule(long rlimit, long staticTls, long expected) {
    Driver d = new Driver(LibcConfig.DEFAULT.withRlimitStack(rlimit).withStaticTlsSize(staticTls));
    d.run();
    assertEquals(expected, d.libc.pthreadAttrGetstacksize(new PthreadAttr()));
  }
}
