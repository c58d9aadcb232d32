package io.github.clonepath.common;

/**
 * A system call completed.
 *
 * <p>A call that blocked is recorded once, when it returns, with its whole text: the model does not
 * reproduce strace's {@code <unfinished ...>} split, which only reflects how two real threads
 * happened to interleave.
 *
 * @param time virtual time in nanoseconds when the call returned
 * @param tid the calling task
 * @param depth nesting depth of modeled calls at the call site
 * @param name the system call's name, such as {@code clone3}
 * @param text the call as strace 6.1 prints it after the pid, such as {@code gettid() = 1235}
 * @param result the raw return value: the result, or {@code -errno}
 */
public record SyscallEvent(long time, int tid, int depth, String name, String text, long result)
    implements TraceEvent {}
