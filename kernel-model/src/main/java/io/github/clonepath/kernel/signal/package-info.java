/**
 * Signals: sending into the per-task or shared pending queue, waking the right thread, the default
 * actions, sigaction, the blocked mask, the alternate stack, and the parent notification at exit.
 */
@NullMarked
package io.github.clonepath.kernel.signal;

import org.jspecify.annotations.NullMarked;
