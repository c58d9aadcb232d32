/**
 * Views of a run's event log as a walkthrough: the call tree of modeled functions, each with its
 * source reference and the state it changed, and the system calls at the kernel boundary in
 * strace's syntax. Text for terminals, Markdown for notes, JSON for tools.
 *
 * <p>These are pure formatters over {@link io.github.clonepath.common.TraceEvent}s: they hold no
 * model logic, so every layer's tests can print or check a walkthrough without the command line.
 */
package io.github.clonepath.common.walk;
