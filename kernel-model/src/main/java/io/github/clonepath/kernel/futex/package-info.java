/**
 * Futexes: hashed wait queues keyed by address space and address, FUTEX_WAIT/WAKE and their BITSET
 * forms, private and shared, with timeouts in virtual time.
 */
@NullMarked
package io.github.clonepath.kernel.futex;

import org.jspecify.annotations.NullMarked;
