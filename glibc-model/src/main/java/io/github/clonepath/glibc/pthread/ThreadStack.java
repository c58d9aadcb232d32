package io.github.clonepath.glibc.pthread;

/**
 * Where one thread's stack block lies and how it is cut up, read-only, as {@code allocate_stack}
 * (nptl/allocatestack.c, glibc 2.36) cuts it: from the low end, the guard, the usable stack, the
 * static TLS, the TCB ({@code struct pthread}, at the thread pointer), and the alignment slack up
 * to the block's end.
 *
 * @param block the block's lowest address ({@code pd->stackblock})
 * @param blockSize its size, guard included ({@code pd->stackblock_size})
 * @param guard the guard's size at the low end ({@code pd->guardsize})
 * @param stackTop where the usable stack ends and the static TLS begins
 * @param tcb the thread pointer: the TCB's address, which is the {@code pthread_t}
 * @param tcbSize {@code TLS_TCB_SIZE}, the size of {@code struct pthread}
 */
public record ThreadStack(
    long block, long blockSize, long guard, long stackTop, long tcb, long tcbSize) {}
