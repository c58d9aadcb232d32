package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.elf.DlOpen;
import io.github.clonepath.kernel.syscall.UserContext;

/**
 * misc/unwind-link.c: libc does not link the unwinder; the first thread that needs it (to unwind in
 * pthread_exit or cancellation, or pthread_cancel checking that cancellation can work) dlopens
 * {@code libgcc_s.so.1} under a lock, and every later caller finds it loaded: one load per process,
 * whatever thread asks. The dlopen's mallocs are the calling thread's, so a thread other than main
 * that never malloc'd before makes (or takes) its malloc arena here.
 *
 * <p>DEVIATION: the lock ({@code __libc_lock}) is not modeled: uncontended, it makes no system
 * call, and the model runs one task at a time; the {@code dlsym}s of the unwinder's entry points
 * make no system call and are not modeled.
 */
final class UnwindLink {
  /** {@code LIBGCC_S_SO}. */
  static final String LIBGCC_S_SO = "libgcc_s.so.1";

  /** Where in the caller's scratch the loader's {@code struct stat} goes (144 bytes fit). */
  private static final long STATBUF = 0x100;

  private final DlOpen dl;
  private final MallocArena arenas;

  /** {@code global_libgcc_handle}: the unwinder's load address, 0 until it is loaded. */
  long libgcc;

  UnwindLink(DlOpen dl, MallocArena arenas) {
    this.dl = dl;
    this.arenas = arenas;
  }

  /**
   * {@code __libc_unwind_link_get}: the loaded unwinder, loading it on first use.
   *
   * @return its load address, or 0 when it cannot be loaded (the callers' fatal error)
   */
  @Source(file = "misc/unwind-link.c", function = "__libc_unwind_link_get", version = "glibc 2.36")
  long libcUnwindLinkGet(UserContext ctx, Tcb self) {
    if (libgcc != 0) {
      return libgcc;
    }
    try (Frame f = ctx.tracer().enter()) {
      libgcc =
          dl.dlOpen(
              ctx,
              LIBGCC_S_SO,
              (c, bytes) -> arenas.arenaGet(c, self, MallocArena.TCACHE_BYTES),
              self.scratch + STATBUF);
      if (f.recording()) {
        f.note("unwinder loaded at 0x%x", libgcc);
      }
      return libgcc;
    }
  }
}
