package io.github.clonepath.lab.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The text view, checked against output written by hand from the format's rules: names padded to
 * the widest indented name (here " mcommoninit", 15 characters) plus two spaces.
 */
class TextWalkTest {

  @Test
  void printsAnIndentedTreeWithReferencesNotesSyscallsAndTaskHeaders() {
    String expected =
        """
        == tid 100 ==
        newm             runtime/proc.go:2385 (go1.21.0)
          allocm         runtime/proc.go:1889 (go1.21.0)
            mcommoninit  runtime/proc.go:823 (go1.21.0)  — m3 id=3, allm=[m3 m2 m1 m0]
          newm1          runtime/proc.go:2434 (go1.21.0)
            newosproc    runtime/os_linux.go:166 (go1.21.0)
              rt_sigprocmask(SIG_SETMASK, ~[], [], 8) = 0
              clone(child_stack=0xc000100000, flags=CLONE_VM|CLONE_FS) = 101
          ↳ nextp=p1; sigmask=initSigmask
        == tid 101 ==
        mstart           runtime/asm_amd64.s (go1.21.0)
          gettid() = 101
        == tid 100 ==
          ↳ newm returned
        """;
    assertEquals(expected, TextWalk.format(Events.newmShaped()));
  }

  @Test
  void notesOfOneCallJoinItsLineWhileNothingElseIsPrinted() {
    String expected =
        """
        == tid 5 ==
        copy_files  kernel/fork.c:1745 (go1.21.0)  — shared; count 2→3
        """;
    assertEquals(
        expected,
        TextWalk.format(
            new Events()
                .on(5)
                .call(0, "kernel/fork.c", 1745, "copy_files")
                .note(0, "shared")
                .note(0, "count 2→3")
                .list()));
  }

  @Test
  void identicalCallsThatChangeNothingCollapseIntoOneCountedLine() {
    // Three faults in a row, then a fourth that records a note: the note belongs to the fourth
    // alone, so the run splits into "×3" and a line of its own.
    String expected =
        """
        == tid 5 ==
        copy_clone_args_from_user  kernel/fork.c (go1.21.0)
          do_user_addr_fault ×3    arch/x86/mm/fault.c (go1.21.0)
          do_user_addr_fault       arch/x86/mm/fault.c (go1.21.0)  — anon page
        """;
    Events e = new Events().on(5).call(0, "kernel/fork.c", 0, "copy_clone_args_from_user");
    for (int i = 0; i < 4; i++) {
      e.call(1, "arch/x86/mm/fault.c", 0, "do_user_addr_fault");
    }
    assertEquals(expected, TextWalk.format(e.note(1, "anon page").list()));
  }

  @Test
  void anEmptyLogPrintsNothing() {
    assertEquals("", TextWalk.format(List.of()));
  }

  @Test
  void theFormatEnumDispatchesToEachView() {
    assertEquals(TextWalk.format(Events.newmShaped()), WalkFormat.TEXT.format(Events.newmShaped()));
    assertEquals(
        MarkdownWalk.format(Events.newmShaped()), WalkFormat.MARKDOWN.format(Events.newmShaped()));
    assertEquals(JsonWalk.format(Events.newmShaped()), WalkFormat.JSON.format(Events.newmShaped()));
  }
}
