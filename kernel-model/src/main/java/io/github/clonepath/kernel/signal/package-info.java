/**
 * Signals: sending into the per-task or shared pending queue, waking the right thread, the default
 * actions, sigaction, the blocked mask, the alternate stack, and the parent notification at exit.
 * In reading order: {@code KernelSignal} ({@code kernel/signal.c}: {@code sig_ignored}, {@code
 * __send_signal_locked}, {@code complete_signal}, {@code signal_wake_up_state}, {@code get_signal},
 * {@code do_sigaction}, {@code do_notify_parent}); {@code Delivery} (what {@code get_signal}
 * decided, for the return to user mode in {@link io.github.clonepath.kernel.entry}).
 */
@NullMarked
package io.github.clonepath.kernel.signal;

import org.jspecify.annotations.NullMarked;
