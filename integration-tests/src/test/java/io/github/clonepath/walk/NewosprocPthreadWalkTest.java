package io.github.clonepath.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.clonepath.common.TraceEvent;
import io.github.clonepath.lab.walk.NewosprocPthreadTopic;
import io.github.clonepath.lab.walk.Variant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code walk newosproc-pthread} (seed 002, go1.14's libc-thread path): its reviewed golden file,
 * what each line stands for, and the real order on both threads.
 */
class NewosprocPthreadWalkTest {
  private static final String WALK = GoldenWalk.run("walk", "newosproc-pthread");

  /**
   * Every call line by the real function it stands for: newm1 → newosproc (the libc one) →
   * pthread_sigmask blocking all signals → pthread_create → allocate_stack (cache miss, mmap with
   * the kernel's mmap path, setup_stack_prot with mprotect's) → the first write fault →
   * create_thread → __clone_internal → clone3 into kernel_clone and the copy_* (docs/notes/glibc.md
   * §3, docs/notes/kernel.md §2) → pthread_sigmask restoring the mask; the new thread: start_thread
   * → mstart_stub → pthread_getattr_np (the stack bounds for g0) → mstart → mstart1 → minit →
   * acquirep.
   */
  private static final List<String> STANDS_FOR =
      Arrays.asList(
          """
          newm1 newosproc __pthread_sigmask __pthread_create_2_1 allocate_stack get_cached_stack
            sys_mmap ksys_mmap_pgoff vm_mmap_pgoff do_mmap get_unmapped_area
            arch_get_unmapped_area_topdown vm_unmapped_area mmap_region do_mas_munmap vma_expand
            setup_stack_prot do_mprotect_pkey mprotect_fixup vma_merge split_vma __split_vma
            split_vma __split_vma
          do_user_addr_fault __anon_vma_prepare
          create_thread __clone_internal do_user_addr_fault copy_clone_args_from_user
            clone3_args_valid kernel_clone copy_process dup_task_struct copy_creds copy_semundo
            copy_files copy_fs copy_sighand copy_signal copy_mm copy_namespaces copy_io copy_thread
            alloc_pid cgroup_can_fork wake_up_new_task
          __pthread_sigmask
          schedule_tail start_thread mstart_stub __pthread_getattr_np mstart mstart1 minit
            minitSignalStack minitSignalMask acquirep
          """
              .strip()
              .split("\\s+"));

  @Test
  void matchesTheReviewedGoldenFile() {
    GoldenWalk.assertMatches("walk-newosproc-pthread.txt", WALK);
  }

  @Test
  void eachCallLineStandsForTheRealFunctionReviewedAgainstTheNotes() {
    assertEquals(STANDS_FOR, GoldenWalk.callLines(WALK));
  }

  @Test
  void bothThreadsFollowTheRealOrder() {
    List<TraceEvent> events =
        new NewosprocPthreadTopic()
            .run(new Variant("go1.14", false, false, false, Optional.empty()));
    int parent = RealCallOrder.firstTidCalling(events, "newm1");
    int child = RealCallOrder.firstTidCalling(events, "mstart_stub");
    assertNotEquals(parent, child);
    RealCallOrder.assertFollows(events, parent, RealCallOrder.NEWOSPROC_PTHREAD_GO114);
    RealCallOrder.assertFollows(events, child, RealCallOrder.NEWOSPROC_PTHREAD_GO114_CHILD);
  }
}
