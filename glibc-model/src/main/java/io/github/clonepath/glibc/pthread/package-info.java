/**
 * glibc's door: the pthread API (pthread_create, pthread_join, pthread_attr_*, ...) that programs
 * and the Go runtime's cgo and libc-thread paths call. Nothing else of the glibc model is visible.
 * Which type mirrors what of glibc, in reading order:
 *
 * <ol>
 *   <li>{@code Libc}: the functions of {@code sysdeps/nptl/pthread.h} the model offers, plus {@code
 *       fork} ({@code posix/unistd.h}), {@code posix_spawn} ({@code posix/spawn.h}), {@code exit}
 *       and {@code abort} ({@code stdlib/stdlib.h}); {@code PthreadCreateResult} is
 *       pthread_create's return value and its {@code *newthread} in one.
 *   <li>{@code PthreadAttr}: {@code struct pthread_attr} of {@code sysdeps/nptl/internaltypes.h}
 *       and the {@code nptl/pthread_attr_*.c} functions; {@code PthreadConstants}: {@code
 *       sysdeps/nptl/pthread.h} and {@code sysdeps/unix/sysv/linux/bits/pthread_stack_min.h}.
 *   <li>{@code StartRoutine}, {@code JoinNext}, {@code SpawnNext}, {@code ForkChild}: the start
 *       routine and the continuations of the calls that block.
 *   <li>{@code LibcConfig}, {@code GlibcVersion}: the release followed (2.31, 2.36, 2.41) and the
 *       limits and tunables a process starts with; {@code LibcFactory}: how {@code Libc.start}
 *       finds the model ({@code LibcFactoryHolder} looks it up once).
 *   <li>{@code ThreadStack}, {@code StackCacheInfo}: read-only views of a stack block and of the
 *       stack lists, for pictures and tests; not glibc types.
 * </ol>
 */
@NullMarked
package io.github.clonepath.glibc.pthread;

import org.jspecify.annotations.NullMarked;
