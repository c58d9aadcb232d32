/**
 * The Go runtime's door: start a Go program, its goroutines and its options. Everything else of the
 * Go runtime model is internal.
 */
@NullMarked
package io.github.clonepath.goruntime;

import org.jspecify.annotations.NullMarked;
