/**
 * Task creation: the clone and clone3 entry points, {@code kernel_clone}, and {@code copy_process}
 * with its checks and copy steps in the order of {@code kernel/fork.c}.
 */
@NullMarked
package io.github.clonepath.kernel.fork;

import org.jspecify.annotations.NullMarked;
