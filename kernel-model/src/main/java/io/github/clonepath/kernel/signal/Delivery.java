package io.github.clonepath.kernel.signal;

import io.github.clonepath.kernel.task.KSigaction;
import io.github.clonepath.kernel.task.SigInfo;

/**
 * What {@code get_signal} decided for a task returning to user space.
 *
 * @param sig the signal dequeued
 * @param action the action to run when it has a handler, else null
 * @param fatal whether the default action kills the thread group
 * @param info who sent it, as the handler's siginfo and strace's signal line show it
 */
public record Delivery(int sig, KSigaction action, boolean fatal, SigInfo info) {}
