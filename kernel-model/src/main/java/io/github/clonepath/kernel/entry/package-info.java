/**
 * System-call entry and exit: the {@link io.github.clonepath.kernel.syscall.UserContext} of each
 * task, which checks and decodes arguments as the syscall wrappers do, calls into the kernel,
 * records the call in strace 6.1's text, and delivers pending signals before returning to user
 * code.
 */
@NullMarked
package io.github.clonepath.kernel.entry;

import org.jspecify.annotations.NullMarked;
