package io.github.clonepath.glibc.elf;

import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * elf/dl-reloc.c: after an object's relocations are applied, its RELRO range (the GOT and the data
 * the loader wrote) becomes read-only.
 *
 * <p>DEVIATION: the relocations themselves are not modeled (no symbols, no GOT contents); only
 * their one system call, the RELRO {@code mprotect}, is.
 */
final class DlReloc {
  private DlReloc() {}

  /**
   * {@code _dl_protect_relro}: the whole pages of the RELRO range, rounded down at both ends (the
   * partial last page stays writable with the data after it), made read-only.
   */
  @Source(file = "elf/dl-reloc.c", function = "_dl_protect_relro", version = "glibc 2.36")
  static void protectRelro(UserContext ctx, ElfFile file, long lAddr) {
    long start = (lAddr + file.relroAddr()) & -4096L;
    long end = (lAddr + file.relroAddr() + file.relroSize()) & -4096L;
    if (start != end) {
      ctx.mprotect(start, end - start, Prot.PROT_READ);
    }
  }
}
