package io.github.clonepath.lab.compare;

/**
 * One completed system call of a trace.
 *
 * @param pid the calling task
 * @param name the call's name
 * @param text the call as strace prints it after the pid and time, unfinished parts joined
 */
public record TraceLine(int pid, String name, String text) {}
