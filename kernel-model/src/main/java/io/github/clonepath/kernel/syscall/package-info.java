/**
 * The kernel's door: the system-call ABI that user space sees, and nothing else of the kernel.
 *
 * <p>Numbers, flag and errno constants, and the calls themselves as {@link
 * io.github.clonepath.kernel.syscall.UserContext} presents them to the user-space code of one task.
 * The glibc and Go-runtime layers reach the kernel only through this package; the module system and
 * the architecture tests both enforce that. Which type mirrors what, in reading order:
 *
 * <ol>
 *   <li>{@code Machine}, {@code MachineConfig}, {@code MachineFactory}: one simulated computer and
 *       how it boots ({@code MachineFactoryHolder} looks the factory up once); {@code Budget},
 *       {@code BudgetExceeded}, {@code Chooser}, {@code FailPoint}: the model's controls (no kernel
 *       counterpart); {@code Image}: the {@code PT_LOAD} segments an exec maps.
 *   <li>{@code UserContext}: the calls, one method per system call; {@code Continuation}, {@code
 *       SignalHandler}, {@code UserFault}: user code after a blocking call, at a handler address,
 *       and a bad access.
 *   <li>The uapi headers: {@code CloneFlags} ({@code include/uapi/linux/sched.h}), {@code Errno}
 *       ({@code include/uapi/asm-generic/errno*.h}), {@code Signals} ({@code
 *       include/uapi/asm-generic/signal.h}), {@code Futex} ({@code include/uapi/linux/futex.h}),
 *       {@code Wait} ({@code include/uapi/linux/wait.h}), {@code Prot}, {@code MapFlags} and {@code
 *       Madvise} ({@code include/uapi/asm-generic/mman*.h}), {@code Fcntl} ({@code
 *       include/uapi/asm-generic/fcntl.h}), {@code Rlimits} ({@code
 *       include/uapi/asm-generic/resource.h}), {@code Abi} (the rest of the x86-64 ABI).
 *   <li>strace 6.1's text: {@code Strace}, {@code FlagText}, {@code MmFormat}.
 *   <li>Read-only views for pictures and tests: {@code Snapshot}, {@code TaskInfo}, {@code
 *       StructInfo}, {@code VmaInfo}; not kernel types.
 * </ol>
 */
@NullMarked
package io.github.clonepath.kernel.syscall;

import org.jspecify.annotations.NullMarked;
