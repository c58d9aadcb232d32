/**
 * The machine's scheduler: one run queue (FIFO, or seeded-random picks), sleeping states, a timer
 * queue in virtual time and the CPUs that compute time is spread over. No Java threads: a task runs
 * only when {@link io.github.clonepath.kernel.sched.Scheduler#run()} dispatches it, and it runs
 * until its user code blocks, yields or exits.
 */
@NullMarked
package io.github.clonepath.kernel.sched;

import org.jspecify.annotations.NullMarked;
