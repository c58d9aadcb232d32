package io.github.clonepath.lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StraceParserTest {
  @Test
  void aLineWhosePidNoPidTHoldsIsNotAStraceLine() {
    List<TraceLine> lines =
        StraceParser.parse(
            "4294967296 gettid() = 1\n"
                + "99999999999999999999 gettid() = 1\n"
                + "2147483647 getpid()                = 7\n");
    assertEquals(List.of(new TraceLine(2147483647, "getpid", "getpid() = 7")), lines);
  }

  @Test
  void anUnfinishedCallIsJoinedWithItsResumption() {
    List<TraceLine> lines =
        StraceParser.parse(
            "12 futex(0x1, FUTEX_WAIT, 0, NULL <unfinished ...>\n"
                + "13 gettid() = 13\n"
                + "12 <... futex resumed>) = 0\n");
    assertEquals(
        List.of(
            new TraceLine(13, "gettid", "gettid() = 13"),
            new TraceLine(12, "futex", "futex(0x1, FUTEX_WAIT, 0, NULL) = 0")),
        lines);
  }
}
