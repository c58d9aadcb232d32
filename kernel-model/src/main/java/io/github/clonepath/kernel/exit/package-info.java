/**
 * Task exit and reaping: {@code do_exit} releasing the structures in the kernel's order, {@code
 * exit_notify} with reparenting, {@code release_task}, and {@code wait4}/{@code waitid}.
 */
@NullMarked
package io.github.clonepath.kernel.exit;

import org.jspecify.annotations.NullMarked;
