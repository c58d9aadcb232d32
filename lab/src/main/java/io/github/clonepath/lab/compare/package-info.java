/**
 * A run held against a real capture: {@code StraceParser} reads {@code strace -f} output into
 * {@code TraceLine}s, {@code TraceComparator} compares each thread's own calls of a glibc program,
 * {@code GoTraceComparator} compares the thread births of a Go program, and both name addresses and
 * thread ids by first appearance ({@code TidNames}), since ASLR and the scheduler change them on
 * every real run.
 */
package io.github.clonepath.lab.compare;
