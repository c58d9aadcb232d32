package io.github.clonepath.glibc.elf;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * elf/dl-open.c: {@code dlopen} as libc's own {@code __libc_dlopen_mode} uses it. One per process:
 * the objects it loaded stay (libc never closes the unwinder), and a second open of one returns it
 * without a system call.
 *
 * <p>DEVIATION: the loader's locks ({@code dl_load_lock}, {@code dl_load_tls_lock}) are not modeled
 * (uncontended, they make no system call); nor are constructors, TLS of the new object (libgcc_s
 * has none), audit, namespaces or errors beyond "not loaded".
 */
public final class DlOpen {
  private final DlCache cache = new DlCache();

  /** Each loaded object's {@code l_addr}, by its name. */
  private final Map<String, Long> loaded = new HashMap<>();

  /** A process's loader state: nothing dlopen'ed yet. */
  public DlOpen() {}

  /**
   * The forked child's copy: the same objects at the same addresses.
   *
   * @return the copy
   */
  public DlOpen forkCopy() {
    DlOpen c = new DlOpen();
    c.loaded.putAll(loaded);
    return c;
  }

  /**
   * {@code _dl_open}: map the object ({@code dl_open_worker_begin} → {@code _dl_map_object}),
   * relocate it ({@code _dl_relocate_object}, whose last step is the RELRO protection), and unmap
   * the loader's cache once all is done.
   *
   * @param ctx the calling thread
   * @param name the object's name, such as {@code libgcc_s.so.1}
   * @param malloc the calling thread's malloc
   * @param statbuf room for a {@code struct stat} (144 bytes) in the caller's memory, where the
   *     real loader has a local variable
   * @return the object's load address, or 0 when it cannot be loaded
   */
  @Source(file = "elf/dl-open.c", function = "_dl_open", version = "glibc 2.36")
  public long dlOpen(UserContext ctx, String name, Malloc malloc, long statbuf) {
    try (Frame f = ctx.tracer().enter()) {
      Long known = loaded.get(name);
      if (known != null) {
        return known;
      }
      DlLoad.@Nullable Mapped m = DlLoad.mapObject(ctx, cache, name, malloc, statbuf);
      long lAddr = 0;
      if (m != null) {
        lAddr = m.lAddr();
        DlReloc.protectRelro(ctx, m.file(), lAddr);
        loaded.put(name, lAddr);
      }
      cache.unloadCache(ctx);
      if (f.recording()) {
        f.note("dlopen(%s) → 0x%x", name, lAddr);
      }
      return lAddr;
    }
  }
}
