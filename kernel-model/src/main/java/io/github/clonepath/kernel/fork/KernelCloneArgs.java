package io.github.clonepath.kernel.fork;

/**
 * {@code struct kernel_clone_args}: what both entry points hand to {@code kernel_clone}.
 *
 * @param flags the CLONE_* bits (legacy: without the CSIGNAL byte)
 * @param pidfd where CLONE_PIDFD stores the fd (legacy: the parent_tid pointer)
 * @param childTid CHILD_SETTID / CHILD_CLEARTID pointer
 * @param parentTid PARENT_SETTID pointer
 * @param exitSignal the exit signal
 * @param stack the child's stack pointer (clone3: already stack + stack_size)
 * @param stackSize clone3's stack_size
 * @param tls the TLS value
 * @param setTid the set_tid numbers, innermost namespace first
 * @param cgroup the INTO_CGROUP directory fd
 */
public record KernelCloneArgs(
    long flags,
    long pidfd,
    long childTid,
    long parentTid,
    int exitSignal,
    long stack,
    long stackSize,
    long tls,
    int[] setTid,
    int cgroup) {}
