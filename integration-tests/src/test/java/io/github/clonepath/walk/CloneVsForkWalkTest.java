package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code walk clone-vs-fork}: its reviewed golden file, what each line stands for, and the
 * structure counts docs/notes/kernel.md §3 predicts for a thread and for a fork of a
 * single-threaded process.
 */
class CloneVsForkWalkTest {
  private static final String WALK = GoldenWalk.run("walk", "clone-vs-fork");

  /**
   * Every call line of the golden file, by the real function it stands for, in order. Reviewed
   * against docs/notes/kernel.md: §2a-2b (clone3 copies and checks its struct), §2f (copy_process:
   * dup_task_struct, copy_creds, then copy_semundo → copy_files → copy_fs → copy_sighand →
   * copy_signal → copy_mm → copy_namespaces → copy_io → copy_thread, alloc_pid, cgroup_can_fork),
   * §3 (dup_fd without FILES, dup_mm/dup_mmap without VM; release: exit_mm with mm_release's
   * clear_child_tid futex wake, then files, fs, and release_task's __exit_signal and
   * __cleanup_sighand).
   */
  private static final List<String> STANDS_FOR =
      Arrays.asList(
          """
          copy_clone_args_from_user clone3_args_valid
          kernel_clone copy_process dup_task_struct copy_creds copy_semundo copy_files copy_fs
            copy_sighand copy_signal copy_mm copy_namespaces copy_io copy_thread alloc_pid
            cgroup_can_fork do_user_addr_fault wake_up_new_task
          kernel_clone copy_process dup_task_struct copy_creds copy_semundo copy_files dup_fd
            copy_fs copy_sighand copy_signal copy_mm dup_mm dup_mmap copy_namespaces copy_io
            copy_thread alloc_pid cgroup_can_fork wake_up_new_task
          do_wait
          schedule_tail do_exit exit_mm mm_release do_user_addr_fault futex_wake
            complete_vfork_done mmput exit_files exit_fs exit_notify forget_original_parent
            release_task __exit_signal __cleanup_sighand
          schedule_tail do_user_addr_fault do_group_exit do_exit exit_mm mm_release
            complete_vfork_done mmput exit_mmap exit_files exit_fs exit_notify
            forget_original_parent do_notify_parent __send_signal_locked
          do_wait release_task __exit_signal __cleanup_sighand
          do_group_exit do_exit exit_mm mm_release complete_vfork_done mmput exit_mmap exit_files
            exit_fs exit_notify forget_original_parent do_notify_parent __send_signal_locked
            release_task __exit_signal __cleanup_sighand
          """
              .strip()
              .split("\\s+"));

  @Test
  void matchesTheReviewedGoldenFile() {
    GoldenWalk.assertMatches("walk-clone-vs-fork.txt", WALK);
  }

  @Test
  void eachCallLineStandsForTheRealFunctionReviewedAgainstTheNotes() {
    assertEquals(STANDS_FOR, GoldenWalk.callLines(WALK));
  }

  @Test
  void theThreadSharesAllFiveStructuresOfASingleThreadedProcess() {
    // docs/notes/kernel.md §3, flag set: mm_users++, users++, count++, count++, and the
    // signal_struct's
    // nr_threads, live and sigcnt each ++ — from 1 in a process with one thread.
    for (String note :
        List.of(
            "copy_files: shared, count 1→2",
            "copy_fs: shared, users 1→2",
            "copy_sighand: shared, count 1→2",
            "copy_mm: shared, mm_users 1→2",
            "nr_threads 1→2, live 1→2, sigcnt 1→2")) {
      assertTrue(WALK.contains(note), note);
    }
  }

  @Test
  void theForkCopiesAllFive() {
    // docs/notes/kernel.md §3, flag clear: new files (dup_fd), fs and sighand with count 1, a new
    // signal_struct with nr_threads = live = sigcnt = 1, and dup_mm.
    for (String note :
        List.of(
            "copy_files: copied",
            "copy_fs: copied",
            "copy_sighand: copied",
            "sigcnt 1, live 1, nr_threads 1",
            "copy_mm: dup_mm")) {
      assertTrue(WALK.contains(note), note);
    }
  }

  @Test
  void aFailedDupTaskStructMakesClone3ReturnEnomem() {
    // docs/notes/kernel.md §2f item 21: dup_task_struct fails → ENOMEM, before any copy_*.
    String walk = GoldenWalk.run("walk", "clone-vs-fork", "--fail", "clone3=ENOMEM");
    String clone3 = walk.lines().filter(l -> l.startsWith("clone3(")).findFirst().orElseThrow();
    assertTrue(clone3.endsWith(") = -1 ENOMEM (Cannot allocate memory)"), clone3);
    List<String> calls = GoldenWalk.callLines(walk.substring(0, walk.indexOf("\nclone3(")));
    assertEquals("dup_task_struct", calls.get(calls.indexOf("copy_process") + 1));
    assertTrue(
        calls.subList(calls.indexOf("dup_task_struct"), calls.size()).stream()
            .noneMatch(c -> c.startsWith("copy_")),
        "no copy_* runs once dup_task_struct failed: " + calls);
  }
}
