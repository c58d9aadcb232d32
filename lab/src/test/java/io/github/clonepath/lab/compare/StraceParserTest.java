package io.github.clonepath.lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
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

  @Test
  void aSignalDeliveryIsHandedOnInItsPlaceButNotCountedAsACall() throws IOException {
    String trace =
        "7 futex(0x1, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>\n"
            + "8 --- SIGURG {si_signo=SIGURG, si_code=SI_TKILL, si_pid=7, si_uid=0} ---\n"
            + "7 <... futex resumed>) = 0\n"
            + "8 +++ exited with 0 +++\n";
    List<TraceLine> lines = new ArrayList<>();
    long calls = StraceParser.parse(new BufferedReader(new StringReader(trace)), lines::add);
    assertEquals(
        List.of(
            new TraceLine(
                8,
                StraceParser.SIGNAL,
                "--- SIGURG {si_signo=SIGURG, si_code=SI_TKILL, si_pid=7, si_uid=0} ---"),
            new TraceLine(7, "futex", "futex(0x1, FUTEX_WAIT_PRIVATE, 0, NULL) = 0")),
        lines);
    assertEquals(1, calls, "the exit line is dropped and the signal is no call");
    assertFalse(StraceParser.noCalls(lines));
    assertTrue(StraceParser.noCalls(lines.subList(0, 1)), "a signal alone is no trace");
  }
}
