/**
 * The Go runtime's door: start a Go program, its goroutines and its options. Everything else of the
 * Go runtime model is internal.
 */
package io.github.clonepath.goruntime;
