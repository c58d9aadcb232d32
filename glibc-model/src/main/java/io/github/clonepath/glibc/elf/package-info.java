/**
 * The dynamic loader's part that a running process meets after start-up, read beside glibc 2.36's
 * {@code elf/}: NPTL loads the unwinder, {@code libgcc_s.so.1}, this way the first time a thread
 * unwinds (pthread_exit, cancellation) or a thread is cancelled. Internal to the glibc model. In
 * reading order:
 *
 * <ol>
 *   <li>{@code DlOpen}: {@code elf/dl-open.c} ({@code _dl_open}: map, relocate, unload the cache).
 *   <li>{@code DlLoad}: {@code elf/dl-load.c} ({@code _dl_map_object}, {@code
 *       _dl_map_object_from_fd}) and {@code elf/dl-map-segments.h} ({@code _dl_map_segments}).
 *   <li>{@code DlCache}: {@code elf/dl-cache.c} ({@code _dl_load_cache_lookup}, {@code
 *       _dl_unload_cache}) and {@code _dl_sysdep_read_whole_file} of {@code elf/dl-misc.c}.
 *   <li>{@code DlReloc}: {@code _dl_protect_relro} of {@code elf/dl-reloc.c}.
 *   <li>{@code ElfFile}: the program headers the loader reads, as data of the reference build;
 *       {@code Malloc}: the loader's mallocs, handed to the calling thread's arena.
 * </ol>
 */
@NullMarked
package io.github.clonepath.glibc.elf;

import org.jspecify.annotations.NullMarked;
