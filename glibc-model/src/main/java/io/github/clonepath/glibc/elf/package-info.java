/**
 * The dynamic loader's part that a running process meets after start-up: {@code dlopen} of a shared
 * object ({@code elf/dl-open.c}), its search through the loader's cache ({@code elf/dl-cache.c}),
 * the mapping of its segments ({@code elf/dl-load.c}, {@code elf/dl-map-segments.h}) and its RELRO
 * protection ({@code elf/dl-reloc.c}). NPTL loads the unwinder, {@code libgcc_s.so.1}, this way the
 * first time a thread unwinds (pthread_exit, cancellation) or a thread is cancelled. Internal to
 * the glibc model.
 */
package io.github.clonepath.glibc.elf;
