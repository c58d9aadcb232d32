package io.github.clonepath.kernel.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A written string as strace prints it, against a real capture: {@code captures/utf8_write.c}
 * traced with {@code strace -s 3 -e trace=write} (strace 6.1). strace shows the bytes, so {@code é}
 * is {@code \303\251}, and {@code -s} counts bytes, so a cut may fall inside a character.
 */
class StraceStringTest {
  private static List<String> capture() throws IOException {
    try (InputStream in =
        StraceStringTest.class.getResourceAsStream("/captures/utf8_write.strace")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  /** The quoted argument of a captured write line, with the "..." that follows a cut. */
  private static String quoted(String line) {
    int start = line.indexOf('"');
    int end = line.indexOf(", ", line.lastIndexOf('"'));
    return line.substring(start, end);
  }

  @Test
  void aCharacterOutsideAsciiIsItsUtf8BytesInOctal() throws IOException {
    assertEquals(quoted(capture().get(0)), Strace.string("h\u00e9llo\n", 3));
  }

  @Test
  void theLimitCountsBytesAndMayCutACharacter() throws IOException {
    assertEquals(quoted(capture().get(1)), Strace.string("\u00e9\u00e9\u00e9", 3));
  }

  @Test
  void asciiTextIsUnchanged() {
    assertEquals("\"ab\\n\"", Strace.string("ab\n", 32));
  }
}
