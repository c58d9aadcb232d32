package io.github.clonepath.glibc.elf;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.Fcntl;
import io.github.clonepath.kernel.syscall.MapFlags;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * elf/dl-load.c and elf/dl-map-segments.h: finding a shared object and mapping it. A name without a
 * slash is searched through the loader's cache; the file is opened and its ELF header checked
 * ({@code open_verify}); then {@code _dl_map_segments} reserves the whole span of its PT_LOADs with
 * one mapping of the file at the first segment's protection, and maps every later segment over it
 * at its place ({@code MAP_FIXED}), with {@code MAP_DENYWRITE} on all of them. A segment whose zero
 * fill (bss) reaches past its last file page gets an anonymous mapping for the rest; the partial
 * page is zeroed in place (no system call).
 *
 * <p>DEVIATION: the ELF header is not read (the model keeps no file contents: the {@code read} of
 * its first 832 bytes is not modeled; the trace filter of the captures leaves it out); the program
 * headers are {@link ElfFile} data; no link map is built (no search of already-loaded objects by
 * name, no RPATH, RUNPATH or LD_LIBRARY_PATH, no dependencies: libgcc_s.so.1 needs only libc.so.6,
 * loaded already); holes between segments are not modeled (the modeled object has none).
 */
final class DlLoad {
  private static final long PAGE = 4096;

  private DlLoad() {}

  /**
   * An object in place.
   *
   * @param file what was mapped
   * @param lAddr its load address
   */
  record Mapped(ElfFile file, long lAddr) {}

  private static long down(long v) {
    return v & -PAGE;
  }

  private static long up(long v) {
    return (v + PAGE - 1) & -PAGE;
  }

  /**
   * {@code _dl_map_object} for a name without a slash: the cache's path, then the file mapped.
   *
   * @return the object's file and load address ({@code l_addr}), or null when it cannot be loaded
   */
  @Source(file = "elf/dl-load.c", function = "_dl_map_object", version = "glibc 2.36")
  static @Nullable Mapped mapObject(
      UserContext ctx, DlCache cache, String name, Malloc malloc, long statbuf) {
    try (Frame f = ctx.tracer().enter()) {
      ElfFile file = cache.loadCacheLookup(ctx, name, malloc, statbuf);
      if (file == null) {
        return null;
      }
      long fd = ctx.openat(Fcntl.AT_FDCWD, file.path(), Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0);
      if (Errno.isError(fd)) {
        if (f.recording()) {
          f.note("open_verify: %s: %s", file.path(), Errno.ofResult(fd));
        }
        return null;
      }
      long base = mapObjectFromFd(ctx, file, (int) fd, statbuf);
      if (f.recording()) {
        f.note("%s at 0x%x", file.path(), base);
      }
      return base == 0 ? null : new Mapped(file, base);
    }
  }

  /**
   * {@code _dl_map_object_from_fd}: the file's identity ({@code _dl_get_file_id}: fstat), the
   * segments mapped, then the descriptor closed.
   */
  @Source(file = "elf/dl-load.c", function = "_dl_map_object_from_fd", version = "glibc 2.36")
  private static long mapObjectFromFd(UserContext ctx, ElfFile file, int fd, long statbuf) {
    if (ctx.newfstatat(fd, "", statbuf, Fcntl.AT_EMPTY_PATH) != 0) {
      ctx.close(fd);
      return 0;
    }
    long base = mapSegments(ctx, file.loads(), fd);
    ctx.close(fd);
    return base;
  }

  /**
   * {@code _dl_map_segments}: one mapping the size of the whole span (first segment's start to the
   * last one's end of memory), then each later segment fixed at its place, then the zero fill.
   *
   * @return the load address, or 0 when a mapping fails
   */
  @Source(file = "elf/dl-map-segments.h", function = "_dl_map_segments", version = "glibc 2.36")
  static long mapSegments(UserContext ctx, List<ElfFile.Load> loads, int fd) {
    try (Frame f = ctx.tracer().enter()) {
      ElfFile.Load first = loads.get(0);
      ElfFile.Load last = loads.get(loads.size() - 1);
      long mapstart = down(first.vaddr());
      long maplength = last.vaddr() + last.memsz() - mapstart;
      int flags = MapFlags.MAP_PRIVATE | MapFlags.MAP_DENYWRITE;
      long start = ctx.mmap(0, maplength, first.prot(), flags, fd, down(first.offset()));
      if (Errno.isError(start)) {
        return 0;
      }
      long lAddr = start - mapstart;
      for (int i = 0; i < loads.size(); i++) {
        ElfFile.Load c = loads.get(i);
        long segStart = down(c.vaddr());
        long segEnd = up(c.vaddr() + c.filesz());
        // the first segment is already in place: the span's mapping starts with it
        if (i > 0) {
          long r =
              ctx.mmap(
                  lAddr + segStart,
                  segEnd - segStart,
                  c.prot(),
                  flags | MapFlags.MAP_FIXED,
                  fd,
                  down(c.offset()));
          if (Errno.isError(r)) {
            return 0;
          }
        }
        long zeroPage = up(lAddr + c.vaddr() + c.filesz());
        long zeroEnd = up(lAddr + c.vaddr() + c.memsz());
        // bss past the last file page: anonymous zero pages
        if (c.memsz() > c.filesz() && zeroEnd > zeroPage) {
          long r =
              ctx.mmap(
                  zeroPage,
                  zeroEnd - zeroPage,
                  c.prot(),
                  MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS | MapFlags.MAP_FIXED,
                  -1,
                  0);
          if (Errno.isError(r)) {
            return 0;
          }
        }
      }
      if (f.recording()) {
        f.note("mapped %d segments at l_addr 0x%x", loads.size(), lAddr);
      }
      return lAddr;
    }
  }
}
