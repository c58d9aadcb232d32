/**
 * The kernel's door: the system-call ABI that user space sees, and nothing else of the kernel.
 *
 * <p>Numbers, flag and errno constants, and the calls themselves as {@link
 * io.github.clonepath.kernel.syscall.UserContext} presents them to the user-space code of one task.
 * The glibc and Go-runtime layers reach the kernel only through this package; the module system and
 * the architecture tests both enforce that.
 */
@NullMarked
package io.github.clonepath.kernel.syscall;

import org.jspecify.annotations.NullMarked;
