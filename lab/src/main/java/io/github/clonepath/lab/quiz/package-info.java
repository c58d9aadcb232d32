/**
 * Predict-then-check exercises graded by a run of the model: a seeded question, the answer the run
 * gives and the trace that proves it. {@code clonepath quiz} asks them on a terminal; a test can
 * make one with a fixed seed and check an answer with {@link
 * io.github.clonepath.lab.quiz.Exercise#check}.
 */
package io.github.clonepath.lab.quiz;
