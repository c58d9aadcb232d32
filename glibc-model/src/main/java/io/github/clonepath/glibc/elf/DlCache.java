package io.github.clonepath.glibc.elf;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Fcntl;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.Prot;
import io.github.clonepath.kernel.syscall.UserContext;
import org.jspecify.annotations.Nullable;

/**
 * elf/dl-cache.c: the loader's cache of library paths, {@code /etc/ld.so.cache}, mapped whole and
 * read-only while a search needs it, and unmapped when the load is done ({@code _dl_unload_cache};
 * start-up did the same, so every dlopen maps it afresh).
 *
 * <p>DEVIATION: the cache's contents are not modeled: a name is found when the model knows its file
 * ({@link ElfFile}).
 */
final class DlCache {
  static final String LD_SO_CACHE = "/etc/ld.so.cache";

  /** The mapped cache, 0 while it is not mapped. */
  private long cache;

  /** Its size, as fstat gave it when it was mapped. */
  private long cacheSize;

  /**
   * {@code _dl_load_cache_lookup}: map the cache if it is not (open, size, a private read-only
   * mapping, close), look the name up, and hand back a malloc'd copy of the path found ({@code
   * __strdup}), the first malloc a dlopen makes.
   *
   * @return the object's file, or null when the cache cannot be read or has no such name
   */
  @Source(file = "elf/dl-cache.c", function = "_dl_load_cache_lookup", version = "glibc 2.36")
  @Nullable ElfFile loadCacheLookup(UserContext ctx, String name, Malloc malloc, long statbuf) {
    try (Frame f = ctx.tracer().enter()) {
      if (cache == 0) {
        cache = sysdepReadWholeFile(ctx, statbuf);
        if (cache == 0) {
          if (f.recording()) {
            f.note("no loader cache: %s not found through it", name);
          }
          return null;
        }
      }
      @Nullable ElfFile found = name.equals("libgcc_s.so.1") ? ElfFile.LIBGCC_S : null;
      if (found == null) {
        return null;
      }
      malloc.malloc(ctx, found.path().length() + 1);
      if (f.recording()) {
        f.note("cache: %s → %s", name, found.path());
      }
      return found;
    }
  }

  /** {@code _dl_sysdep_read_whole_file}: open, stat for the size, map it all, close. */
  @Source(file = "elf/dl-misc.c", function = "_dl_sysdep_read_whole_file", version = "glibc 2.36")
  private long sysdepReadWholeFile(UserContext ctx, long statbuf) {
    long fd = ctx.openat(Fcntl.AT_FDCWD, LD_SO_CACHE, Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0);
    if (Errno.isError(fd)) {
      return 0;
    }
    long r = Errno.EBADF.result();
    if (ctx.newfstatat((int) fd, "", statbuf, Fcntl.AT_EMPTY_PATH) == 0) {
      cacheSize = ctx.load64(statbuf + 48);
      r = ctx.mmap(0, cacheSize, Prot.PROT_READ, MapFlags.MAP_PRIVATE, (int) fd, 0);
    }
    ctx.close((int) fd);
    return Errno.isError(r) ? 0 : r;
  }

  /** {@code _dl_unload_cache}: the cache's mapping goes once a load is over. */
  @Source(file = "elf/dl-cache.c", function = "_dl_unload_cache", version = "glibc 2.36")
  void unloadCache(UserContext ctx) {
    if (cache != 0) {
      ctx.munmap(cache, cacheSize);
      cache = 0;
    }
  }
}
