/**
 * The Go runtime's door: start a Go program, its goroutines and its options. Everything else of the
 * Go runtime model is internal. In reading order:
 *
 * <ol>
 *   <li>{@code GoProgram}: a goroutine's body, step by step, as the reference programs behave.
 *   <li>{@code GoOptions}, {@code GoVersion}: how the process starts (GOMAXPROCS, cgo, GODEBUG, the
 *       thread limit) and which release's call graph it follows.
 *   <li>{@code GoRuntime}: the process on a machine, from rt0_go on its main thread.
 *   <li>{@code GoResult}, {@code GoSnapshot}: how it ended and which threads it made, and the
 *       scheduler's state at one moment.
 * </ol>
 */
@NullMarked
package io.github.clonepath.goruntime;

import org.jspecify.annotations.NullMarked;
