package io.github.clonepath.kernel.mm;

import static io.github.clonepath.kernel.mm.VmFlags.VM_ACCOUNT;
import static io.github.clonepath.kernel.mm.VmFlags.VM_DONTCOPY;
import static io.github.clonepath.kernel.mm.VmFlags.VM_LOCKED;
import static io.github.clonepath.kernel.mm.VmFlags.VM_WIPEONFORK;
import static io.github.clonepath.kernel.syscall.Errno.ENOMEM;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;

/**
 * An address space's copy and teardown: {@code dup_mm} and {@code dup_mmap} ({@code kernel/fork.c})
 * and {@code exit_mmap} ({@code mm/mmap.c}).
 */
public final class MmFork {
  private MmFork() {}

  /**
   * {@code dup_mm} for a fork without CLONE_VM.
   *
   * @param oldmm the parent's address space
   * @param childEnv the child's environment, or null to reuse this one's
   * @return the copy (mm_users = 1, mm_count = 1), or null when its commit charge is refused
   */
  @Source(file = "kernel/fork.c", line = 1533, function = "dup_mm", version = "Linux 6.2")
  public static @Nullable MmStruct dupMm(MmStruct oldmm, @Nullable MmEnvironment childEnv) {
    try (Frame f = oldmm.tracer.enter()) {
      MmStruct mm = new MmStruct(oldmm, childEnv != null ? childEnv : oldmm.env);
      if (dupMmap(mm, oldmm) != 0) {
        mm.mmput();
        f.note("dup_mmap failed → ENOMEM");
        return null;
      }
      return mm;
    }
  }

  /**
   * Copies the VMAs: counters first, then each VMA except DONTFORK ones (subtracted again),
   * re-charging VM_ACCOUNT VMAs, giving a copied anon_vma a fresh child one, clearing VM_LOCKED;
   * private words are copied, shared objects shared, WIPEONFORK VMAs copied empty.
   */
  @Source(file = "kernel/fork.c", line = 581, function = "dup_mmap", version = "Linux 6.2")
  private static long dupMmap(MmStruct mm, MmStruct oldmm) {
    try (Frame f = oldmm.tracer.enter()) {
      mm.totalVm = oldmm.totalVm;
      mm.dataVm = oldmm.dataVm;
      mm.execVm = oldmm.execVm;
      mm.stackVm = oldmm.stackVm;
      for (Vma mpnt : oldmm.tree.all()) {
        if (mpnt.has(VM_DONTCOPY)) {
          Mmap.vmStatAccount(mm, mpnt.flags, -mpnt.pages());
          continue;
        }
        if (mpnt.has(VM_ACCOUNT) && !oldmm.env.vmEnoughMemory(mpnt.pages())) {
          return ENOMEM.result();
        }
        Vma tmp = mpnt.copy();
        if (tmp.has(VM_WIPEONFORK)) {
          tmp.anonVma = 0;
          tmp.anonVmaForked = false;
        } else if (mpnt.anonVma != 0) {
          tmp.anonVma = ++mm.lastAnonVma;
          tmp.anonVmaForked = true;
        }
        tmp.flags &= ~VM_LOCKED;
        mm.tree.insert(tmp);
        if (tmp.shmem == null && !tmp.has(VM_WIPEONFORK)) {
          mm.words.copy(oldmm.words, tmp.start, tmp.end);
          // copy_page_range: private pages are mapped in both, write-protected for copy-on-write
          mm.present.writeProtect(oldmm.present, tmp.start, tmp.end);
        }
      }
      if (f.recording()) {
        f.note("copied %d of %d VMAs", mm.mapCount(), oldmm.mapCount());
      }
      return 0;
    }
  }

  /** Unmaps every VMA and gives their commit charge back. */
  @Source(file = "mm/mmap.c", line = 3063, function = "exit_mmap", version = "Linux 6.2")
  static void exitMmap(MmStruct mm) {
    try (Frame f = mm.tracer.enter()) {
      long accounted = 0;
      int count = 0;
      for (Vma v : new ArrayList<>(mm.tree.all())) {
        if (v.has(VM_ACCOUNT)) {
          accounted += v.pages();
        }
        mm.tree.remove(v);
        Munmap.removeVmaRef(mm, v);
        count++;
      }
      mm.words.clear();
      mm.env.vmUnacct(accounted);
      mm.totalVm = 0;
      mm.dataVm = 0;
      mm.execVm = 0;
      mm.stackVm = 0;
      if (f.recording()) {
        f.note("removed %d VMAs, unaccounted %d pages", count, accounted);
      }
    }
  }
}
