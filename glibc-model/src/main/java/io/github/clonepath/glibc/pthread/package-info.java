/**
 * glibc's door: the pthread API (pthread_create, pthread_join, pthread_attr_*, ...) that programs
 * and the Go runtime's cgo and libc-thread paths call. Nothing else of the glibc model is visible.
 */
package io.github.clonepath.glibc.pthread;
