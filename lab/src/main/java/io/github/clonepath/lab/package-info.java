/**
 * The lab as a library: {@link io.github.clonepath.lab.Lab} runs a scenario ({@link
 * io.github.clonepath.lab.RunOptions}, {@link io.github.clonepath.lab.ScenarioRun}), compares it
 * with a real strace capture ({@link io.github.clonepath.lab.Verdict}), walks through a thread's
 * birth ({@link io.github.clonepath.lab.Walk}) and draws model state ({@link
 * io.github.clonepath.lab.DiagramFormat}). The {@code clonepath} commands are wiring over these
 * calls, so a JUnit test in another project checks exactly what the command line prints.
 */
package io.github.clonepath.lab;
