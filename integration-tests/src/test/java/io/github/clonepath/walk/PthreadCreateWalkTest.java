package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.lab.scenario.PthreadCreate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code walk pthread_create} (seed 004): its reviewed golden file, what each line stands for, and
 * the real call order of docs/notes/glibc.md §3 on both tasks.
 */
class PthreadCreateWalkTest {
  private static final String WALK = GoldenWalk.run("walk", "pthread_create");

  /**
   * Every call line of the golden file by the real function it stands for, reviewed against
   * docs/notes/glibc.md §3 (pthread_create: late_init for the first thread, allocate_stack with
   * get_cached_stack missing, then mmap and setup_stack_prot; all signals blocked; create_thread →
   * __clone_internal → clone3), docs/notes/kernel.md §2-§3 (clone3's copy and checks, kernel_clone,
   * copy_process and each copy_* in order), §3 and §7 of glibc.md (start_thread, its exit path with
   * advise_stack_range's MADV_DONTNEED, the kernel's clear_child_tid wake), §9 (join: wait on the
   * tid futex, __nptl_free_tcb → __nptl_deallocate_stack → queue_stack), and exit → exit_group. The
   * kernel's own helpers (mmap, mprotect, madvise internals, page faults) are the kernel model's
   * path under each system call.
   */
  private static final List<String> STANDS_FOR =
      Arrays.asList(
          """
          __pthread_create_2_1 late_init do_user_addr_fault do_sigaction
          allocate_stack get_cached_stack
            sys_mmap ksys_mmap_pgoff vm_mmap_pgoff do_mmap get_unmapped_area
            arch_get_unmapped_area_topdown vm_unmapped_area mmap_region do_mas_munmap vma_expand
            setup_stack_prot do_mprotect_pkey mprotect_fixup vma_merge split_vma __split_vma
          do_user_addr_fault __anon_vma_prepare
          create_thread __clone_internal do_user_addr_fault copy_clone_args_from_user
            clone3_args_valid
            kernel_clone copy_process dup_task_struct copy_creds copy_semundo copy_files copy_fs
            copy_sighand copy_signal copy_mm copy_namespaces copy_io copy_thread alloc_pid
            cgroup_can_fork wake_up_new_task
          __pthread_clockjoin_ex futex_wait
          schedule_tail start_thread start_thread
            advise_stack_range do_madvise madvise_walk_vmas madvise_vma_behavior
            madvise_dontneed_free madvise_vma_behavior madvise_dontneed_free
            do_exit exit_mm mm_release futex_wake complete_vfork_done mmput
            exit_files exit_fs exit_notify forget_original_parent release_task __exit_signal
            __cleanup_sighand
          __pthread_clockjoin_ex __nptl_free_tcb
            __nptl_deallocate_stack queue_stack
          exit do_group_exit do_exit exit_mm mm_release complete_vfork_done mmput exit_mmap
            exit_files exit_fs exit_notify forget_original_parent do_notify_parent
            __send_signal_locked release_task __exit_signal __cleanup_sighand
          """
              .strip()
              .split("\\s+"));

  @Test
  void matchesTheReviewedGoldenFile() {
    GoldenWalk.assertMatches("walk-pthread_create.txt", WALK);
  }

  @Test
  void eachCallLineStandsForTheRealFunctionReviewedAgainstTheNotes() {
    assertEquals(STANDS_FOR, GoldenWalk.callLines(WALK));
  }

  @Test
  void theCreatingThreadFollowsTheRealCallOrder() {
    List<TraceEvent> events = PthreadCreate.run(GlibcVersion.GLIBC_2_36, 1, false);
    int parent = RealCallOrder.firstTidCalling(events, "__pthread_create_2_1");
    assertEquals(
        Optional.empty(),
        RealCallOrder.mismatch(
            RealCallOrder.PTHREAD_CREATE_GLIBC236, RealCallOrder.functions(events, parent)));
  }

  @Test
  void theNewThreadFollowsTheRealCallOrder() {
    List<TraceEvent> events = PthreadCreate.run(GlibcVersion.GLIBC_2_36, 1, false);
    int child = RealCallOrder.firstTidCalling(events, "start_thread");
    assertEquals(
        Optional.empty(),
        RealCallOrder.mismatch(
            RealCallOrder.PTHREAD_CREATE_GLIBC236_CHILD, RealCallOrder.functions(events, child)));
  }

  @Test
  void aCacheHitReusesTheJoinedThreadsBlockWithoutMmap() {
    // docs/notes/glibc.md §6-§7: a default thread after a join reuses the cached block; no mmap.
    String walk = GoldenWalk.run("walk", "pthread_create", "--cache-hit");
    assertTrue(walk.contains("get_cached_stack: hit, reused a 8392704-byte block"), walk);
    assertTrue(walk.lines().noneMatch(l -> l.strip().startsWith("mmap(")), walk);
  }

  @Test
  void aFailedCloneIsEagainAndTheStackGoesBackToTheCache() {
    // docs/notes/glibc.md §8: ENOMEM from create_thread becomes EAGAIN (11); the creator still owns
    // the stack and frees it (into the cache).
    String walk = GoldenWalk.run("walk", "pthread_create", "--fail", "clone3=ENOMEM");
    assertTrue(walk.contains(") = -1 ENOMEM (Cannot allocate memory)"), walk);
    assertTrue(walk.contains("queue_stack"), walk);
    assertTrue(walk.contains("returns 11"), walk);
  }
}
