package io.github.clonepath.lab.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Markdown view, checked against CommonMark written by hand from the format's rules. */
class MarkdownWalkTest {

  @Test
  void printsNestedListsWithCodeSpansForFunctionsAndSyscalls() {
    String expected =
        """
        **tid 100**

        - `newm` runtime/proc.go:2385 (go1.21.0)
          - `allocm` runtime/proc.go:1889 (go1.21.0)
            - `mcommoninit` runtime/proc.go:823 (go1.21.0) — m3 id=3, allm=[m3 m2 m1 m0]
          - `newm1` runtime/proc.go:2434 (go1.21.0)
            - `newosproc` runtime/os_linux.go:166 (go1.21.0)
              - `rt_sigprocmask(SIG_SETMASK, ~[], [], 8) = 0`
              - `clone(child_stack=0xc000100000, flags=CLONE_VM|CLONE_FS) = 101`
          - ↳ nextp=p1; sigmask=initSigmask

        **tid 101**

        - `mstart` runtime/asm_amd64.s (go1.21.0)
          - `gettid() = 101`

        **tid 100**

        - ↳ newm returned
        """;
    assertEquals(expected, MarkdownWalk.format(Events.newmShaped()));
  }

  @Test
  void aStretchStartingDeepStillRendersAsAListNotACodeBlock() {
    // The task resumes at depth 3 after another ran: its first item is level 0, and a jump of two
    // levels is drawn as one.
    String expected =
        """
        **tid 9**

        - `futex(0x7f00, FUTEX_WAIT, 2, NULL) = 0`
          - `b` b.c:2 (go1.21.0)
        - `a` a.c:1 (go1.21.0)
        """;
    assertEquals(
        expected,
        MarkdownWalk.format(
            new Events()
                .on(9)
                .syscall(3, "futex", "futex(0x7f00, FUTEX_WAIT, 2, NULL) = 0", 0)
                .call(5, "b.c", 2, "b")
                .call(3, "a.c", 1, "a")
                .list()));
  }

  @Test
  void codeSpansUseALongerFenceThanAnyBacktickRunInside() {
    assertEquals("`plain`", MarkdownWalk.code("plain"));
    assertEquals("``a`b``", MarkdownWalk.code("a`b"));
    assertEquals("``` ``x ```", MarkdownWalk.code("``x"));
  }

  @Test
  void runningTextEscapesEmphasisCodeLinksAndHtml() {
    assertEquals(
        "\\_\\_nptl_nthreads 1→2, \\*p, \\`x\\`, [a], [l\\](u), \\_x\\_, \\<b\\>",
        MarkdownWalk.escape("__nptl_nthreads 1→2, *p, `x`, [a], [l](u), _x_, <b>"));
  }
}
