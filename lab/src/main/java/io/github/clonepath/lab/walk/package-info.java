/**
 * Walkthroughs: the seed topics ({@code pthread_create}, {@code newm}, ...) that set up a machine
 * through the layers' doors, run a scenario with call tracing on and focus the machine-wide call
 * tree onto one thread's birth ({@link io.github.clonepath.lab.walk.Window}); and the views of an
 * event log as a walkthrough: the call tree of modeled functions, each with its source reference
 * and the state it changed, and the system calls at the kernel boundary in strace's syntax. Text
 * for terminals, Markdown for notes, JSON for tools, and a self-contained step-through page ({@link
 * io.github.clonepath.lab.walk.HtmlWalk}) with the model's state after every step and links to the
 * real sources ({@link io.github.clonepath.lab.walk.SourceLinks}).
 *
 * <p>The formatters are pure functions of {@link io.github.clonepath.common.TraceEvent}s: they hold
 * no model logic.
 */
package io.github.clonepath.lab.walk;
