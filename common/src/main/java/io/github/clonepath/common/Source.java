package io.github.clonepath.common;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as the model of one real function and says where to read that function.
 *
 * <p>Every method that records a call event through {@link Tracer#enter()} must carry this
 * annotation: the tracer reads it to print the reference beside each step of a walkthrough, and a
 * test fails for a modeled method without it or with a {@link #version()} that is not in {@link
 * Versions#KNOWN}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface Source {
  /** The file in the real tree, relative to its root: {@code kernel/fork.c}. */
  String file();

  /** The first line of the function's definition at {@link #version()}; 0 when not pinned. */
  int line() default 0;

  /** The real function's name: {@code copy_process}. */
  String function();

  /** The version the line refers to, one of {@link Versions#KNOWN}: {@code Linux 6.2}. */
  String version();
}
