/**
 * One clone or clone3 call at a time, for checking a claim about the flags: {@code CloneCase} is
 * one line of a batch (an api word and its {@code struct clone_args} fields), {@code CaseRunner}
 * makes that call in a fresh single-threaded process and reports its result (errno or child), and
 * {@code CloneLab} makes one call with a report of the five structures (mm, fs, files, sighand,
 * signal) shared or copied, their counts before, after and once the child is gone.
 */
package io.github.clonepath.lab.clone;
