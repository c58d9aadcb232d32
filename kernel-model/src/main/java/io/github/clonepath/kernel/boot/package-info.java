/**
 * Booting a machine: init (pid 1) and the login shell built as {@code start_kernel} and a shell's
 * fork and exec would leave them. In reading order: {@code KernelMachine} (the door's {@link
 * io.github.clonepath.kernel.syscall.Machine}: {@code rest_init} of {@code init/main.c}, {@code
 * begin_new_exec} of {@code fs/exec.c} and {@code load_elf_binary} of {@code fs/binfmt_elf.c} for
 * spawned programs, and the run loop); {@code KernelMachineFactory} (its ServiceLoader provider).
 */
@NullMarked
package io.github.clonepath.kernel.boot;

import org.jspecify.annotations.NullMarked;
