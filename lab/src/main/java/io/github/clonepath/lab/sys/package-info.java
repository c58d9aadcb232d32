/**
 * The system-call playground: {@code SysScript} reads one call (or {@code maps}) per line and
 * {@code SysRunner} makes the calls in one fresh single-threaded process, printing each as strace
 * prints it and the VMAs as {@code /proc/PID/maps} shows them.
 */
package io.github.clonepath.lab.sys;
