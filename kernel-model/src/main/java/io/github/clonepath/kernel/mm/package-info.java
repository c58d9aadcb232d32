/**
 * One x86-64 address space, each file beside the Linux 6.2 file it mirrors. In reading order:
 * {@link io.github.clonepath.kernel.mm.MmStruct} (the {@code mm_struct} state, {@code mmap_base}
 * from {@code arch/x86/mm/mmap.c}, {@code mmput}, the {@code /proc/PID/maps} view of {@code
 * fs/proc/task_mmu.c}); {@link io.github.clonepath.kernel.mm.Vma}, {@link
 * io.github.clonepath.kernel.mm.VmaTree} and {@link io.github.clonepath.kernel.mm.GapTree} (the
 * {@code vm_area_struct}s and the maple tree's role); {@link io.github.clonepath.kernel.mm.Mmap}
 * ({@code sys_mmap} to {@code mmap_region}, {@code mm/mmap.c}); {@link
 * io.github.clonepath.kernel.mm.UnmappedArea} (placement, {@code arch/x86/kernel/sys_x86_64.c});
 * {@link io.github.clonepath.kernel.mm.VmaMerge} ({@code vma_merge}, {@code __split_vma}); {@link
 * io.github.clonepath.kernel.mm.Munmap}; {@link io.github.clonepath.kernel.mm.Mprotect} ({@code
 * mm/mprotect.c}); {@link io.github.clonepath.kernel.mm.Madvise} ({@code mm/madvise.c}); {@link
 * io.github.clonepath.kernel.mm.Memory} (faults, {@code arch/x86/mm/fault.c}, and the user words,
 * kept one page array each by {@link io.github.clonepath.kernel.mm.PageWords}, and the pages the
 * page tables map, {@link io.github.clonepath.kernel.mm.PresentPages}); {@link
 * io.github.clonepath.kernel.mm.MmFork} ({@code dup_mm}/{@code dup_mmap} of {@code kernel/fork.c},
 * {@code exit_mmap}); {@link io.github.clonepath.kernel.mm.MmEnvironment} and {@link
 * io.github.clonepath.kernel.mm.StandardMmEnvironment} (limits and the commit charge of {@code
 * mm/util.c}'s {@code __vm_enough_memory}); {@link io.github.clonepath.kernel.mm.Shmem} (the shared
 * anonymous object of {@code mm/shmem.c}); {@link io.github.clonepath.kernel.mm.VmFlags}.
 */
@NullMarked
package io.github.clonepath.kernel.mm;

import org.jspecify.annotations.NullMarked;
