package io.github.clonepath.lab.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.lab.sys.SysScript.Call;
import io.github.clonepath.lab.sys.SysScript.Literal;
import io.github.clonepath.lab.sys.SysScript.Maps;
import io.github.clonepath.lab.sys.SysScript.Ref;
import org.junit.jupiter.api.Test;

class SysScriptTest {

  @Test
  void blankLinesAndCommentsAreIgnoredAndLineNumbersKept() {
    SysScript s = SysScript.parse("# a comment\n\n  maps\n");
    assertNull(s.error());
    assertEquals(1, s.items().size());
    assertEquals(3, ((Maps) s.items().get(0)).line());
  }

  @Test
  void symbolicConstantsJoinWithBarAndNullIsZero() {
    Call c =
        (Call)
            SysScript.parse(
                    "mmap(NULL, 8392704, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK, -1, 0)")
                .items()
                .get(0);
    assertEquals(new Literal(0), c.args().get(0));
    assertEquals(new Literal(8392704), c.args().get(1));
    assertEquals(new Literal(0), c.args().get(2));
    // MAP_PRIVATE 0x02 | MAP_ANONYMOUS 0x20 | MAP_STACK 0x20000, from <sys/mman.h>
    assertEquals(new Literal(0x20022), c.args().get(3));
    assertEquals(new Literal(-1), c.args().get(4));
  }

  @Test
  void hexAndNegativeNumbers() {
    Call c = (Call) SysScript.parse("munmap(0x7ffff77fe000, -4096)").items().get(0);
    assertEquals(new Literal(0x7ffff77fe000L), c.args().get(0));
    assertEquals(new Literal(-4096), c.args().get(1));
  }

  @Test
  void referencesNameEarlierCallLinesWithOffsetsInDecimalOrHex() {
    SysScript s =
        SysScript.parse(
            "mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"
                + "maps\n"
                + "mprotect($1+0x1000, 4096, PROT_READ)\n"
                + "munmap($1-16, 4096)\n"
                + "munmap($2, 4096)");
    assertNull(s.error());
    assertEquals(new Ref(1, 0x1000), ((Call) s.items().get(2)).args().get(0));
    assertEquals(new Ref(1, -16), ((Call) s.items().get(3)).args().get(0));
    assertEquals(new Ref(2, 0), ((Call) s.items().get(4)).args().get(0));
  }

  @Test
  void aReferenceToALaterCallIsAnErrorNamingTheLine() {
    SysScript s = SysScript.parse("maps\nmunmap($1, 4096)\nmaps");
    assertEquals(2, s.error().line());
    assertEquals(1, s.items().size(), "only what comes before the bad line is kept");
  }

  @Test
  void unknownCallsConstantsAndArityAreErrorsNamingTheLine() {
    assertEquals(1, SysScript.parse("fork()").error().line());
    assertTrue(
        SysScript.parse("maps\nmprotect(0, 4096, PROT_BOGUS)")
            .error()
            .message()
            .contains("PROT_BOGUS"));
    assertEquals(2, SysScript.parse("maps\nmunmap(0)").error().line());
    assertEquals(1, SysScript.parse("munmap(0,)").error().line());
  }

  @Test
  void aCallIsANameOfLowercaseDigitsOrUnderscoreThenBlanksThenParenthesesToTheLineEnd() {
    // blanks between the name and "(", around the arguments, and CRLF line ends are accepted
    SysScript s = SysScript.parse("gettid ()\r\nmunmap\t( 0x1000 ,4096 )\r\n\r\ngetpid()");
    assertNull(s.error());
    assertEquals(3, s.items().size());
    assertEquals(4, s.items().get(2).line());
    assertEquals(new Literal(0x1000), ((Call) s.items().get(1)).args().get(0));
    String expected = "expected name(arg, ...) or maps, got ";
    for (String bad :
        new String[] {"Gettid()", "(4096)", "gettid(", "gettid)", "gettid()x", "gettid(\r)"}) {
      SysScript.ParseError e = SysScript.parse("getpid()\n" + bad).error();
      assertEquals(2, e.line(), bad);
      assertTrue(e.message().startsWith(expected), bad + ": " + e.message());
    }
    // a lone CR is no line end: it stays inside the line, which then does not read
    assertEquals(1, SysScript.parse("getpid()\rgettid()").error().line());
  }

  @Test
  void numbersAreDecimalOrHexWithAPrefixAndAnOptionalMinus() {
    Call c = (Call) SysScript.parse("munmap(0X10, -0x20)").items().get(0);
    assertEquals(new Literal(0x10), c.args().get(0));
    assertEquals(new Literal(-0x20), c.args().get(1));
    for (String bad : new String[] {"0x", "-", "0x1g", "00x1", "1-2", "--1"}) {
      SysScript.ParseError e = SysScript.parse("munmap(" + bad + ", 4096)").error();
      assertEquals("unknown constant '" + bad + "'", e.message(), bad);
    }
  }
}
