/**
 * Futexes: hashed wait queues keyed by address space and address, FUTEX_WAIT/WAKE and their BITSET
 * forms, private and shared, with timeouts in virtual time. One class: {@code FutexTable} ({@code
 * futex_wait} and {@code futex_wake} of {@code kernel/futex/waitwake.c}, with the hash of {@code
 * kernel/futex/core.c}); the system call's decoding is {@code FutexCalls} in {@link
 * io.github.clonepath.kernel.entry}.
 */
@NullMarked
package io.github.clonepath.kernel.futex;

import org.jspecify.annotations.NullMarked;
