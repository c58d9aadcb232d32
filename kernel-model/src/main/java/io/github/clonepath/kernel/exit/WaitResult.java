package io.github.clonepath.kernel.exit;

/**
 * What a successful wait found.
 *
 * @param pid the child's pid as the waiter sees it
 * @param status the wait status ({@code code << 8}, or the killing signal)
 * @param uid the child's real uid
 */
public record WaitResult(int pid, int status, int uid) {}
